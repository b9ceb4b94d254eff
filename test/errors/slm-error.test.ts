import { describe, expect, it } from "vitest";
import { errorClass, errorKindOf, SlmError } from "../../src/errors/slm-error";
import { LlmError } from "../../src/llm/errors";
import { CloudError } from "../../src/cloud/cloud-errors";
import { exitCodeFor, UsageError } from "../../src/cli/cli-errors";
import { AddressError } from "../../src/sheet/a1";
import { WriteRefused } from "../../src/sheet/cell-write";
import { NothingToReportError } from "../../src/report/report-model";

describe("one error type with kinds", () => {
  it("sorts every error a user can meet by its kind, not its name", () => {
    expect(errorClass(new AddressError("bad address"))).toBe("input");
    expect(errorClass(new NothingToReportError("no rows"))).toBe("input");
    expect(errorClass(new LlmError("timeout", "slow"))).toBe("unavailable");
    expect(errorClass(new LlmError("bad-request", "empty prompt"))).toBe("input");
    expect(errorClass(new LlmError("bad-output", "off schema"))).toBe("model-output");
    expect(errorClass(new CloudError("auth", "wrong key"))).toBe("unavailable");
    expect(errorClass(new SlmError("needs-consent", "approve first"))).toBe("needs-answer");
    expect(errorClass(new Error("disk full"))).toBe("other");
  });

  it("treats the platform's abort as a cancellation whatever threw it", () => {
    const abort = new DOMException("The operation was aborted.", "AbortError");
    expect(errorClass(abort)).toBe("cancelled");
    expect(errorKindOf(abort)).toBe("cancelled");
  });

  it("does not trust a borrowed name: an Error calling itself InputError is not an input problem", () => {
    const impostor = new Error("looks like input");
    impostor.name = "InputError";
    expect(errorClass(impostor)).toBe("other");
    expect(exitCodeFor(impostor)).toBe(1);
  });

  it("maps to the CLI's exit codes: 2 input, 3 service, 1 other", () => {
    expect(exitCodeFor(new UsageError("--sheet is required"))).toBe(2);
    expect(
      exitCodeFor(new WriteRefused("occupied", "not empty", { nonEmpty: 1, examples: [] } as never)),
    ).toBe(2);
    expect(exitCodeFor(new LlmError("unreachable", "no Ollama"))).toBe(3);
    expect(exitCodeFor(new LlmError("cancelled", "stopped"))).toBe(1);
    expect(exitCodeFor(new LlmError("bad-output", "junk"))).toBe(1);
  });
});
