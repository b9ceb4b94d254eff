import { defineConfig } from "vitest/config";

// Browser tests: the built task pane (dist/) served by our HTTPS server, driven in Debian's
// Chromium through playwright-core. Run after `npm run build` (npm test builds).
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: "forks",
    fileParallelism: false,
  },
});
