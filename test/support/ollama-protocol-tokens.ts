/**
 * Token bookkeeping for the Ollama protocol test server. Real tokenizers are model-specific, so
 * the server uses one deterministic rule everywhere: a token is 4 code points. The same rule
 * splits streamed output into pieces, so `eval_count` always equals the number of pieces sent.
 */

export const CODE_POINTS_PER_TOKEN = 4;

/** Ollama's `api.TokenLogprob`; `bytes` is the token's UTF-8 encoding, omitted for "". */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes?: number[];
}

/** Ollama's `api.Logprob`: one output token with its most likely alternatives. */
export interface LogprobEntry extends TokenLogprob {
  top_logprobs?: TokenLogprob[];
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function estimateTokens(text: string): number {
  return Math.ceil(countCodePoints(text) / CODE_POINTS_PER_TOKEN);
}

/** Splits on code points (never inside a surrogate pair) into pieces of one "token" each. */
export function splitIntoPieces(text: string): string[] {
  const pieces: string[] = [];
  let current = "";
  let size = 0;
  for (const char of text) {
    current += char;
    if (++size === CODE_POINTS_PER_TOKEN) {
      pieces.push(current);
      current = "";
      size = 0;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

function utf8Bytes(token: string): number[] | undefined {
  return token === "" ? undefined : Array.from(new TextEncoder().encode(token));
}

function withTokenBytes(entry: TokenLogprob): TokenLogprob {
  const bytes = entry.bytes ?? utf8Bytes(entry.token);
  return bytes ? { token: entry.token, logprob: entry.logprob, bytes } : { ...entry };
}

/** Fills in `bytes` the way Ollama's `toAPILogprobs` does, keeping anything a script supplied. */
export function withBytes(entry: LogprobEntry): LogprobEntry {
  const base: LogprobEntry = withTokenBytes(entry);
  if (entry.top_logprobs) base.top_logprobs = entry.top_logprobs.map(withTokenBytes);
  return base;
}

/**
 * A made-up but well-formed logprob for a piece the model "chose": certain (logprob 0), with
 * `topN` alternatives whose probabilities are negligible, so they still sum to at most 1.
 */
export function derivedLogprob(piece: string, topN: number): LogprobEntry {
  const entry: LogprobEntry = { token: piece, logprob: 0 };
  if (topN > 0) {
    entry.top_logprobs = [{ token: piece, logprob: 0 }];
    for (let rank = 1; rank < topN; rank++) {
      entry.top_logprobs.push({ token: `<alt${rank}>`, logprob: -20 - rank });
    }
  }
  return withBytes(entry);
}
