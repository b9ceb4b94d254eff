import { z } from "zod";
import { RedactionSettingsSchema } from "../privacy/redaction-settings";
import { DEFAULT_PRICES, PriceTableSchema } from "./price-table";

/**
 * The user's rules for leaving the machine. "never" is the default: nothing is sent until the
 * user chooses "ask" (consent per request, seeing exactly what would be sent) or "auto" (sent
 * without asking while today's requests and tokens stay within the budget).
 */
export const CloudModeSchema = z.enum(["never", "ask", "auto"]);

export type CloudMode = z.infer<typeof CloudModeSchema>;

export const CloudPolicySchema = z.object({
  mode: CloudModeSchema.default("never"),
  /** "auto" only: cloud requests per UTC day. */
  maxRequestsPerDay: z.number().int().min(0).default(50),
  /** "auto" only: cloud tokens (input + output) per UTC day. */
  maxTokensPerDay: z.number().int().min(0).default(200_000),
  prices: PriceTableSchema.default(() => structuredClone(DEFAULT_PRICES)),
  /** Let classifications that abstained (low confidence) be reviewed by the cloud model. */
  cloudReviewOfAbstains: z.boolean().default(false),
  /** Formulas to explain at or above this complexity score go to the cloud. */
  complexFormulaScore: z.number().min(1).default(40),
  /** Keep the redacted payload in the audit log; off = only its SHA-256. */
  logPayloads: z.boolean().default(true),
  redaction: RedactionSettingsSchema.prefault({}),
});

export type CloudPolicy = z.infer<typeof CloudPolicySchema>;

export function defaultCloudPolicy(): CloudPolicy {
  return CloudPolicySchema.parse({});
}
