/**
 * Bundles the CLI (src/cli/main.ts) and the server (server/serve.ts) into dist-node/ as plain
 * JavaScript, so `excel-slm` and `excel-slm serve` start without compiling TypeScript.
 *
 * esbuild (already installed: tsx runs on it) rather than tsup: one API call does it, and tsup
 * would add a dependency for options we do not use. ESM with code splitting, so every command
 * and the cloud SDKs stay separate chunks loaded on first use. Pure-JS dependencies (exceljs,
 * ollama, the SDKs, zod, echarts, ...) are bundled: the installed package needs no copy of them
 * (exceljs, echarts and the SDKs are 130 MB in node_modules, a few MB bundled). What stays
 * external is what is read from disk at run time (resvg's .wasm) or run as its own tool
 * (office-addin-dev-certs, whose `npx office-addin-dev-certs install` the server advises). The
 * chart font is copied into dist-node/assets/ with its licence: the charts use one 0.7 MB face of
 * a 12 MB font package, which therefore is not a runtime dependency.
 */
import { build, type Plugin } from "esbuild";
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHART_FONT_FILE, CHART_FONT_MODULE } from "../src/host/node/chart-font";

const require = createRequire(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const NODE_BUILD_DIR = path.join(root, "dist-node");

/** Runtime dependencies left to node_modules; package.json's `dependencies` must list exactly these. */
export const EXTERNAL = ["@resvg/resvg-wasm", "office-addin-dev-certs"];

/** Files the built CLI reads at run time, copied from node_modules into dist-node/assets/. */
const ASSETS: Array<[from: string, to: string]> = [
  [CHART_FONT_MODULE, CHART_FONT_FILE],
  ["dejavu-fonts-ttf/LICENSE", "DejaVu-LICENSE.txt"],
];

/**
 * chart-images.ts loads echarts' single-file CommonJS build through createRequire, which a bundler
 * cannot see; in the bundle the same module comes from the bundled ESM build instead.
 */
const bundledEcharts: Plugin = {
  name: "bundled-echarts",
  setup(context) {
    context.onResolve({ filter: /\/echarts-module$/ }, () => ({
      path: path.join(root, "scripts", "echarts-bundled.ts"),
    }));
  },
};

export async function buildNode(): Promise<void> {
  await rm(NODE_BUILD_DIR, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: "src/cli/main.ts", serve: "server/serve.ts" },
    outdir: NODE_BUILD_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    minify: true,
    // Bundled CommonJS packages call require(); ESM output has none unless we make one.
    banner: {
      js: 'import { createRequire as __slmRequire } from "node:module"; const require = __slmRequire(import.meta.url);',
    },
    chunkNames: "chunks/[name]-[hash]",
    external: EXTERNAL,
    plugins: [bundledEcharts],
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
  });
  await mkdir(path.join(NODE_BUILD_DIR, "assets"));
  for (const [from, to] of ASSETS)
    await copyFile(require.resolve(from), path.join(NODE_BUILD_DIR, "assets", to));
  // Which modules each output holds: the package test checks that the entry carries no engine code.
  await writeFile(path.join(NODE_BUILD_DIR, "meta.json"), JSON.stringify(result.metafile));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildNode();
}
