/**
 * What a conversation remembers: each earlier turn's question, plan (in JSON and in words) and a
 * short summary of its result, so "only West" and "and per quarter?" can build on what came before.
 * Memory is plain data held by the conversation object: it is never written into the workbook.
 *
 * The history sent to the model is trimmed to the context budget a whole turn at a time, oldest
 * first: dropped turns are summarised by their questions in one line, and if even that does not
 * fit, counted. A turn is never cut in the middle.
 */

export interface RememberedTurn {
  question: string;
  /** The plan as the model wrote it (JSON), or null when the turn had no plan (escalated). */
  planJson: string | null;
  planWords: string;
  /** The first result lines, or the cloud answer's first sentence. */
  resultSummary: string;
}

export interface TrimmedHistory {
  text: string;
  /** Turns sent whole. */
  turnsKept: number;
  /** Turns only named in the summary line or counted. */
  turnsSummarised: number;
}

/**
 * Rough tokens for budgeting what we send: about 4 characters per token for English and table text,
 * rounded up. Exactness is not needed here (the cloud router counts exactly before a send); a budget
 * that errs a little wide is covered by the reserve kept for the answer.
 */
export function roughTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Result lines kept per remembered turn: enough for "why is East so low?" to see East. */
const SUMMARY_LINES = 8;

export function summariseResult(lines: readonly string[], extra = ""): string {
  const kept = lines.slice(0, SUMMARY_LINES);
  const more = lines.length > kept.length ? ` (+${lines.length - kept.length} more rows)` : "";
  return [...kept, ...(extra ? [extra] : [])].join("; ") + more;
}

export function turnText(turn: RememberedTurn, number: number): string {
  return (
    `${number}. Question: ${turn.question}\n` +
    (turn.planJson ? `   Plan: ${turn.planJson}\n` : "") +
    `   Computed: ${turn.planWords}\n   Result: ${turn.resultSummary}`
  );
}

/** The history block for a prompt within `budgetTokens`; empty text when there is no history. */
export function trimHistory(turns: readonly RememberedTurn[], budgetTokens: number): TrimmedHistory {
  if (turns.length === 0) return { text: "", turnsKept: 0, turnsSummarised: 0 };
  const header = "Earlier in this conversation (the newest last):";
  let kept = turns.length;
  const render = (from: number) => {
    const dropped = turns.slice(0, from);
    const summary = dropped.length
      ? [`(Older questions, summarised: ${dropped.map((turn) => `"${turn.question}"`).join("; ")})`]
      : [];
    const whole = turns.slice(from).map((turn, i) => turnText(turn, from + i + 1));
    return [header, ...summary, ...whole].join("\n");
  };
  let text = render(0);
  while (kept > 0 && roughTokens(text) > budgetTokens) {
    kept--;
    text = render(turns.length - kept);
  }
  if (roughTokens(text) > budgetTokens) {
    // Not even the questions fit: say how many turns came before, so the model knows it lacks them.
    text = `${header}\n(${turns.length} earlier turns left out to fit the model's context.)`;
    if (roughTokens(text) > budgetTokens) text = "";
  }
  return { text, turnsKept: kept, turnsSummarised: turns.length - kept };
}
