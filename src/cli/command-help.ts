/**
 * What `excel-slm --help` says about each command, kept apart from the commands themselves so
 * that printing help (or a usage error) loads none of their code: no exceljs, SDK or engine.
 * The command modules take their usage lines from here, so each is written once.
 */
export const VALIDATE_RULE_USAGE =
  "validate <workbook.xlsx> --range 'Data!B2:B500' --rule 'is a valid EU VAT number' --out out.xlsx [--with-reason] [--target 'Data!C2'] [--overwrite] [--cache dir]";
export const VALIDATE_CHECKS_USAGE =
  "validate <workbook.xlsx> [--range 'Data!A1:H500' | --sheet Data] [--out checks.xlsx]";

export interface CommandHelp {
  summary: string;
  usage: string;
}

export const COMMAND_HELP = {
  ask: {
    summary: "Ask the local model a question, optionally about a range.",
    usage:
      "ask <workbook.xlsx> --ask '<prompt>' [--range 'Sheet!A1:D20'] " +
      "[--cloud openai|anthropic --escalate never|ask|auto [--yes]]",
  },
  classify: {
    summary: "Label each value with one of your labels (REVIEW when the model is unsure).",
    usage:
      "classify <workbook.xlsx> --range 'Data!B2:B500' (--labels 'a,b,c' | --labels-range 'Data!F1:F5') --out out.xlsx " +
      "[--target 'Data!C2'] [--instructions '...'] [--with-confidence] [--threshold 0.5] [--abstain-label REVIEW] [--overwrite] [--cache dir]",
  },
  extract: {
    summary: 'Extract a field from each text ("" where it is absent).',
    usage:
      "extract <workbook.xlsx> --range 'Data!B2:B500' --field 'invoice number' --out out.xlsx [--target 'Data!C2'] [--overwrite] [--cache dir]",
  },
  validate: {
    summary:
      "With --rule: check each value against a plain-language rule (TRUE/FALSE, optional reason). " +
      "Without: run the data checks (no model) and list the findings.",
    usage: `${VALIDATE_RULE_USAGE}\n             ${VALIDATE_CHECKS_USAGE}`,
  },
  formula: {
    summary:
      "Write an Excel formula from a plain-language request, checked on the sheet before it is offered.",
    usage:
      "formula <workbook.xlsx> --sheet Sales --ask 'total revenue for the West region in 2024' [--cell H2] [--range 'Sales!A1:F500'] " +
      "[--table Sales] [--no-xlookup] [--write --out out.xlsx [--allow-unverified]] " +
      "[--cloud openai|anthropic --escalate never|ask|auto [--yes]]",
  },
  report: {
    summary: "Write a data report (profiles, findings, charts, a checked summary) to a new sheet.",
    usage: "report <workbook.xlsx> [--sheet Data] [--range 'Data!A1:H500'] --out report.xlsx [--facts-only]",
  },
  explain: {
    summary:
      "Explain a cell's formula in plain words (complex ones may go to a cloud model, as your policy allows).",
    usage:
      "explain <workbook.xlsx> --cell 'Model!F12' [--cloud openai|anthropic|none] [--cloud-url URL] [--cloud-model NAME] " +
      "[--escalate never|ask|auto] [--yes]",
  },
  chat: {
    summary:
      "Ask questions about a table in a conversation; the model plans, code computes on every row, numbers are checked.",
    usage:
      "chat <workbook.xlsx> [--sheet Data | --range 'Data!A1:H500'] [--json] " +
      "[--cloud openai|anthropic --escalate never|ask|auto [--yes]]",
  },
  doctor: {
    summary:
      "Check the set-up (Node, Ollama and its version, the model, $SLM_HOME, cloud key, certificate, port); each failure with its fix.",
    usage: "doctor [--port 3000] [--json]",
  },
  serve: {
    summary: "Serve the add-in over HTTPS with the Ollama and cloud relays (what `npm start` runs).",
    usage: "serve [--port 3000] [--ollama http://127.0.0.1:11434]",
  },
} as const satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof COMMAND_HELP;
