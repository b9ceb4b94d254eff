import { describeCondition } from "../formula/plan-conditions";
import type { AnalysisPlan } from "./analysis-plan";

/** The plan in words, as the answer shows it: "Sum of Revenue by Region, rows where Year is 2024". */
export function planInWords(plan: AnalysisPlan): string {
  if (plan.kind === "beyond_plans") return `No computation fits: ${plan.reason}`;
  const where = plan.filters.length
    ? `, rows where ${plan.filters.map(describeCondition).join(" and ")}`
    : "";
  switch (plan.kind) {
    case "aggregate": {
      const by = plan.groupBy.length
        ? ` by ${plan.groupBy.join(" and ")}${plan.period && plan.period !== "none" ? ` (per ${plan.period})` : ""}`
        : "";
      const order = plan.sort && plan.sort !== "table" ? `, ${plan.sort} first` : "";
      const limit = plan.limit ? `, top ${plan.limit}` : "";
      return `${measure(plan.function, plan.column)}${by}${where}${order}${limit}`;
    }
    case "compare":
      return `${measure(plan.function, plan.column)} for ${plan.compareColumn} ${String(plan.first)} vs ${String(plan.second)}${where}`;
    case "list_rows": {
      const sorted = plan.sortColumn ? `, sorted by ${plan.sortColumn} ${plan.order ?? "largest"} first` : "";
      const limit = plan.limit ? `, first ${plan.limit}` : "";
      const columns = plan.columns.length ? plan.columns.join(", ") : "all columns";
      return `Rows (${columns})${where}${sorted}${limit}`;
    }
    case "describe":
      return `Profile of ${plan.column}${where}`;
  }
}

function measure(fn: string, column: string | undefined): string {
  if (fn === "count" && !column) return "Count of rows";
  const name = fn.replace(/_/g, " ");
  return `${name[0]?.toUpperCase()}${name.slice(1)} of ${column ?? "rows"}`;
}
