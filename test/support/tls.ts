import https from "node:https";
import os from "node:os";
import path from "node:path";
import { mkdtemp, readFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { loadDevCertificates, type DevCertificates } from "../../server/dev-certificates";

/** Development certificates generated into a temporary folder: tests never need the CA installed. */
export async function temporaryCertificates(): Promise<DevCertificates & { dir: string; ca: Buffer }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "slm-certs-"));
  const certificates = await loadDevCertificates(dir);
  return { ...certificates, dir, ca: await readFile(certificates.caPath) };
}

/** An HTTPS request that trusts `ca`; resolves when the response headers arrive, body unread. */
export function httpsRequest(
  url: string,
  options: {
    ca: Buffer;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      { ca: options.ca, method: options.method ?? "GET", headers: options.headers, signal: options.signal },
      resolve,
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

export async function readBody(response: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of response) text += String(chunk);
  return text;
}
