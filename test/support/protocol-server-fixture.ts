import { afterAll, beforeAll, beforeEach } from "vitest";
import { OllamaProtocolServer } from "./ollama-protocol-server";

/**
 * One Ollama protocol server for a describe block: started before its tests, reset before each
 * (recorded requests and scripted replies) and closed after. Call it first in the block so the reset
 * runs before the block's own beforeEach scripts the server. Returns a getter, because the server
 * only exists once beforeAll has run.
 */
export function useOllamaProtocolServer(): () => OllamaProtocolServer {
  let server: OllamaProtocolServer | undefined;
  beforeAll(async () => {
    server = await OllamaProtocolServer.start();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server!.reset();
  });
  return () => server!;
}
