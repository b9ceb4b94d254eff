import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    exclude: ["test/browser/**", "node_modules/**"],
    setupFiles: ["test/support/custom-functions-globals.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    // bin/excel-slm.js runs the built dist-node/ when present; the suites test the sources as they
    // are, never a stale build (test/package/ runs the built, installed package on purpose).
    env: { EXCEL_SLM_FROM_SOURCE: "1" },
  },
});
