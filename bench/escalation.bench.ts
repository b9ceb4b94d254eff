/**
 * `npm run bench -- escalation`: on the formula eval set answered by the scripted weak model, how
 * often the router would escalate to the cloud under policy "auto" (the trigger: no verified
 * formula after repair), what those escalations would cost, and what the local work saved: its
 * tokens priced at the cloud model's rates ("cost avoided"). Baseline in the same run: sending
 * every request to the cloud model.
 */
import { OpenAiCompatibleProvider } from "../src/cloud/openai-compatible-provider";
import { MemoryAuditLog } from "../src/routing/audit-log";
import { CloudPolicySchema } from "../src/routing/cloud-policy";
import { CloudRouter } from "../src/routing/cloud-router";
import { costOf } from "../src/routing/price-table";
import { MemoryUsageStore } from "../src/routing/usage-store";
import { runFormulaEval } from "../test/eval/runner";
import type { BenchmarkReport } from "./report";

const CLOUD_MODEL = "gpt-4o-mini";

export async function run(): Promise<BenchmarkReport> {
  const report = await runFormulaEval({ model: "scripted-weak" });
  const policy = CloudPolicySchema.parse({
    mode: "auto",
    maxRequestsPerDay: 1_000,
    maxTokensPerDay: 10_000_000,
  });
  // Decisions only: nothing is sent, so the provider's address is never contacted.
  const provider = new OpenAiCompatibleProvider({
    apiKey: "unused",
    model: CLOUD_MODEL,
    baseUrl: "http://127.0.0.1:9/v1",
  });
  const router = new CloudRouter({
    policy,
    provider,
    audit: new MemoryAuditLog(),
    usage: new MemoryUsageStore(),
  });

  let escalated = 0;
  let escalatedCost = 0;
  let localTokens = 0;
  let avoided = 0;
  let allCloud = 0;
  for (const outcome of report.outcomes) {
    const usage = { inputTokens: outcome.promptTokens, outputTokens: outcome.outputTokens };
    localTokens += usage.inputTokens + usage.outputTokens;
    allCloud += costOf(policy.prices, CLOUD_MODEL, usage) ?? 0;
    const decision = await router.decide({
      task: "formula",
      messages: [{ role: "user", content: outcome.id }],
      signals: {
        noVerifiedFormula: outcome.status === "no-verified-formula",
        inputTokens: Math.max(1, Math.round(outcome.promptTokens / Math.max(1, outcome.repairRounds + 1))),
      },
    });
    if (decision.route === "cloud") {
      escalated++;
      escalatedCost += decision.estimatedCost?.usd ?? 0;
    } else {
      avoided += costOf(policy.prices, CLOUD_MODEL, usage) ?? 0;
    }
  }
  const cases = report.outcomes.length;
  const usd = (n: number) => `$${n.toFixed(4)}`;
  return {
    title: "escalation: formula eval (scripted-weak) under policy auto",
    columns: [
      "cases",
      "escalated to cloud",
      "escalation rate",
      "cloud cost of escalations",
      "cost avoided (local work at cloud prices)",
      "all-cloud baseline cost",
      "local tokens",
    ],
    rows: [
      [
        cases,
        escalated,
        `${((escalated / cases) * 100).toFixed(1)}%`,
        usd(escalatedCost),
        usd(avoided),
        usd(allCloud),
        localTokens.toLocaleString("en-US"),
      ],
    ],
    notes: [
      `Cloud prices: ${CLOUD_MODEL} from the editable default price table (src/routing/price-table.ts). Escalation is decided by the real CloudRouter; nothing is sent.`,
      "Trigger: 'no verified formula after repair' (the dangerous and never-recovering planted faults). The escalation cost is the router's estimate for one request of the case's first-round prompt size plus 500 output tokens.",
      "Tokens are the scripted server's counts (about 4 characters per token), so the dollar figures are indicative; the rate is exact.",
    ],
    failedTargets: [],
  };
}
