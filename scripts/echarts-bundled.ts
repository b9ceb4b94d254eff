import type * as Echarts from "echarts";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, TitleComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { LegacyGridContainLabel } from "echarts/features";
import { SVGRenderer } from "echarts/renderers";

/**
 * src/host/node/echarts-module.ts in the built CLI: echarts bundled instead of required at run
 * time, and only the parts the report's charts use (bar and line series, title, grid with containLabel,
 * the SVG renderer), which the bundler can then leave the rest of echarts out of: the CLI parses less at
 * each report's start.
 */
// grid.containLabel (which keeps rotated axis labels inside the picture) is a separate feature since echarts 6.
echarts.use([BarChart, LineChart, GridComponent, TitleComponent, SVGRenderer, LegacyGridContainLabel]);

export function loadEcharts(): typeof Echarts {
  return echarts as unknown as typeof Echarts;
}
