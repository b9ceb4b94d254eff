import { AnthropicProvider } from "../../../src/cloud/anthropic-provider";
import { AnthropicProtocolServer } from "../../support/anthropic-protocol-server";
import { TEST_KEY, type ProviderHarness } from "./provider-harness";

/** The Anthropic SDK against the Anthropic-protocol server (key checked, one known model). */
export const anthropicHarness: ProviderHarness = {
  name: "anthropic",
  model: "claude-haiku-4-5",
  async start() {
    const server = await AnthropicProtocolServer.start({ apiKey: TEST_KEY, models: ["claude-haiku-4-5"] });
    return {
      get url() {
        return server.url;
      },
      get requests() {
        return server.requests;
      },
      calls: () => server.requests.filter((entry) => entry.path === "/v1/messages"),
      enqueue: (...replies) => server.enqueue(...replies),
      onRequest: (handler) =>
        server.onRequest(
          handler &&
            ((info) =>
              handler({
                ...info,
                request: {
                  model: info.request.model,
                  text: [
                    info.request.system,
                    ...info.request.messages.map((message) => String(message.content)),
                  ].join("\n"),
                },
              })),
        ),
      waitFor: (predicate, timeoutMs) => server.waitFor(predicate, timeoutMs),
      reset: () => server.reset(),
      close: () => server.close(),
    };
  },
  provider(server, options = {}) {
    return new AnthropicProvider({
      apiKey: options.apiKey ?? TEST_KEY,
      model: options.model ?? "claude-haiku-4-5",
      baseUrl: server.url,
      timeoutMs: options.timeoutMs ?? 5_000,
      maxRetries: options.maxRetries,
    });
  },
};
