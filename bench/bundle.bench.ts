/**
 * `npm run bench -- bundle`: the JavaScript the task pane page loads before first paint. Builds the
 * add-in with webpack.config.js (production) into a temporary directory, reads the <script> tags of
 * taskpane.html, and sums those files raw and gzipped (zlib, level 6, each file on its own, as a
 * server sends them). Chunks no script tag names are lazy: listed apart, loaded on first use.
 * Target: first-paint JS ≤ 400 KB gzip. Baseline in the same run: the same source built with
 * `--env eager` (each entry self-contained, dynamic imports inlined), i.e. everything at first paint.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import webpack, { type Configuration } from "webpack";
import type { BenchmarkReport } from "./report";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET_GZIP_KB = 400;
const KB = 1024;

interface ChunkFile {
  file: string;
  raw: number;
  gzip: number;
  /** The packages or source folders most of its code comes from, largest first. */
  contents: string;
}

interface Build {
  firstPaint: ChunkFile[];
  lazy: ChunkFile[];
  seconds: number;
}

interface SourceMap {
  sources: string[];
  mappings: string;
}

type ConfigFactory = (env: Record<string, unknown>, argv: { mode: string }) => Configuration;

async function build(env: Record<string, unknown>): Promise<Build> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), "excel-slm-bundle-"));
  try {
    const configUrl = pathToFileURL(path.join(root, "webpack.config.js")).href;
    const { default: configFor } = (await import(configUrl)) as { default: ConfigFactory };
    const config = configFor(env, { mode: "production" });
    config.context = root;
    config.output = { ...config.output, path: outDir };
    // Source maps name what each chunk holds; terser emits the same code with or without them.
    config.devtool = "source-map";
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const compiler = webpack(config);
      compiler.run((error, stats) => {
        compiler.close(() => undefined);
        if (error || !stats) reject(error ?? new Error("webpack returned no stats"));
        // The config asks for "errors-warnings" stats; only the errors matter here.
        else if (stats.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })));
        else resolve();
      });
    });
    const seconds = (performance.now() - started) / 1000;

    const html = await readFile(path.join(outDir, "taskpane.html"), "utf8");
    const initial = scriptSources(html);
    const scripts = (await readdir(outDir)).filter((file) => file.endsWith(".js"));
    const missing = initial.filter((file) => !scripts.includes(file));
    if (missing.length)
      throw new Error(`taskpane.html loads files the build did not emit: ${missing.join(", ")}`);
    const measure = async (file: string): Promise<ChunkFile> => {
      // The comment pointing to the source map is not shipped code.
      const code = (await readFile(path.join(outDir, file), "utf8")).replace(
        /\n\/\/# sourceMappingURL=\S+\s*$/,
        "",
      );
      const map = JSON.parse(await readFile(path.join(outDir, `${file}.map`), "utf8")) as SourceMap;
      const bytes = Buffer.from(code);
      return {
        file,
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 6 }).length,
        contents: contentsFromSourceMap(code, map),
      };
    };
    return {
      firstPaint: await Promise.all(initial.map(measure)),
      lazy: await Promise.all(scripts.filter((file) => !initial.includes(file)).map(measure)),
      seconds,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Same-origin scripts the page loads (office.js comes from Microsoft's CDN and is not ours to size). */
export function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/gi)]
    .map((match) => match[1] ?? "")
    .filter((src) => !/^[a-z]+:\/\//i.test(src))
    .map((src) => src.replace(/^\.?\//, ""));
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Where the bytes of a minified file come from, largest first ("react-dom 202, …" in KB), from its
 * source map: each mapping segment owns the generated text up to the next segment on its line.
 */
export function contentsFromSourceMap(code: string, map: SourceMap): string {
  const lineLengths = code.split("\n").map((line) => line.length);
  const bytes = new Map<string, number>();
  let source = 0;
  map.mappings.split(";").forEach((line, lineIndex) => {
    let column = 0;
    const segments: { column: number; source: number | null }[] = [];
    for (const segment of line.split(",")) {
      if (!segment) continue;
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      if (fields.length > 1) source += fields[1] ?? 0;
      segments.push({ column, source: fields.length > 1 ? source : null });
    }
    segments.forEach((segment, i) => {
      if (segment.source === null) return;
      const end = segments[i + 1]?.column ?? lineLengths[lineIndex] ?? segment.column;
      const owner = ownerOf(map.sources[segment.source] ?? "");
      bytes.set(owner, (bytes.get(owner) ?? 0) + Math.max(0, end - segment.column));
    });
  });
  return [...bytes]
    .filter(([owner]) => owner)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([owner, size]) => `${owner} ${Math.round(size / KB)}`)
    .join(", ");
}

/** Base64 VLQ fields of one source-map segment. */
function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value % 2 ? -Math.floor(value / 2) : value / 2);
    value = 0;
    shift = 0;
  }
  return values;
}

/** "webpack://excel-slm/./node_modules/@fluentui/react-tabs/lib/x.js" → "@fluentui/react-tabs"; ours by folder. */
function ownerOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
  if (pkg) return pkg;
  if (/webpack\/(runtime|bootstrap)/.test(source)) return "webpack runtime";
  const local = source.replace(/^webpack:\/\/[^/]*\//, "").replace(/^\.\//, "");
  return local.split("/").slice(0, -1).join("/") || local;
}

const sum = (files: ChunkFile[], key: "raw" | "gzip") => files.reduce((total, file) => total + file[key], 0);
const kb = (bytes: number) => (bytes / KB).toFixed(0);
const bySize = (files: ChunkFile[]) => [...files].sort((a, b) => b.gzip - a.gzip);

export async function run(): Promise<BenchmarkReport> {
  const split = await build({});
  const eager = await build({ eager: true });
  const firstPaintGzip = sum(split.firstPaint, "gzip");
  const eagerGzip = sum(eager.firstPaint, "gzip");
  const row = (what: string, files: ChunkFile[], contents: string) => [
    what,
    files.length,
    kb(sum(files, "raw")),
    kb(sum(files, "gzip")),
    `${((sum(files, "gzip") / eagerGzip) * 100).toFixed(0)}%`,
    contents,
  ];
  const each = (files: ChunkFile[]) => files.map((file) => row(`· ${file.file}`, [file], file.contents));
  const met = firstPaintGzip <= TARGET_GZIP_KB * KB;
  return {
    title: "bundle: task pane JavaScript at first paint",
    columns: [
      "build / file",
      "files",
      "raw KB",
      "gzip KB",
      "of eager gzip",
      "largest contents (KB minified)",
    ],
    rows: [
      row("**first paint** (script tags of taskpane.html)", split.firstPaint, ""),
      ...each(bySize(split.firstPaint)),
      row("lazy, loaded on first use", split.lazy, ""),
      ...each(bySize(split.lazy).slice(0, 6)),
      row("baseline: everything eager (`--env eager`)", eager.firstPaint, ""),
      ...each(bySize(eager.firstPaint)),
    ],
    notes: [
      `First paint: ${kb(firstPaintGzip)} KB gzip (target ≤ ${TARGET_GZIP_KB} KB: ${met ? "met" : "MISSED"}), ` +
        `${(eagerGzip / firstPaintGzip).toFixed(1)}× less than the eager baseline's ${kb(eagerGzip)} KB: the same ` +
        "source with each entry self-contained and no lazy chunks, the layout taskpane.html loaded before code splitting.",
      "Production build of webpack.config.js; gzip is zlib level 6 per file. office.js (Microsoft's CDN) is not counted.",
      `Lazy chunks: ${split.lazy.length}, ${kb(sum(split.lazy, "gzip"))} KB gzip in all; the largest six are listed. ` +
        "Largest contents: minified KB from each package or source folder, read from the source maps.",
      `Build time: ${split.seconds.toFixed(0)} s split, ${eager.seconds.toFixed(0)} s eager.`,
    ],
    failedTargets: met ? [] : [`first-paint JS ${kb(firstPaintGzip)} KB gzip > ${TARGET_GZIP_KB} KB`],
  };
}
