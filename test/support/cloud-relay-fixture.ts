import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CloudService } from "../../server/cloud-service";
import type { CloudPolicy } from "../../src/routing/cloud-policy";
import { OpenAiProtocolServer } from "./openai-protocol-server";

/**
 * The local server's cloud side as a user would have set it up: a CloudService in a temporary
 * SLM_HOME whose provider is the OpenAI protocol server (model gpt-4o-mini), with its key stored
 * and the given policy. Pass `service` to startPaneHarness or startAddinServer.
 */
export interface CloudRelayFixture {
  cloud: OpenAiProtocolServer;
  service: CloudService;
  home: string;
  key: string;
  close(): Promise<void>;
}

export async function startCloudRelay(key: string, policy: Partial<CloudPolicy>): Promise<CloudRelayFixture> {
  const cloud = await OpenAiProtocolServer.start({ apiKey: key, models: ["gpt-4o-mini"] });
  const home = await mkdtemp(path.join(os.tmpdir(), "slm-cloud-relay-"));
  const service = await CloudService.open(home, undefined);
  await service.configure({
    provider: {
      kind: "openai-compatible",
      model: "gpt-4o-mini",
      baseUrl: `${cloud.url}/v1`,
      timeoutSec: 10,
      maxOutputTokens: 1000,
    },
    policy,
  });
  await service.setKey(key);
  return {
    cloud,
    service,
    home,
    key,
    async close() {
      await cloud.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
