/**
 * `npm run build [-- --url https://addin.example.com/]`: the add-in (webpack: dist/, with the
 * manifest rendered for --url or ADDIN_PUBLIC_URL, default https://localhost:3000) and the CLI and
 * server (esbuild: dist-node/). `prepack` runs it, so a packed tarball always holds both.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { buildNode } from "./build-node";

const { values } = parseArgs({ options: { url: { type: "string" } }, strict: true });
const env = { ...process.env };
if (values.url) {
  const url = new URL(values.url);
  if (url.protocol !== "https:") {
    console.error(`--url must be https (Office loads add-ins only over HTTPS): ${values.url}`);
    process.exit(2);
  }
  env.ADDIN_PUBLIC_URL = url.href;
}
const webpackCli = createRequire(import.meta.url).resolve("webpack-cli/bin/cli.js");
const webpack = spawnSync(process.execPath, [webpackCli, "--mode", "production"], { stdio: "inherit", env });
if (webpack.status !== 0) process.exit(webpack.status ?? 1);
await buildNode();
