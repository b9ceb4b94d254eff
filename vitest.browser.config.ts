import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser tests: the built task pane (dist/) served by our HTTPS server, driven in Debian's
// Chromium through playwright-core, inside the fake Office of test/browser/pane-harness.ts.
// Run after `npm run build` (npm test builds). Files run one at a time: each starts its own
// Chromium and servers, and CI has two cores.
export default defineConfig(({ mode }) => {
  // A test run must not rewrite tracked files: screenshots go to a temp folder unless the docs are
  // being updated (`npm run screenshots` = --mode screenshots; SLM_UPDATE_SCREENSHOTS=1 also works).
  // Decided here, once per run, and handed to every test file's worker (pane-harness reads it).
  const updateDocs = mode === "screenshots" || process.env.SLM_UPDATE_SCREENSHOTS === "1";
  const screenshots = updateDocs
    ? path.join(path.dirname(fileURLToPath(import.meta.url)), "docs", "screenshots")
    : path.join(os.tmpdir(), "excel-slm-screenshots");
  mkdirSync(screenshots, { recursive: true });
  console.log(
    `Browser-test screenshots: ${screenshots}` +
      (updateDocs ? "" : " (`npm run screenshots` writes them into docs/screenshots/)"),
  );
  return {
    test: {
      include: ["test/browser/**/*.test.ts"],
      // A test opens a fresh browser context per page (~1 s) and may wait on scripted model latency.
      testTimeout: 60_000,
      // beforeAll starts the Ollama protocol server, the HTTPS server and Chromium, and bundles the fake Office.
      hookTimeout: 90_000,
      pool: "forks",
      fileParallelism: false,
      env: { SLM_SCREENSHOTS_DIR: screenshots },
    },
  };
});
