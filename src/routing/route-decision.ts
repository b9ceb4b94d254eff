import type { ChatMessage } from "../cloud/cloud-provider";
import type { PiiCategory } from "../privacy/redaction-settings";
import type { CellGrid } from "../sheet/cells";

/**
 * What goes into the router and what comes out. A decision is plain data (the task pane can
 * show it, the CLI can print it as JSON); the redaction mapping behind it stays in the router.
 */

export type Route = "local" | "cloud" | "needs-consent";

export type RouteTrigger =
  | "user-request" // the user explicitly asked for the cloud model
  | "context-overflow" // the input does not fit the local model's context
  | "no-verified-formula" // the formula pipeline found no verified formula, even after repair
  | "no-analysis-plan" // a question about a table no analysis plan answers, even after repair
  | "complex-formula" // a formula to explain scores above the complexity threshold
  | "low-confidence" // a classification abstained and cloud review is allowed
  | "none";

/** What the task observed; each field may fire one trigger. */
export interface RouteSignals {
  userAskedForCloud?: boolean;
  /** The formula SLM.EXPLAIN is asked about. */
  formulaToExplain?: string;
  noVerifiedFormula?: boolean;
  /** Why no analysis plan answers a question about a table (ask-data): it needs reasoning, or repair ran out. */
  noAnalysisPlan?: string;
  /** A classification that abstained: its confidence (null = unknown) and the threshold it missed. */
  abstained?: { confidence: number | null; threshold: number };
  /** Tokens of the input as the local model would see it; estimated from the messages when absent. */
  inputTokens?: number;
  /** The local model's context window (num_ctx). */
  localContextTokens?: number;
}

export interface RouteRequest {
  /** "explain", "classify", "formula", "ask", ...: recorded in the audit log. */
  task: string;
  /** The request as it would be sent, before redaction. */
  messages: readonly ChatMessage[];
  /** Header-first tables the messages were built from: their person columns name who to redact. */
  tables?: readonly CellGrid[];
  /**
   * Builds the cloud messages from the tables after redaction. Better than redacting `messages`
   * when the table text is cut to a budget: a cell cut mid-value ("john.doe@exam…") no longer
   * looks like an email, so it is redacted before it is cut. The result is redacted again as text.
   */
  composeCloudMessages?: (redactedTables: CellGrid[]) => ChatMessage[];
  signals: RouteSignals;
  /** Output tokens to budget and price for; default 500. */
  expectedOutputTokens?: number;
}

export interface CostEstimate {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Null when the price table has no price for the model. */
  usd: number | null;
}

/** Everything the user needs to decide: exactly what would be sent, where, and at what cost. */
export interface ConsentRequest {
  ticket: string;
  provider: string;
  model: string;
  /** The redacted messages, exactly as they would be sent. */
  payload: readonly ChatMessage[];
  /** Distinct values replaced by placeholders, per category. */
  redactions: Partial<Record<PiiCategory, number>>;
  estimatedCost: CostEstimate;
  /** ISO time after which approving no longer works. */
  expiresAt: string;
}

export interface RouteDecision {
  route: Route;
  /** Plain sentences: why this route (triggers, policy, budget). */
  reasons: string[];
  trigger: RouteTrigger;
  estimatedCost?: CostEstimate;
  /** For "cloud": pass the decision to send. For "needs-consent": approve or decline this ticket. */
  ticket?: string;
  consent?: ConsentRequest;
}

export const DEFAULT_EXPECTED_OUTPUT_TOKENS = 500;
