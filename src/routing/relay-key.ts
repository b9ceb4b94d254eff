/**
 * The per-launch relay key. The local server makes a random key each time it starts, puts it into
 * the add-in page it serves (a <meta> tag) and refuses /ollama and /cloud requests that do not
 * carry it in a header. Only a page the server served can read it: other local processes and
 * other web pages (which cannot read our page across origins) cannot, so they cannot use the relay.
 * Shared by the server (which checks it) and the page (which sends it).
 */
export const RELAY_KEY_HEADER = "x-slm-relay-key";
export const RELAY_KEY_META = "slm-relay-key";

/** The key the server put into this page; null outside a served page (Node, tests without a server). */
export function relayKeyFromPage(): string | null {
  if (typeof document === "undefined") return null;
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${RELAY_KEY_META}"]`);
  return meta?.content || null;
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/**
 * `fetch` that adds the relay key to requests below one of `bases` (the relay's own /ollama and
 * /cloud URLs) and to nothing else: a direct Ollama or any other host never sees the key.
 */
export function fetchWithRelayKey(
  base: typeof fetch,
  key: string | null,
  bases: readonly string[],
): typeof fetch {
  if (!key) return base;
  const prefixes = bases.map((url) => url.replace(/\/+$/, ""));
  return (input, init) => {
    const url = urlOf(input);
    if (!prefixes.some((prefix) => url === prefix || url.startsWith(`${prefix}/`))) return base(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set(RELAY_KEY_HEADER, key);
    return base(input, { ...init, headers });
  };
}
