import { Open, type CentralDirectory, type CentralDirectoryFile } from "unzipper";
import { SaxesParser, type SaxesTagPlain } from "saxes";

/**
 * The parts of an .xlsx package a streaming read needs, read straight from the zip: the sheet list
 * (workbook.xml and its relationships), the shared strings and which cell styles are dates. Sheet
 * data itself is streamed later (sheet-xml-reader.ts), one sheet at a time, never all at once.
 */

export interface SheetPart {
  name: string;
  /** Path of the sheet's XML inside the zip, e.g. "xl/worksheets/sheet1.xml". */
  path: string;
}

/** The package's entries by path; each is decompressed only when it is read. */
export class ZipEntries {
  private readonly byPath: Map<string, CentralDirectoryFile>;
  constructor(directory: CentralDirectory) {
    this.byPath = new Map(directory.files.map((file) => [file.path, file]));
  }
  file(path: string): CentralDirectoryFile | undefined {
    return this.byPath.get(path);
  }
}

export interface XlsxParts {
  zip: ZipEntries;
  sheets: SheetPart[];
  /** Index into `sheets` of the sheet Excel opens on. */
  activeTab: number;
  /** Dates count from 1904 (old Mac workbooks) instead of 1900. */
  date1904: boolean;
  sharedStrings: string[];
  /** Per cell style index (the `s` attribute): whether its number format shows a date. */
  dateStyles: boolean[];
}

/** Calls `onTag`/`onText` for a whole XML text or stream; tag names lose any namespace prefix ("x:row" is "row"). */
export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  close?(name: string): void;
  text?(text: string): void;
}

export function xmlParser(handlers: XmlHandlers): SaxesParser {
  const parser = new SaxesParser();
  if (handlers.open) {
    const open = handlers.open;
    parser.on("opentag", (tag: SaxesTagPlain) =>
      open(localName(tag.name), tag.attributes, tag.isSelfClosing),
    );
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on("closetag", (tag: SaxesTagPlain) => close(localName(tag.name)));
  }
  if (handlers.text) {
    parser.on("text", handlers.text);
    parser.on("cdata", handlers.text);
  }
  return parser;
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Parses a zip part as XML, in pieces, so a large part is never one string. Missing parts parse as nothing. */
export async function parsePart(zip: ZipEntries, path: string, handlers: XmlHandlers): Promise<boolean> {
  const entry = zip.file(path);
  if (!entry) return false;
  const parser = xmlParser(handlers);
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of entry.stream() as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
  }
  parser.write(decoder.decode());
  parser.close();
  return true;
}

/** `bytes` stay compressed in memory (a 100,000 × 20 sheet is ~14 MB); parts are inflated by zlib as streamed. */
export async function readParts(bytes: Buffer): Promise<XlsxParts> {
  const zip = new ZipEntries(await Open.buffer(bytes));
  const { sheets, activeTab, date1904 } = await readWorkbookPart(zip);
  const [sharedStrings, dateStyles] = await Promise.all([readSharedStrings(zip), readDateStyles(zip)]);
  return { zip, sheets, activeTab, date1904, sharedStrings, dateStyles };
}

async function readWorkbookPart(
  zip: ZipEntries,
): Promise<{ sheets: SheetPart[]; activeTab: number; date1904: boolean }> {
  const targets = new Map<string, string>();
  await parsePart(zip, "xl/_rels/workbook.xml.rels", {
    open(name, attributes) {
      if (name === "Relationship" && attributes.Id && attributes.Target)
        targets.set(attributes.Id, attributes.Target);
    },
  });
  const sheets: SheetPart[] = [];
  let activeTab = 0;
  let date1904 = false;
  const found = await parsePart(zip, "xl/workbook.xml", {
    open(name, attributes) {
      if (name === "workbookPr") date1904 = isTrue(attributes.date1904);
      if (name === "workbookView" && attributes.activeTab) activeTab = Number(attributes.activeTab) || 0;
      if (name !== "sheet") return;
      const id = attributes["r:id"] ?? Object.entries(attributes).find(([key]) => key.endsWith(":id"))?.[1];
      const target = id === undefined ? undefined : targets.get(id);
      if (attributes.name && target) sheets.push({ name: attributes.name, path: partPath(target) });
    },
  });
  if (!found) throw new Error("no xl/workbook.xml");
  return { sheets, activeTab, date1904 };
}

/** Relationship targets are relative to xl/ unless they start at the package root. */
function partPath(target: string): string {
  return target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
}

function isTrue(value: string | undefined): boolean {
  return value === "1" || value === "true";
}

/** Each <si> as its text: a plain <t>, or the runs of rich text joined; phonetic guides (<rPh>) left out. */
async function readSharedStrings(zip: ZipEntries): Promise<string[]> {
  const strings: string[] = [];
  let current = "";
  let inText = false;
  let phonetic = 0;
  await parsePart(zip, "xl/sharedStrings.xml", {
    open(name) {
      if (name === "si") current = "";
      else if (name === "t") inText = phonetic === 0;
      else if (name === "rPh") phonetic++;
    },
    close(name) {
      if (name === "si") strings.push(current);
      else if (name === "t") inText = false;
      else if (name === "rPh") phonetic--;
    },
    text(text) {
      if (inText) current += text;
    },
  });
  return strings;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, and the East Asian ones). */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A format code shows a date when, outside quoted text and [colour]/[locale] parts, it has y, m, d, h or s. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[[^\]]*\]/g, "");
  return /[ymdhs]/i.test(bare);
}

async function readDateStyles(zip: ZipEntries): Promise<boolean[]> {
  const customFormats = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  await parsePart(zip, "xl/styles.xml", {
    open(name, attributes, selfClosing) {
      if (name === "numFmt" && attributes.numFmtId && attributes.formatCode !== undefined)
        customFormats.set(Number(attributes.numFmtId), attributes.formatCode);
      else if (name === "cellXfs") inCellXfs = !selfClosing;
      else if (name === "xf" && inCellXfs) styleFormats.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return styleFormats.map((id) => {
    const custom = customFormats.get(id);
    return custom === undefined ? DATE_FORMAT_IDS.has(id) : isDateFormatCode(custom);
  });
}
