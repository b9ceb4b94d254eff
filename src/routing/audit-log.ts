import type { ChatMessage } from "../cloud/cloud-provider";
import type { PiiCategory } from "../privacy/redaction-settings";

/**
 * The local record of everything sent to a cloud model. Append-only: a "request" record is
 * written before the request leaves (if it cannot be written, nothing is sent) and a "result"
 * record with the same id after it ends (tokens, cost, outcome). Reading merges the two.
 * Never holds the API key; the payload is the redacted one (or only its hash, by choice).
 */

export type CloudOutcome = "ok" | "error" | "cancelled";

export interface AuditRequestRecord {
  type: "request";
  id: string;
  /** ISO 8601, UTC. */
  time: string;
  provider: string;
  model: string;
  task: string;
  trigger: string;
  /** Why it went to the cloud, in the words the user saw. */
  reason: string;
  /** "auto": within the auto budget; "user": the user approved this request. */
  approval: "auto" | "user";
  /** SHA-256 (hex) of the JSON of the redacted messages, always present. */
  payloadSha256: string;
  /** The redacted messages; absent when the user turned payload logging off. */
  payload?: ChatMessage[];
  /** Distinct values replaced by placeholders, per category. */
  redactions: Partial<Record<PiiCategory, number>>;
}

export interface AuditResultRecord {
  type: "result";
  id: string;
  time: string;
  outcome: CloudOutcome;
  /** The model that answered, as the provider reported it. */
  answeredBy: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  durationMs: number;
  error?: { kind: string; message: string };
}

export type AuditRecord = AuditRequestRecord | AuditResultRecord;

export interface AuditEntry extends Omit<AuditRequestRecord, "type"> {
  /** Null while the request is in flight, or if the process died before it ended. */
  result: Omit<AuditResultRecord, "type" | "id"> | null;
}

export interface AuditLog {
  /** Must resolve only once the record is stored; a rejection stops the request from being sent. */
  append(record: AuditRecord): Promise<void>;
  entries(): Promise<AuditEntry[]>;
}

export function mergeAuditRecords(records: readonly AuditRecord[]): AuditEntry[] {
  const entries = new Map<string, AuditEntry>();
  for (const record of records) {
    if (record.type === "request") {
      const { type: _type, ...request } = record;
      entries.set(record.id, { ...request, result: null });
    } else {
      const entry = entries.get(record.id);
      const { type: _type, id: _id, ...result } = record;
      if (entry) entry.result = result;
    }
  }
  return [...entries.values()];
}

/** Hex SHA-256 through WebCrypto, which both Node 20 and the add-in's webview provide. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export class MemoryAuditLog implements AuditLog {
  private readonly stored: AuditRecord[] = [];

  /** Copies, so callers cannot edit history. */
  get records(): AuditRecord[] {
    return structuredClone(this.stored);
  }

  async append(record: AuditRecord): Promise<void> {
    this.stored.push(structuredClone(record));
  }

  async entries(): Promise<AuditEntry[]> {
    return mergeAuditRecords(this.records);
  }
}
