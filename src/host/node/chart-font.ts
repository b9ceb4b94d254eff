import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { packageRoot } from "./package-root";

/**
 * The one font the chart pictures are drawn with. The built CLI carries its own copy in
 * dist-node/assets/ (scripts/build-node.ts copies it with its licence), so an installed package
 * needs no font package; from the sources it is read from the dejavu-fonts-ttf dev dependency.
 */
export const CHART_FONT_MODULE = "dejavu-fonts-ttf/ttf/DejaVuSans.ttf";
export const CHART_FONT_FILE = "DejaVuSans.ttf";

export function chartFontPath(): string {
  const bundled = path.join(packageRoot(), "dist-node", "assets", CHART_FONT_FILE);
  if (existsSync(bundled)) return bundled;
  return createRequire(import.meta.url).resolve(CHART_FONT_MODULE);
}
