import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

// Spreading an array into a call passes every element as an argument on the stack: past roughly
// 120,000 elements V8 throws "Maximum call stack size exceeded". Sheets hold 1,048,576 rows, so
// a spread of anything row-sized crashes big runs after all the model work is done.
const WHY =
  "an argument spread of a row-sized array overflows the stack past ~120,000 items (sheets have 1,048,576 rows)";
const unboundedSpreads = [
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
    message: `Math.max/min(...values): ${WHY}. Use reduce or a loop.`,
  },
  {
    selector: "CallExpression[callee.property.name=/^(push|unshift|splice|concat)$/] > SpreadElement",
    message: `push/unshift/splice/concat(...items): ${WHY}. Push in a loop, or build an array literal.`,
  },
  {
    selector:
      "CallExpression[callee.object.name='String'][callee.property.name=/^fromC(harCode|odePoint)$/] > SpreadElement",
    message: `String.fromCharCode/fromCodePoint(...codes): ${WHY}. Use TextDecoder or convert in chunks.`,
  },
  {
    selector: "CallExpression[callee.property.name='apply'][arguments.length=2]",
    message: `fn.apply(thisArg, array) passes the array as arguments: ${WHY}. Use a loop.`,
  },
];

// The house's floors, bottom to top. A room may import its own floor and those below it, never a
// room above it or a host/surface it does not belong to. Each entry lists what its files may NOT
// import (patterns on the import path); docs/architecture.md draws the same picture.
const ENGINE_ROOMS = [
  "errors",
  "settings",
  "sheet",
  "llm",
  "formula",
  "analysis",
  "cloud",
  "privacy",
  "routing",
  "bulk",
  "report",
  "ask-data",
  "tasks",
];
const HOSTS_AND_SURFACES = ["host", "addin", "cli", "server", "taskpane", "functions"];
const rooms = (names) => names.flatMap((name) => [`**/${name}/**`, `**/${name}`]);
const BOUNDARIES = [
  {
    room: "src/{errors,settings}",
    forbid: [...ENGINE_ROOMS.filter((r) => r !== "errors"), ...HOSTS_AND_SURFACES],
  },
  {
    room: "src/{sheet,llm}",
    forbid: [
      ...ENGINE_ROOMS.filter((r) => !["errors", "settings", "sheet", "llm"].includes(r)),
      ...HOSTS_AND_SURFACES,
    ],
  },
  {
    room: "src/formula",
    forbid: [
      "analysis",
      "cloud",
      "privacy",
      "routing",
      "bulk",
      "report",
      "ask-data",
      "tasks",
      ...HOSTS_AND_SURFACES,
    ],
  },
  {
    room: "src/analysis",
    forbid: ["cloud", "privacy", "routing", "bulk", "report", "ask-data", "tasks", ...HOSTS_AND_SURFACES],
  },
  {
    room: "src/{cloud,privacy}",
    forbid: ["formula", "analysis", "routing", "bulk", "report", "ask-data", "tasks", ...HOSTS_AND_SURFACES],
  },
  { room: "src/routing", forbid: ["bulk", "report", "ask-data", "tasks", ...HOSTS_AND_SURFACES] },
  {
    room: "src/bulk",
    forbid: ["cloud", "privacy", "routing", "report", "ask-data", "tasks", ...HOSTS_AND_SURFACES],
  },
  { room: "src/report", forbid: ["bulk", "ask-data", "tasks", ...HOSTS_AND_SURFACES] },
  // Ask your data's plans, executor, answer check and memory: computes with formula/analysis and
  // checks prose with report's number check; the conversation that escalates lives in src/tasks.
  { room: "src/ask-data", forbid: ["cloud", "privacy", "routing", "bulk", "tasks", ...HOSTS_AND_SURFACES] },
  { room: "src/tasks", forbid: HOSTS_AND_SURFACES },
  // exceljs and Node stay out of the page; Office stays out of Node.
  {
    room: "src/host/excel",
    forbid: ["host/xlsx", "host/node", "addin", "cli", "server", "taskpane", "functions"],
  },
  { room: "src/host/{xlsx,node}", forbid: ["host/excel", "addin", "cli", "server", "taskpane", "functions"] },
  { room: "src/addin", forbid: ["host/xlsx", "host/node", "cli", "server", "taskpane", "functions"] },
  { room: "src/cli", forbid: ["host/excel", "addin", "server", "taskpane", "functions"] },
  { room: "server", forbid: ["src/cli", "host/excel", "addin", "taskpane", "functions"] },
  { room: "functions", forbid: ["host/xlsx", "host/node", "cli", "server", "taskpane"] },
  { room: "taskpane/services", forbid: ["host/xlsx", "host/node", "cli", "server", "functions"] },
  // Views and components reach the engine and the host only through services.
  {
    room: "taskpane/{views,components}",
    forbid: ["src/host", "src/addin", "src/bulk", "host/xlsx", "cli", "server", "functions"],
  },
];
const boundaryRules = BOUNDARIES.map(({ room, forbid }) => ({
  files: [`${room}/**/*.{ts,tsx}`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: rooms(forbid),
            message: `${room} may not import this room (imports point down only; see docs/architecture.md, "Rooms").`,
          },
        ],
      },
    ],
  },
}));

// Office's globals belong to the Excel host (and the page's own entry point, which waits for Office).
const OFFICE_GLOBALS = ["Office", "OfficeRuntime", "Excel", "CustomFunctions"].map((name) => ({
  name,
  message: `${name} is Office's: use it in src/host/excel only.`,
}));

export default tseslint.config(
  { ignores: ["dist/**", "dist-node/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  {
    files: ["**/*.{js,cjs,mjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    files: ["src/**/*.{ts,tsx}", "server/**/*.ts", "taskpane/**/*.{ts,tsx}", "functions/**/*.ts"],
    rules: { "no-restricted-syntax": ["error", ...unboundedSpreads] },
  },
  ...boundaryRules,
  {
    files: ["src/**/*.{ts,tsx}", "taskpane/**/*.{ts,tsx}", "functions/**/*.ts", "server/**/*.ts"],
    ignores: ["src/host/excel/**"],
    rules: { "no-restricted-globals": ["error", ...OFFICE_GLOBALS] },
  },
  {
    // The host boundary: only the Excel adapter may call Excel.run. (A later entry replaces the
    // rule's options for its files, so the spread checks are repeated here.)
    files: ["src/**/*.{ts,tsx}", "taskpane/**/*.{ts,tsx}", "functions/**/*.ts"],
    ignores: ["src/host/excel/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Excel'][callee.property.name='run']",
          message: "Excel.run belongs in src/host/excel only.",
        },
        ...unboundedSpreads,
      ],
    },
  },
);
