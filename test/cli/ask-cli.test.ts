import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { OllamaProtocolServer } from "../support/ollama-protocol-server";
import { OpenAiProtocolServer } from "../support/openai-protocol-server";
import { closedPortUrl } from "../support/network";
import { HTML_APP_PAGE, HTML_NOT_FOUND, ImpostorServer } from "../support/ollama-protocol-impostor";
import { runCli } from "../support/processes";
import { writeSalesWorkbook } from "../support/workbooks";

/** A workbook whose Notes!A1:B801 is about 20,000 tokens: more than the CLI's 8,192-token local window. */
async function writeNotesWorkbook(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "slm-ask-cloud-"));
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Notes");
  sheet.addRow(["Ticket", "Note"]);
  for (let i = 1; i <= 800; i++) {
    sheet.addRow([
      i,
      `Ticket ${i}: the customer reports that the invoice total does not match the order lines`,
    ]);
  }
  const file = path.join(dir, "notes.xlsx");
  await book.xlsx.writeFile(file);
  return { dir, file };
}

describe("npx excel-slm ask", () => {
  let ollama: OllamaProtocolServer;
  let workbook: string;

  beforeAll(async () => {
    ollama = await OllamaProtocolServer.start();
    workbook = await writeSalesWorkbook();
  });
  afterAll(async () => {
    await ollama.close();
  });
  beforeEach(() => ollama.reset());

  it("prints the model's answer about a range as one JSON object", async () => {
    ollama.enqueue({ content: '{"answer":"West leads every month; total revenue is 11,125."}' });
    const result = await runCli([
      "ask",
      workbook,
      "--ask",
      "Summarise",
      "--range",
      "Data!A1:C10",
      "--ollama",
      ollama.url,
      "--json",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      ok: true,
      command: "ask",
      answer: "West leads every month; total revenue is 11,125.",
      model: "qwen2.5:3b",
      range: "Data!A1:C10",
      contextRowsSent: 9,
      contextRowsTotal: 9,
    });
    expect(json.wallMs).toBeGreaterThanOrEqual(0);
    const prompt = (ollama.requests.at(-1)?.body as { messages: { content: string }[] }).messages.at(
      -1,
    )?.content;
    expect(prompt).toContain("2105");
    expect(prompt).toContain("Summarise");
  });

  it("prints plain text without --json and reads OLLAMA_HOST and SLM_MODEL", async () => {
    ollama.enqueue({ content: '{"answer":"Nine rows."}' });
    const result = await runCli(["ask", workbook, "--ask", "How many rows?"], {
      OLLAMA_HOST: ollama.url,
      SLM_MODEL: "qwen2.5:3b",
    });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe("Nine rows.");
  });

  it("exits 3 with one clear line when nothing listens at --ollama", async () => {
    const result = await runCli([
      "ask",
      workbook,
      "--ask",
      "Summarise",
      "--ollama",
      await closedPortUrl(),
      "--json",
    ]);
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^excel-slm: Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+.*ollama serve/,
    );
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      exitCode: 3,
      error: { kind: "unreachable" },
    });
  });

  it('under --escalate ask without --yes, says consent is needed and how to give it (not policy "never")', async () => {
    const { dir, file } = await writeNotesWorkbook();
    const key = "sk-cli-ask-consent";
    const cloud = await OpenAiProtocolServer.start({ apiKey: key, models: ["gpt-4o-mini"] });
    try {
      const args = [
        "ask",
        file,
        "--ask",
        "What are the tickets about?",
        "--range",
        "Notes!A1:B801",
        "--ollama",
        ollama.url,
        "--cloud",
        "openai",
        "--cloud-url",
        `${cloud.url}/v1`,
        "--escalate",
        "ask",
      ];
      const env = { SLM_CLOUD_API_KEY: key, SLM_HOME: dir };
      ollama.enqueue(
        { content: '{"answer":"Invoice mismatches."}' },
        { content: '{"answer":"Invoice mismatches."}' },
      );
      const json = await runCli([...args, "--json"], env);
      expect(json.code, json.stderr).toBe(0);
      const result = JSON.parse(json.stdout);
      expect(result).toMatchObject({
        source: "local",
        route: { route: "local", trigger: "context-overflow" },
      });
      const reasons = (result.route.reasons as string[]).join(" ");
      expect(reasons).toMatch(/needs your consent under --escalate ask/);
      expect(reasons).toMatch(/rerun with --yes/);
      expect(reasons).toMatch(/--escalate auto/);
      expect(reasons).not.toMatch(/policy "never"/);

      // Plain text: the partial answer says it is partial, and why.
      const text = await runCli(args, env);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(
        /^Invoice mismatches\.\n\(Answered by the local model from \d+ of 800 rows\./,
      );
      expect(text.stdout).toMatch(/needs your consent under --escalate ask.*--yes.*--escalate auto/);
      expect(cloud.requests).toHaveLength(0);
    } finally {
      await cloud.close();
    }
  }, 90_000);

  it("exits 3 saying the connection dropped while Ollama was answering, when every answer is cut off", async () => {
    ollama.onChat(() => ({ dropConnection: true, contentBefore: '{"answer":"West leads' }));
    const result = await runCli(["ask", workbook, "--ask", "Summarise", "--ollama", ollama.url, "--json"]);
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^excel-slm: The connection dropped while Ollama was answering \("qwen2\.5:3b" at /,
    );
    expect(lines[0]).not.toMatch(/not reachable/);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      exitCode: 3,
      error: { kind: "stream-error" },
    });
    // Retried like any dropped connection before giving up.
    expect(ollama.requests.filter((r) => r.path === "/api/chat").length).toBeGreaterThan(1);
  }, 30_000);

  it("exits 3 naming the address as not Ollama when a web server answers there (200 or 404)", async () => {
    for (const reply of [HTML_NOT_FOUND, HTML_APP_PAGE]) {
      const impostor = await ImpostorServer.start(reply);
      try {
        const result = await runCli(["ask", workbook, "--ask", "Summarise", "--ollama", impostor.url]);
        expect(result.code).toBe(3);
        const lines = result.stderr.trim().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`excel-slm: The server at ${impostor.url} is not Ollama`);
        expect(lines[0]).toContain(`(HTTP ${reply.status})`);
        expect(lines[0]).toMatch(/--ollama\) and check the port/);
        expect(lines[0]).not.toMatch(/<html|ollama pull|not reachable/i);
      } finally {
        await impostor.close();
      }
    }
  }, 30_000);

  it("exits 3 and names `ollama pull` for an unknown model", async () => {
    const result = await runCli([
      "ask",
      workbook,
      "--ask",
      "Summarise",
      "--ollama",
      ollama.url,
      "--model",
      "phi9:mini",
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toMatch(/ollama pull phi9:mini/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 for a bad range, a missing sheet, a missing file and a missing --ask", async () => {
    const badRange = await runCli([
      "ask",
      workbook,
      "--ask",
      "x",
      "--range",
      "Data!A1:",
      "--ollama",
      ollama.url,
    ]);
    expect(badRange.code).toBe(2);
    expect(badRange.stderr).toMatch(/not a valid A1 address/);

    const noSheet = await runCli([
      "ask",
      workbook,
      "--ask",
      "x",
      "--range",
      "Sales!A1:B2",
      "--ollama",
      ollama.url,
    ]);
    expect(noSheet.code).toBe(2);
    expect(noSheet.stderr).toMatch(/Sales/);
    expect(noSheet.stderr).toMatch(/Data/);

    const noFile = await runCli(["ask", "missing.xlsx", "--ask", "x", "--ollama", ollama.url]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/missing\.xlsx/);

    const noAsk = await runCli(["ask", workbook, "--ollama", ollama.url]);
    expect(noAsk.code).toBe(2);
    expect(noAsk.stderr).toMatch(/--ask is required/);
    expect(ollama.requests.filter((r) => r.path === "/api/chat")).toHaveLength(0);
  });

  it("exits 2 for an unknown command or option", async () => {
    const unknown = await runCli(["summarise", workbook]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "summarise". Available: ask/);
    const badOption = await runCli(["ask", workbook, "--ask", "x", "--colour", "red"]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/colour/);
  });

  it("sends a range too large for the local model's context to the cloud model under --escalate auto", async () => {
    const { dir, file } = await writeNotesWorkbook();
    const key = "sk-cli-ask-escalation";
    const cloud = await OpenAiProtocolServer.start({ apiKey: key, models: ["gpt-4o-mini"] });
    try {
      cloud.enqueue({ value: { answer: "Invoice mismatches, throughout." } });
      const result = await runCli(
        [
          "ask",
          file,
          "--ask",
          "What are the tickets about?",
          "--range",
          "Notes!A1:B801",
          "--ollama",
          ollama.url,
          "--cloud",
          "openai",
          "--cloud-url",
          `${cloud.url}/v1`,
          "--escalate",
          "auto",
          "--json",
        ],
        { SLM_CLOUD_API_KEY: key, SLM_HOME: dir },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        answer: "Invoice mismatches, throughout.",
        source: "cloud",
        route: { route: "cloud", trigger: "context-overflow" },
        contextRowsSent: 800,
      });
      expect(ollama.requests.filter((request) => request.path === "/api/chat")).toHaveLength(0);
    } finally {
      await cloud.close();
    }
  }, 30_000);
});
