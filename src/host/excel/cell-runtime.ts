import type { BulkEngine } from "../../bulk/bulk-engine";
import type { OllamaClient } from "../../llm/ollama-client";
import type { CloudGate } from "../../routing/cloud-gate";
import type { ConsentQueue } from "../../routing/consent-queue";
import type { Settings } from "../../settings/settings";
import type { ExcelBatch } from "./excel-sheet-host";

/**
 * What a custom function's body needs from the add-in, handed to it by the caller (functions.ts
 * gets it from the composition root, src/addin/addin-runtime.ts; tests build their own). The
 * Excel host never fetches the runtime itself.
 */
export interface CellRuntime {
  readonly settings: Settings;
  readonly llm: OllamaClient;
  readonly engine: BulkEngine;
  readonly router: CloudGate;
  readonly consents: ConsentQueue;
  readonly excel: ExcelBatch;
}
