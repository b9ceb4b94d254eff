#!/usr/bin/env node
// Runs the built JavaScript (dist-node/, made by `npm run build` and before `npm pack`). In a
// clone that has not been built yet it falls back to compiling the TypeScript with tsx (a
// devDependency), so `npm test` and a fresh clone work without a build step.
// EXCEL_SLM_FROM_SOURCE=1 forces the sources: the test suite sets it so it always tests the code
// as it is, never a stale build (the package test runs the built files on purpose).
import { existsSync } from "node:fs";

const built = new URL("../dist-node/cli.js", import.meta.url);
const fromSource = process.env.EXCEL_SLM_FROM_SOURCE === "1" || !existsSync(built);
if (fromSource) {
  const { register } = await import("tsx/esm/api");
  register();
}
const entry = (built, source) => new URL(fromSource ? source : built, import.meta.url).href;

const argv = process.argv.slice(2);
if (argv[0] === "serve") {
  // The server is its own room (the CLI may not import it), so the dispatch happens here.
  const { serve } = await import(entry("../dist-node/serve.js", "../server/serve.ts"));
  const code = await serve(argv.slice(1));
  if (code !== undefined) process.exitCode = code;
} else {
  const { runCli } = await import(entry("../dist-node/cli.js", "../src/cli/main.ts"));
  process.exitCode = await runCli(argv, {
    stdout: (text) => process.stdout.write(text + "\n"),
    stderr: (text) => process.stderr.write(text + "\n"),
  });
}
