/** Money and token counts for the Activity view. */

/** Cloud costs are often fractions of a cent: show enough digits to be non-zero, no more. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0.00";
  if (Math.abs(usd) >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(2).replace(/0+$/, "")}`;
}

export function formatTokens(tokens: number): string {
  return new Intl.NumberFormat("en-US").format(tokens);
}
