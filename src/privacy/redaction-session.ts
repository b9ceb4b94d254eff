import type { ChatMessage } from "../cloud/cloud-provider";
import type { CellGrid, CellValue } from "../sheet/cells";
import { namesInTable, nameValue, personColumns } from "./person-columns";
import { findPii, nameDetector } from "./pii-detectors";
import type { Detector } from "./pii-match";
import {
  defaultRedactionSettings,
  enabledCategories,
  PLACEHOLDER_LABELS,
  type PiiCategory,
  type RedactionSettings,
} from "./redaction-settings";

/**
 * One request's redaction: personal data becomes placeholders such as [EMAIL_1] before text
 * leaves the machine, the same value always becomes the same placeholder (so the model can
 * still see that two rows share a customer), and `restore` puts the originals back into the
 * answer locally. The mapping lives only in this object; it is never sent or logged.
 */

declare const redacted: unique symbol;

/** Messages that went through a RedactionSession. The cloud call path accepts nothing else. */
export interface RedactedMessages {
  readonly messages: readonly ChatMessage[];
  readonly [redacted]: true;
}

const PLACEHOLDER = /\[\s*([A-Z]+(?:_[A-Z]+)*)_(\d+)\s*\]/g;

export class RedactionSession {
  private readonly enabled: ReadonlySet<PiiCategory>;
  private readonly byKey = new Map<string, string>();
  private readonly originals = new Map<string, string>();
  private readonly counters = new Map<PiiCategory, number>();
  private readonly names = new Set<string>();
  private nameMatcher: Detector | null = null;

  constructor(settings: RedactionSettings = defaultRedactionSettings()) {
    this.enabled = enabledCategories(settings);
  }

  /** Learns the names in a header-first table's person columns, so they are replaced wherever they appear. */
  learnTable(grid: CellGrid): void {
    if (!this.enabled.has("personName")) return;
    const before = this.names.size;
    for (const name of namesInTable(grid)) this.names.add(name);
    if (this.names.size !== before) this.nameMatcher = nameDetector(this.names);
  }

  redact(text: string): string {
    if (this.enabled.size === 0 || text === "") return text;
    const matches = findPii(text, this.enabled, this.nameMatcher);
    if (matches.length === 0) return text;
    let result = "";
    let at = 0;
    for (const match of matches) {
      result += text.slice(at, match.start) + this.placeholderFor(match.category, match.key, match.text);
      at = match.end;
    }
    return result + text.slice(at);
  }

  /**
   * A copy of a header-first table with person-column cells replaced whole and every other
   * text cell redacted; numbers, booleans and dates pass through unchanged.
   */
  redactGrid(grid: CellGrid): CellGrid {
    this.learnTable(grid);
    const people = new Set(this.enabled.has("personName") ? personColumns(grid) : []);
    return grid.map((row, rowIndex) =>
      row.map((cell, column): CellValue => {
        if (typeof cell !== "string") return cell;
        const name = rowIndex > 0 && people.has(column) ? nameValue(cell) : null;
        if (name) return this.placeholderFor("personName", name.replace(/\s+/g, " ").toLowerCase(), name);
        return this.redact(cell);
      }),
    );
  }

  redactMessages(messages: readonly ChatMessage[]): RedactedMessages {
    const clean = messages.map((message) => ({ role: message.role, content: this.redact(message.content) }));
    return { messages: clean } as unknown as RedactedMessages;
  }

  /** Puts the originals back for every placeholder this session issued; others stay as written. */
  restore(text: string): string {
    if (this.originals.size === 0) return text;
    return text.replace(
      PLACEHOLDER,
      (whole, label: string, n: string) => this.originals.get(`[${label}_${n}]`) ?? whole,
    );
  }

  /** `restore` applied to every string inside a structured answer. */
  restoreValue<T>(value: T): T {
    return this.restoreDeep(value) as T;
  }

  /** How many distinct values were replaced, per category (for the consent view). */
  counts(): Partial<Record<PiiCategory, number>> {
    return Object.fromEntries(this.counters) as Partial<Record<PiiCategory, number>>;
  }

  get replacedCount(): number {
    return this.originals.size;
  }

  private placeholderFor(category: PiiCategory, key: string, original: string): string {
    const mapKey = `${category}\u0000${key}`;
    const existing = this.byKey.get(mapKey);
    if (existing) return existing;
    const n = (this.counters.get(category) ?? 0) + 1;
    this.counters.set(category, n);
    const placeholder = `[${PLACEHOLDER_LABELS[category]}_${n}]`;
    this.byKey.set(mapKey, placeholder);
    this.originals.set(placeholder, original);
    return placeholder;
  }

  private restoreDeep(value: unknown): unknown {
    if (typeof value === "string") return this.restore(value);
    if (Array.isArray(value)) return value.map((item) => this.restoreDeep(item));
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.restoreDeep(item)]));
    }
    return value;
  }
}
