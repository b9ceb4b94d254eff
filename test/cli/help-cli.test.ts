import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";

/** What a person typing a command gets when they ask for help, wherever they put the flag. */
async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("asking excel-slm for help", () => {
  it("prints one command's help for `help <command>`, `<command> --help` and a --help after its options", async () => {
    for (const args of [
      ["help", "classify"],
      ["classify", "--help"],
      ["classify", "x.xlsx", "--labels", "a,b", "-h"],
    ]) {
      const run = await cli(args);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.stdout).toMatch(/^excel-slm classify <workbook\.xlsx>/);
    }
  });

  it("prints the full help for --help among options given before any command", async () => {
    const run = await cli(["--model", "qwen2.5:3b", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^excel-slm \S+: local-first AI/);
  });

  it("says options come after the command when one is put first, and exits 2", async () => {
    const run = await cli(["--model", "qwen2.5:3b", "classify"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Options come after the command");
    expect(run.stderr).not.toContain('Unknown command "--model"');
  });
});
