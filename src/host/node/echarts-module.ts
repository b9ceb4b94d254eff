import type * as Echarts from "echarts";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * echarts for the chart pictures. From source, its single-file CommonJS build: the ESM entry is
 * hundreds of modules, and loading them through the CLI's TypeScript loader took seconds. The
 * built CLI swaps this module for scripts/echarts-bundled.ts (scripts/build-node.ts), because a
 * bundler cannot follow createRequire.
 */
export function loadEcharts(): typeof Echarts {
  return require("echarts") as typeof Echarts;
}
