import { OpenAiCompatibleProvider } from "../../../src/cloud/openai-compatible-provider";
import { OpenAiProtocolServer } from "../../support/openai-protocol-server";
import { TEST_KEY, type ProviderHarness } from "./provider-harness";

/** The openai SDK against the OpenAI-protocol server (key checked, one known model). */
export const openAiHarness: ProviderHarness = {
  name: "openai",
  model: "gpt-4o-mini",
  async start() {
    const server = await OpenAiProtocolServer.start({ apiKey: TEST_KEY, models: ["gpt-4o-mini"] });
    return {
      get url() {
        return server.url;
      },
      get requests() {
        return server.requests;
      },
      calls: () => server.requests.filter((entry) => entry.path.endsWith("/chat/completions")),
      enqueue: (...replies) => server.enqueue(...replies),
      onRequest: (handler) =>
        server.onRequest(
          handler &&
            ((info) =>
              handler({
                ...info,
                request: {
                  model: info.request.model,
                  text: info.request.messages.map((message) => String(message.content)).join("\n"),
                },
              })),
        ),
      waitFor: (predicate, timeoutMs) => server.waitFor(predicate, timeoutMs),
      reset: () => server.reset(),
      close: () => server.close(),
    };
  },
  provider(server, options = {}) {
    return new OpenAiCompatibleProvider({
      apiKey: options.apiKey ?? TEST_KEY,
      model: options.model ?? "gpt-4o-mini",
      baseUrl: `${server.url}/v1`,
      timeoutMs: options.timeoutMs ?? 5_000,
      maxRetries: options.maxRetries,
    });
  },
};
