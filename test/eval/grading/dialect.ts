/**
 * Excel formula text → what HyperFormula reads the same way. Outside text constants and quoted sheet
 * names: the constants TRUE/FALSE become the functions TRUE()/FALSE() (HyperFormula has no boolean
 * literals), and Excel's FILTER becomes XLFILTER (see excel-extras.ts; HyperFormula's own FILTER is a
 * different function).
 */
const QUOTED = /("(?:[^"]|"")*"|'(?:[^']|'')*')/;

export function toHyperFormula(formula: string): string {
  return formula
    .split(QUOTED)
    .map((part, index) => (index % 2 === 1 ? part : rewrite(part)))
    .join("");
}

function rewrite(code: string): string {
  return code
    .replace(/(?<![A-Za-z0-9_.])FILTER\(/gi, "XLFILTER(")
    .replace(
      /(?<![A-Za-z0-9_.])(TRUE|FALSE)(?![A-Za-z0-9_.(])/gi,
      (word: string) => `${word.toUpperCase()}()`,
    );
}
