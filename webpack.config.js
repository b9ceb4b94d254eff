// Builds the one page Excel loads for the task pane, the custom functions and the ribbon
// (shared runtime): taskpane.html carries both the taskpane and functions chunks, or cells
// would hang at #BUSY!. functions.json is generated from the JSDoc in functions/functions.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import HtmlWebpackPlugin from "html-webpack-plugin";
import CopyWebpackPlugin from "copy-webpack-plugin";
import CustomFunctionsMetadataPlugin from "custom-functions-metadata-plugin";
import { renderManifest, TEMPLATE_ORIGIN } from "./scripts/manifest-template.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));
// Where the add-in is hosted in production (`npm run build -- --url https://…` sets it); the
// manifest template's https://localhost:3000 is replaced by it.
const PUBLIC_URL = process.env.ADDIN_PUBLIC_URL || TEMPLATE_ORIGIN;

export default (env = {}, argv = {}) => {
  const production = argv.mode !== "development";
  // `--env eager`: every entry self-contained, dynamic imports inlined: the layout before code
  // splitting, built only as the in-run baseline of `npm run bench -- bundle`. Never ship it.
  const eager = Boolean(env.eager);
  return {
    mode: production ? "production" : "development",
    devtool: production ? false : "source-map",
    entry: {
      functions: "./functions/functions.ts",
      taskpane: "./taskpane/index.tsx",
    },
    output: {
      path: path.join(root, "dist"),
      filename: "[name].js",
      // Lazy chunks (the tokenizer, the formula engine, the report) load from wherever the page's
      // own scripts came from, so the same build works on localhost and behind ADDIN_PUBLIC_URL.
      chunkFilename: "[id].[contenthash:8].js",
      publicPath: "auto",
      asyncChunks: !eager,
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          // Type-checking is `npm run typecheck` (tsc --noEmit), part of `npm test`.
          use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { noEmit: false } } },
        },
        {
          // The cloud providers do nothing on import, so a page that uses only the provider settings
          // schema (the Settings view) does not carry the OpenAI SDK: the relay server makes the calls.
          test: /[\\/]src[\\/]cloud[\\/]/,
          sideEffects: false,
        },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: "./functions/functions.ts" }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./taskpane/taskpane.html",
        chunks: ["functions", "taskpane"],
        scriptLoading: "defer",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (production ? renderManifest(content.toString(), PUBLIC_URL) : content),
          },
        ],
      }),
    ],
    optimization: eager
      ? { runtimeChunk: false, splitChunks: false }
      : {
          // One webpack runtime for both entries: they run on the same page, and two runtimes would
          // each instantiate their own copy of shared modules (two add-in runtimes, two caches).
          runtimeChunk: "single",
          // Code both entries use (zod, the Ollama client, the add-in runtime) is emitted once
          // instead of in each entry.
          splitChunks: { chunks: "all" },
        },
    performance: { hints: false },
    stats: "errors-warnings",
  };
};
