/**
 * The name of a request waiting for the user's consent: the consent queue files requests under it
 * (a cell that recalculates while waiting does not queue twice) and a decision made in the pane is
 * kept under it until the request runs again. Same task, same parts, same key.
 *
 * The parts are encoded as a JSON array, not joined with a separator: a prompt or formula may
 * contain any separator, and "a|b" + "" must not name the same request as "a" + "b|".
 */
export function consentKey(task: string, parts: readonly (string | null | undefined)[]): string {
  return JSON.stringify([task].concat(parts.map((part) => part ?? "")));
}
