// Draws the add-in icon (a green rounded square with a white spreadsheet grid and a spark) at the
// sizes the manifest and the Office store ask for, and writes them as PNGs to assets/.
// No image library: pixels are computed here and encoded with node's zlib.
// Run with: npx tsx scripts/make-icons.ts
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const SIZES = [16, 32, 64, 80, 128] as const;
const OUTPUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "assets");

type Rgb = readonly [number, number, number];
const GREEN: Rgb = [0x10, 0x7c, 0x41];
const WHITE: Rgb = [0xff, 0xff, 0xff];
/** Subsamples per pixel axis for anti-aliased edges. */
const SUPERSAMPLE = 4;

// ---- PNG encoding --------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes straight (non-premultiplied) RGBA pixels, row-major, as an 8-bit truecolour+alpha PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error("pixel buffer does not match the size");
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method 0
  header[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---- Drawing -------------------------------------------------------------------------------

/** Fraction of the pixel (px, py) covered by `inside`, which takes coordinates in [0, 1]. */
function coverage(size: number, px: number, py: number, inside: (x: number, y: number) => boolean): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
      const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
      if (inside(x, y)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

function insideRoundedSquare(x: number, y: number): boolean {
  const inset = 0.03;
  const radius = 0.2;
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && dx * dx + dy * dy <= radius * radius;
}

/** A four-pointed spark with concave sides: |dx|^½ + |dy|^½ ≤ r^½. */
function insideSpark(x: number, y: number): boolean {
  const cx = 0.67;
  const cy = 0.33;
  const r = 0.2;
  return Math.sqrt(Math.abs(x - cx) / r) + Math.sqrt(Math.abs(y - cy) / r) <= 1;
}

/**
 * A 2×2 cell grid in the lower left, snapped to whole pixels so the lines stay crisp at 16 px.
 * Returns a per-pixel test in pixel coordinates.
 */
function gridPixels(size: number): (px: number, py: number) => boolean {
  const line = Math.max(1, Math.round(size * 0.06));
  const start = Math.round(size * 0.19);
  const end = Math.round(size * 0.81) - line; // first pixel of the last line
  const middle = Math.round((start + end) / 2);
  const lines = [start, middle, end];
  const onLine = (p: number): boolean => lines.some((l) => p >= l && p < l + line);
  const within = (p: number): boolean => p >= start && p < end + line;
  return (px, py) => {
    if (!within(px) || !within(py) || !(onLine(px) || onLine(py))) return false;
    // The upper-right cell is left open (no top or right border) for the spark.
    return !(px >= middle + line && py < middle);
  };
}

export function drawIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const grid = gridPixels(size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const background = coverage(size, px, py, insideRoundedSquare);
      const mark = grid(px, py) ? 1 : coverage(size, px, py, insideSpark);
      // White mark composited over green, then the whole thing clipped by the rounded square.
      const colour = GREEN.map((g, i) => Math.round(g * (1 - mark) + (WHITE[i] ?? 0) * mark));
      const offset = (py * size + px) * 4;
      pixels[offset] = colour[0] ?? 0;
      pixels[offset + 1] = colour[1] ?? 0;
      pixels[offset + 2] = colour[2] ?? 0;
      pixels[offset + 3] = Math.round(255 * background);
    }
  }
  return pixels;
}

function main(): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(OUTPUT_DIR, `icon-${size}.png`);
    writeFileSync(file, encodePng(size, size, drawIcon(size)));
    console.log(`wrote ${path.relative(process.cwd(), file)} (${size}×${size})`);
  }
}

main();
