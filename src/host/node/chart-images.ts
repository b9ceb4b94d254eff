import { initWasm, Resvg } from "@resvg/resvg-wasm";
import type * as Echarts from "echarts";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { ChartSpec } from "../../report/report-types";
import { chartFontPath } from "./chart-font";
import { loadEcharts } from "./echarts-module";

/**
 * Chart pictures for the headless report: exceljs cannot create native Excel charts, so the CLI draws
 * each ChartSpec with echarts (server-side SVG) and rasterises it with resvg into a PNG to embed.
 * Node only: the add-in draws native charts instead and never loads this module.
 */

export interface ImageSize {
  width: number;
  height: number;
}

export const CHART_IMAGE_SIZE: ImageSize = { width: 640, height: 320 };

const require = createRequire(import.meta.url);
// Loaded on first use, so a report without charts (or a run that fails first) never pays for it.
let echartsModule: typeof Echarts | undefined;
function echarts(): typeof Echarts {
  echartsModule ??= loadEcharts();
  return echartsModule;
}
const BAR_COLOUR = "#4472C4"; // Excel's first series colour, so both hosts' charts look alike.

// resvg's wasm may be initialised only once per process; the font is read once too.
let fontReady: Promise<Uint8Array> | undefined;
function ready(): Promise<Uint8Array> {
  fontReady ??= (async () => {
    await initWasm(await readFile(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
    return new Uint8Array(await readFile(chartFontPath()));
  })();
  return fontReady;
}

export function chartOption(spec: ChartSpec, size: ImageSize = CHART_IMAGE_SIZE): Echarts.EChartsOption {
  // About 7 px a character at 11 px: labels that would not fit side by side are slanted.
  const labelWidth = spec.categories.reduce((total, label) => total + label.length * 7 + 12, 0);
  const crowded = labelWidth > size.width * 0.85;
  return {
    animation: false,
    title: { text: spec.title, left: "center", textStyle: { fontSize: 15 } },
    grid: { left: 24, right: 24, top: 48, bottom: 24, containLabel: true },
    xAxis: {
      type: "category",
      data: spec.categories,
      name: spec.categoryTitle,
      nameLocation: "middle",
      nameGap: crowded ? 52 : 28,
      axisLabel: { interval: 0, rotate: crowded ? 30 : 0, fontSize: 11 },
    },
    yAxis: { type: "value", name: spec.valueTitle, nameTextStyle: { align: "left" } },
    series: [
      spec.kind === "trend"
        ? { type: "line", name: spec.valueTitle, data: spec.values, itemStyle: { color: BAR_COLOUR } }
        : {
            type: "bar",
            name: spec.valueTitle,
            data: spec.values,
            itemStyle: { color: BAR_COLOUR },
            // Histogram bars touch, as a distribution's bins do; category bars stand apart.
            barCategoryGap: spec.kind === "histogram" ? "4%" : "30%",
          },
    ],
  };
}

export function chartSvg(spec: ChartSpec, size: ImageSize = CHART_IMAGE_SIZE): string {
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, ...size });
  try {
    chart.setOption(chartOption(spec, size));
    return chart.renderToSVGString();
  } finally {
    // An undisposed SSR chart keeps timers alive and the process would never exit.
    chart.dispose();
  }
}

export async function chartPng(spec: ChartSpec, size: ImageSize = CHART_IMAGE_SIZE): Promise<Uint8Array> {
  const font = await ready();
  const svg = chartSvg(spec, size);
  const resvg = new Resvg(svg, {
    font: { fontBuffers: [font], defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    background: "white",
  });
  // wasm memory is not garbage-collected: free what each render allocates.
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
