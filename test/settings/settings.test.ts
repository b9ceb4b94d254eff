import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/settings/key-value-store";
import {
  MODEL_TASKS,
  SETTINGS_KEY,
  defaultSettings,
  loadSettings,
  modelFor,
  saveSettings,
} from "../../src/settings/settings";

describe("per-task models", () => {
  it("uses the default model for every task until one is chosen", () => {
    const settings = defaultSettings();
    expect(settings.taskModels).toEqual({});
    for (const task of MODEL_TASKS) expect(modelFor(settings, task)).toBe("qwen2.5:3b");
  });

  it("uses a task's own model when set, the default for the others", () => {
    const settings = { ...defaultSettings(), model: "qwen2.5:3b", taskModels: { formula: "qwen2.5:14b" } };
    expect(modelFor(settings, "formula")).toBe("qwen2.5:14b");
    expect(modelFor(settings, "classify")).toBe("qwen2.5:3b");
  });

  it("round-trips through the per-user store", async () => {
    const store = new MemoryStore();
    await saveSettings(store, {
      ...defaultSettings(),
      taskModels: { classify: "gemma3:1b", report: "qwen3:8b" },
    });
    const loaded = await loadSettings(store);
    expect(loaded.taskModels).toEqual({ classify: "gemma3:1b", report: "qwen3:8b" });
  });

  it("keeps the valid choices when a stored entry is stale or damaged", async () => {
    const store = new MemoryStore();
    await store.setItem(
      SETTINGS_KEY,
      JSON.stringify({
        model: "llama3.2:3b",
        taskModels: { explain: "qwen3:8b", summarize: "x", extract: "", ask: 7 },
      }),
    );
    const loaded = await loadSettings(store);
    expect(loaded.model).toBe("llama3.2:3b");
    expect(loaded.taskModels).toEqual({ explain: "qwen3:8b" });
  });

  it("falls back to no overrides when the stored value is not an object", async () => {
    const store = new MemoryStore();
    await store.setItem(SETTINGS_KEY, JSON.stringify({ taskModels: ["qwen3:8b"] }));
    expect((await loadSettings(store)).taskModels).toEqual({});
  });

  it("gives each load its own object, so editing one copy cannot change the defaults", () => {
    const first = defaultSettings();
    first.taskModels.formula = "edited";
    expect(defaultSettings().taskModels).toEqual({});
  });
});
