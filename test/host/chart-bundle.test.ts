import * as fullEcharts from "echarts";
import { describe, expect, it } from "vitest";
import { chartOption } from "../../src/host/node/chart-images";
import type { ChartSpec } from "../../src/report/report-types";
import { loadEcharts } from "../../scripts/echarts-bundled";

/**
 * The built CLI draws charts with only the echarts parts it registers (scripts/echarts-bundled.ts);
 * a part left out changes the picture without any error (echarts 6 moved grid.containLabel into a
 * separate feature, and without it the axes moved). Every chart kind must come out as with the
 * whole of echarts.
 */
function svg(echarts: typeof fullEcharts, spec: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 640, height: 320 });
  try {
    chart.setOption(chartOption(spec));
    // Class and clip-path ids carry a per-instance counter.
    return chart
      .renderToSVGString()
      .replace(/zr\d+-cls-\d+/g, "cls")
      .replace(/zr\d+-c(\d+)/g, "clip$1");
  } finally {
    chart.dispose();
  }
}

const crowded = Array.from({ length: 14 }, (_, i) => `Category name ${i + 1}`);
const specs: ChartSpec[] = [
  {
    kind: "top-categories",
    title: "Revenue by Region",
    categoryTitle: "Region",
    valueTitle: "Revenue",
    categories: ["East", "West"],
    values: [5, 7],
  },
  {
    kind: "top-categories",
    title: "Crowded",
    categoryTitle: "Item",
    valueTitle: "Count",
    categories: crowded,
    values: crowded.map((_, i) => i * 3),
  },
  {
    kind: "histogram",
    title: "Distribution",
    categoryTitle: "Amount range",
    valueTitle: "Rows",
    categories: ["0–10", "10–20", "20–30"],
    values: [2, 5, 1],
  },
  {
    kind: "trend",
    title: "By month",
    categoryTitle: "Month",
    valueTitle: "Total",
    categories: ["2024-01", "2024-02", "2024-03"],
    values: [3050, 3950, 5125],
  },
];

describe("the built CLI's echarts", () => {
  it.each(specs.map((spec) => [spec.kind, spec.title, spec] as const))(
    "draws a %s chart (%s) exactly as the whole of echarts does",
    (_kind, _title, spec) => {
      expect(svg(loadEcharts(), spec)).toBe(svg(fullEcharts, spec));
    },
  );
});
