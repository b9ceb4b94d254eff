import * as echarts from "echarts";

/** src/host/node/echarts-module.ts in the built CLI: echarts bundled instead of required at run time. */
export function loadEcharts(): typeof echarts {
  return echarts;
}
