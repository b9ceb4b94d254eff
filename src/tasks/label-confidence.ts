import type { Logprob } from "ollama/browser";

/**
 * How sure the model was of each label, from the token log-probabilities Ollama returns.
 *
 * The reply is {"answers":["label","label",...]} (see packed-items.ts). For item i we find the
 * characters of the i-th string in the array, take the tokens that overlap them, and multiply
 * their probabilities: confidence = exp(sum of those tokens' logprobs), the probability the model
 * gave to writing exactly that label. Separators ('","') and the array's brackets are left out:
 * the grammar allows nothing else there, so they say nothing about the label. Because decoding is
 * constrained to the label set, this is the model's probability for the chosen label among the
 * allowed ones. When Ollama sends no logprobs (versions before 0.12.11) or the tokens do not spell
 * the reply, confidence is null (unknown).
 */
export function labelConfidences(
  raw: string,
  logprobs: readonly Logprob[],
  count: number,
): (number | null)[] {
  const unknown = () => Array.from({ length: count }, () => null);
  if (logprobs.length === 0) return unknown();
  const starts: number[] = [];
  let offset = 0;
  for (const entry of logprobs) {
    starts.push(offset);
    offset += entry.token.length;
  }
  if (logprobs.map((entry) => entry.token).join("") !== raw) return unknown();

  const spans = answerSpans(raw);
  const confidences: (number | null)[] = [];
  for (let item = 0; item < count; item++) {
    const span = spans[item];
    if (!span) {
      confidences.push(null);
      continue;
    }
    let logSum = 0;
    for (let t = 0; t < logprobs.length; t++) {
      const tokenStart = starts[t]!;
      const tokenEnd = tokenStart + logprobs[t]!.token.length;
      if (tokenEnd > span.start && tokenStart < span.end) logSum += logprobs[t]!.logprob;
    }
    confidences.push(Math.min(1, Math.exp(logSum)));
  }
  return confidences;
}

/** The character spans of the strings in the reply's "answers" array, in order. */
function answerSpans(raw: string): { start: number; end: number }[] {
  const opening = /"answers"\s*:\s*\[/.exec(raw);
  if (!opening) return [];
  const spans: { start: number; end: number }[] = [];
  let at = opening.index + opening[0].length;
  while (at < raw.length && raw[at] !== "]") {
    if (raw[at] !== '"') {
      at++;
      continue;
    }
    const start = at + 1;
    let end = start;
    while (end < raw.length && raw[end] !== '"') end += raw[end] === "\\" ? 2 : 1;
    // An empty string still gets the token that closed it, so it is never "certain" by default.
    spans.push({ start, end: Math.max(end, start + 1) });
    at = end + 1;
  }
  return spans;
}
