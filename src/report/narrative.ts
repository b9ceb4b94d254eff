import { z } from "zod";
import type { OllamaClient } from "../llm/ollama-client";
import { checkNumbers } from "./number-check";
import type { FactTopic, Narrative, ReportFact } from "./report-types";

/**
 * The report's prose: the local model retells the computed facts, and its text is kept only if every
 * number in it is one of those facts. One rewrite is asked for, naming the numbers that failed; after
 * that the summary is the facts themselves, written by code.
 */

export const NARRATIVE_PROMPT_VERSION = 1;

const NarrativeSchema = z.object({
  summary: z.string(),
  highlights: z.array(z.string()).max(5),
});

const SYSTEM_PROMPT =
  "You write the summary at the top of a data report in Excel. You are given numbered facts computed " +
  "from the data; they are the only things you know about it. Write `summary`: two to four plain " +
  "sentences on what the data holds and what stands out, including its data-quality issues. Write " +
  "`highlights`: up to five short points a reader should act on or remember. Rules: every number and " +
  "date you write must appear in the facts; copy it as written there. Never calculate new numbers " +
  "(no differences, ratios, growth rates, shares or counts that are not listed) and never guess. No " +
  "markdown.";

export interface NarrativeModel {
  llm: OllamaClient;
  model: string;
  signal?: AbortSignal;
}

/** Writes a narrative from facts; `subject` names the table ("Orders!A1:H21"). */
export type Narrator = (facts: readonly ReportFact[], subject: string) => Promise<Narrative>;

/** Narratives from the local model, checked; the facts-only text after two failed attempts. */
export function modelNarrator(options: NarrativeModel): Narrator {
  return (facts, subject) => writeNarrative(facts, subject, options);
}

/** No model: the facts are the summary (the CLI's --facts-only, and tests). */
export const factsNarrator: Narrator = async (facts) =>
  factsOnlyNarrative(facts, "Written from the computed facts; no model was asked.");

export async function writeNarrative(
  facts: readonly ReportFact[],
  subject: string,
  options: NarrativeModel,
): Promise<Narrative> {
  const messages = [
    { role: "system", content: SYSTEM_PROMPT },
    {
      role: "user",
      content: `Facts about ${subject}:\n${facts.map((fact, i) => `${i + 1}. ${fact.text}`).join("\n")}`,
    },
  ];
  let rejected: string[] = [];
  let model: string | null = null;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const reply = await options.llm.chatStructured({
      model: options.model,
      schema: NarrativeSchema,
      messages,
      signal: options.signal,
    });
    model = reply.model;
    const summary = reply.value.summary.trim();
    const highlights = reply.value.highlights.map((h) => h.trim()).filter(Boolean);
    rejected = checkNumbers([summary, ...highlights], facts);
    if (summary && rejected.length === 0) {
      return {
        summary,
        highlights,
        source: "model",
        attempts: attempt,
        rejectedNumbers: [],
        note: null,
        model,
      };
    }
    messages.push(
      { role: "assistant", content: reply.raw },
      {
        role: "user",
        content: summary
          ? `These numbers are not in the facts: ${rejected.join(", ")}. Rewrite the summary and highlights ` +
            "using only numbers and dates that appear in the facts, copied as written."
          : "The summary is empty. Write it from the facts.",
      },
    );
  }
  // A cloud router (src/routing) would plug in here: with the user's consent and within budget, the
  // same facts-only prompt could go to a larger model before falling back. Out of scope for reports.
  const why = rejected.length
    ? `the model's text stated ${rejected.join(", ")}, which the computed facts do not support`
    : "the model returned no summary";
  return factsOnlyNarrative(facts, `Written from the computed facts: ${why}.`, {
    attempts: 2,
    rejectedNumbers: rejected,
    model,
  });
}

// The most telling facts first: the facts-only summary cannot weigh them, so it follows this order.
const HIGHLIGHT_ORDER: { topic: FactTopic; take: number }[] = [
  { topic: "trend", take: 1 },
  { topic: "measure", take: 2 },
  { topic: "category", take: 1 },
  { topic: "finding", take: 1 },
];

export function factsOnlyNarrative(
  facts: readonly ReportFact[],
  note: string,
  from: { attempts: number; rejectedNumbers: string[]; model: string | null } = {
    attempts: 0,
    rejectedNumbers: [],
    model: null,
  },
): Narrative {
  const about = (topic: FactTopic) => facts.filter((fact) => fact.topic === topic);
  const summary = [...about("table"), ...about("findings")].map((fact) => fact.text).join(" ");
  const highlights = HIGHLIGHT_ORDER.flatMap(({ topic, take }) => about(topic).slice(0, take)).map(
    (f) => f.text,
  );
  return { summary, highlights, source: "facts-only", note, ...from };
}
