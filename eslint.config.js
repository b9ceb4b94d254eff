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

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
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
