import type { Token } from "excel-formula-tokenizer";

/**
 * Tokens back to formula text (with its "="), so references can be rewritten token by token instead of
 * by searching and replacing in the text, where the same characters may sit inside a string.
 */
export function tokensToFormula(tokens: readonly Token[]): string {
  let text = "=";
  for (const token of tokens) text += tokenText(token);
  return text;
}

function tokenText(token: Token): string {
  switch (token.type) {
    case "function":
      if (token.subtype === "start") {
        if (token.value === "ARRAY") return "{";
        return token.value === "ARRAYROW" ? "" : `${token.value}(`;
      }
      if (token.value === "ARRAY") return "}";
      return token.value === "ARRAYROW" ? "" : ")";
    case "subexpression":
      return token.subtype === "start" ? "(" : ")";
    case "operand":
      return token.subtype === "text" ? `"${token.value.replace(/"/g, '""')}"` : token.value;
    case "white-space":
      return " ";
    default:
      return token.value;
  }
}
