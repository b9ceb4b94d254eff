import { defineConfig } from "vitest/config";

// Browser tests: the built task pane (dist/) served by our HTTPS server, driven in Debian's
// Chromium through playwright-core, inside the fake Office of test/browser/pane-harness.ts.
// Run after `npm run build` (npm test builds). Files run one at a time: each starts its own
// Chromium and servers, and CI has two cores.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    // A test opens a fresh browser context per page (~1 s) and may wait on scripted model latency.
    testTimeout: 60_000,
    // beforeAll starts the Ollama protocol server, the HTTPS server and Chromium, and bundles the fake Office.
    hookTimeout: 90_000,
    pool: "forks",
    fileParallelism: false,
  },
});
