// Builds the one page Excel loads for the task pane, the custom functions and the ribbon
// (shared runtime): taskpane.html carries both the taskpane and functions chunks, or cells
// would hang at #BUSY!. functions.json is generated from the JSDoc in functions/functions.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import HtmlWebpackPlugin from "html-webpack-plugin";
import CopyWebpackPlugin from "copy-webpack-plugin";
import CustomFunctionsMetadataPlugin from "custom-functions-metadata-plugin";

const root = path.dirname(fileURLToPath(import.meta.url));
const DEV_ORIGIN = "https://localhost:3000/";
// Where the add-in is hosted in production; the manifest's dev origin is replaced by it.
const PUBLIC_ORIGIN = (process.env.ADDIN_PUBLIC_URL ?? DEV_ORIGIN).replace(/\/?$/, "/");

export default (_env, argv) => {
  const production = argv.mode !== "development";
  return {
    mode: production ? "production" : "development",
    devtool: production ? false : "source-map",
    entry: {
      functions: "./functions/functions.ts",
      taskpane: "./taskpane/index.tsx",
    },
    output: { path: path.join(root, "dist"), filename: "[name].js", clean: true },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          // Type-checking is `npm run typecheck` (tsc --noEmit), part of `npm test`.
          use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { noEmit: false } } },
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
            // AppDomain holds the bare origin (no trailing slash), so replace both forms.
            transform: (content) =>
              production
                ? content
                    .toString()
                    .replaceAll(DEV_ORIGIN, PUBLIC_ORIGIN)
                    .replaceAll(new URL(DEV_ORIGIN).origin, new URL(PUBLIC_ORIGIN).origin)
                : content,
          },
        ],
      }),
    ],
    performance: { hints: false },
    stats: "errors-warnings",
  };
};
