import { describe, expect, it } from "vitest";
import { settingsFromFlags } from "../../src/cli/cli-settings";
import { UsageError } from "../../src/cli/cli-errors";
import { defaultSettings } from "../../src/settings/settings";

describe("CLI flags are the add-in's settings", () => {
  it("uses the add-in's defaults when no flag is given", () => {
    expect(settingsFromFlags({}, {})).toEqual(defaultSettings());
  });

  it("takes the model from SLM_MODEL, and a flag over it", () => {
    expect(settingsFromFlags({}, { SLM_MODEL: "llama3.2:3b" }).model).toBe("llama3.2:3b");
    expect(settingsFromFlags({ model: "phi4-mini" }, { SLM_MODEL: "llama3.2:3b" }).model).toBe("phi4-mini");
  });

  it("parses numbers and the abstain label the way the Settings tab does", () => {
    const settings = settingsFromFlags(
      { timeout: "60", "num-ctx": "16384", threshold: "0.7", "abstain-label": "CHECK" },
      {},
    );
    expect(settings).toMatchObject({
      requestTimeoutSec: 60,
      numCtx: 16384,
      confidenceThreshold: 0.7,
      abstainLabel: "CHECK",
    });
  });

  it.each([
    ["timeout", "soon", /--timeout "soon" is not allowed.*e\.g\. --timeout 60/],
    ["timeout", "0", /--timeout "0" is not allowed/],
    ["threshold", "1.5", /--threshold "1.5" is not allowed.*default 0.5/],
    ["num-ctx", "", /--num-ctx "" is not allowed/],
    ["abstain-label", "", /--abstain-label "" is not allowed/],
  ])("refuses --%s %j with a message that says what and how", (flag, value, message) => {
    const run = () => settingsFromFlags({ [flag]: value }, {});
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });
});
