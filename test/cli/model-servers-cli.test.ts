import { afterAll, beforeAll, describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { mkdtemp, rm } from "node:fs/promises";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { OpenAiProtocolServer } from "../support/openai-protocol-server";
import { runCli } from "../support/processes";
import { keywordLabeller } from "../support/scripted-models";
import { readColumn, writeTicketsWorkbook } from "../support/workbooks";

/** Each runCli is a fresh Node process compiling the CLI with tsx: generous per test, as in bulk-cli.test.ts. */
const CLI_RUN_MS = 60_000;
const chat = (server: OllamaProtocolServer) => server.requests.filter((r) => r.path === "/api/chat");

function tickets(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? `refund ticket ${i}` : `crash report ${i}`));
}

describe("bulk commands on several model servers", () => {
  let dir: string;
  const servers: OllamaProtocolServer[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "slm-pool-"));
    for (let i = 0; i < 2; i++) {
      const server = await OllamaProtocolServer.start({ latency: { perRequestMs: 5 } });
      server.onChat(keywordLabeller({ refund: "billing", crash: "bug" }, "other"));
      servers.push(server);
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    "--ollama URL1,URL2 sends requests to both servers and fills every cell; a rerun with --cache says it resumes",
    async () => {
      const texts = tickets(2000);
      const workbook = await writeTicketsWorkbook(texts);
      const out = path.join(dir, "pool.xlsx");
      const cache = path.join(dir, "cache");
      const urls = servers.map((server) => server.url).join(",");
      const args = ["classify", workbook, "--range", "Data!B2:B2001", "--labels", "billing,bug,other"];
      const run = await runCli([...args, "--ollama", urls, "--out", out, "--cache", cache, "--json"]);
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout);
      expect(summary).toMatchObject({ results: 2000, failed: 0, unanswered: [] });
      expect(chat(servers[0]!).length).toBeGreaterThan(0);
      expect(chat(servers[1]!).length).toBeGreaterThan(0);
      const labels = await readColumn(out, "Data", "C", 2000);
      texts.forEach((text, i) => expect(labels[i]).toBe(text.startsWith("refund") ? "billing" : "bug"));

      const again = await runCli([...args, "--ollama", urls, "--out", out, "--overwrite", "--cache", cache]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain("resuming: 2,000 of 2,000 cells already answered");
    },
    2 * CLI_RUN_MS,
  );

  it(
    "refuses servers that serve different models",
    async () => {
      const other = await OllamaProtocolServer.start({ models: ["llama3.2:3b"] });
      try {
        const workbook = await writeTicketsWorkbook(tickets(4));
        const run = await runCli([
          "classify",
          workbook,
          "--range",
          "Data!B2:B5",
          "--labels",
          "billing,bug",
          "--ollama",
          `${servers[0]!.url},${other.url}`,
          "--out",
          path.join(dir, "mixed.xlsx"),
        ]);
        expect(run.code).not.toBe(0);
        expect(run.stderr).toContain("mixing models would mix answers");
        expect(chat(other)).toHaveLength(0);
      } finally {
        await other.close();
      }
    },
    CLI_RUN_MS,
  );

  it(
    "--local-openai URL/v1 classifies against an OpenAI-compatible server",
    async () => {
      const server = await OpenAiProtocolServer.start({ models: ["qwen2.5:3b"] });
      try {
        server.onRequest(({ request }) => {
          const user = String(request.messages.at(-1)?.content ?? "");
          const answers = user
            .split("\n")
            .filter((line) => /^\d+\. /.test(line))
            .map((line) => (line.includes("refund") ? "billing" : "bug"));
          return { value: { answers } };
        });
        const texts = tickets(40);
        const workbook = await writeTicketsWorkbook(texts);
        const out = path.join(dir, "openai.xlsx");
        const run = await runCli([
          "classify",
          workbook,
          "--range",
          "Data!B2:B41",
          "--labels",
          "billing,bug",
          "--local-openai",
          server.baseUrl,
          "--out",
          out,
          "--json",
        ]);
        expect(run.code, run.stderr).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({ results: 40, failed: 0 });
        expect(server.chatRequests().length).toBeGreaterThan(0);
        const labels = await readColumn(out, "Data", "C", 40);
        texts.forEach((text, i) => expect(labels[i]).toBe(text.startsWith("refund") ? "billing" : "bug"));
      } finally {
        await server.close();
      }
    },
    CLI_RUN_MS,
  );
});
