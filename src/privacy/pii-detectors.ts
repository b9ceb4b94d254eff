import { findEmails, findIpAddresses, findPhones, findSecretUrls } from "./contact-detectors";
import { findCards, findIbans } from "./financial-detectors";
import { findNationalIds } from "./national-id-detectors";
import { matchAt, type Detector, type PiiMatch } from "./pii-match";
import type { PiiCategory } from "./redaction-settings";

/**
 * All detectors, in priority order. Overlapping matches are merged into one span (so no part of
 * either leaks, e.g. "+100 01 0001 00" read both as a phone and, inside it, as an SSN); the
 * earlier detector names the merged span.
 */
const DETECTORS: ReadonlyArray<readonly [PiiCategory, Detector]> = [
  ["secretUrl", findSecretUrls],
  ["email", findEmails],
  ["iban", findIbans],
  ["card", findCards],
  ["nationalId", findNationalIds],
  ["ipAddress", findIpAddresses],
  ["phone", findPhones],
];

/** Names learned from person columns, matched as whole words, case-insensitively. */
export function nameDetector(names: Iterable<string>): Detector | null {
  const unique = [...new Set([...names].map((name) => name.trim()).filter(Boolean))];
  if (unique.length === 0) return null;
  // Longest first, so "Ann Lee" wins over "Ann".
  unique.sort((a, b) => b.length - a.length);
  const escaped = unique.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escaped.join("|")})(?![\\p{L}\\p{N}_])`, "giu");
  return (text) => {
    const found: PiiMatch[] = [];
    for (const hit of text.matchAll(pattern)) {
      const start = hit.index ?? 0;
      found.push({
        category: "personName",
        start,
        end: start + hit[0].length,
        text: hit[0],
        key: hit[0].replace(/\s+/g, " ").toLowerCase(),
      });
    }
    return found;
  };
}

/** Non-overlapping matches of the enabled categories, in text order; overlaps are merged. */
export function findPii(
  text: string,
  enabled: ReadonlySet<PiiCategory>,
  names: Detector | null = null,
): PiiMatch[] {
  const ordered: Array<readonly [PiiCategory, Detector]> = [...DETECTORS];
  // Names rank after the shapes that can contain them (an email holding a name is an email).
  if (names) ordered.splice(3, 0, ["personName", names]);
  const found: Array<{ match: PiiMatch; rank: number }> = [];
  ordered.forEach(([category, detect], rank) => {
    if (enabled.has(category)) for (const match of detect(text)) found.push({ match, rank });
  });
  found.sort((a, b) => a.match.start - b.match.start || b.match.end - a.match.end || a.rank - b.rank);

  const merged: PiiMatch[] = [];
  let cluster: Array<{ match: PiiMatch; rank: number }> = [];
  const flush = () => {
    const [first] = cluster;
    if (!first) return;
    if (cluster.length === 1) {
      merged.push(first.match);
    } else {
      const start = cluster.reduce((low, item) => Math.min(low, item.match.start), Infinity);
      const end = cluster.reduce((high, item) => Math.max(high, item.match.end), -Infinity);
      const best = (items: typeof cluster) =>
        items.reduce<(typeof cluster)[number] | undefined>(
          (top, item) => (!top || item.rank < top.rank ? item : top),
          undefined,
        );
      // A match that covers the whole span (a URL with an email inside) names it and keeps its key,
      // so the value gets the same placeholder wherever it appears; a true union gets a key of its own.
      const covering = best(cluster.filter((item) => item.match.start === start && item.match.end === end));
      const lead = covering ?? best(cluster) ?? first;
      const key = covering ? covering.match.key : `merged:${text.slice(start, end)}`;
      merged.push(matchAt(lead.match.category, text, start, end, key));
    }
    cluster = [];
  };
  let clusterEnd = -1;
  for (const item of found) {
    if (item.match.start >= clusterEnd) {
      flush();
      clusterEnd = item.match.end;
    } else {
      clusterEnd = Math.max(clusterEnd, item.match.end);
    }
    cluster.push(item);
  }
  flush();
  return merged;
}
