import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import devCerts from "office-addin-dev-certs";

/**
 * Whether the development CA that signs https://localhost is trusted by the system, so Office
 * will load the add-in. On Linux the system store is the bundle update-ca-certificates writes,
 * so any CA file can be looked up by fingerprint; on Windows and Mac, office-addin-dev-certs asks
 * the OS store, which knows only its own default CA. "unknown" when it cannot be told.
 */
export type CaTrust = "trusted" | "not-trusted" | "unknown";

const LINUX_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

export async function caTrust(
  caPath: string,
  isDefaultDirectory: boolean,
  bundle = LINUX_BUNDLE,
): Promise<CaTrust> {
  if (process.platform === "linux") {
    const [ca, system] = await Promise.all([
      readFile(caPath, "utf8"),
      readFile(bundle, "utf8").catch(() => null),
    ]);
    if (system === null) return "unknown";
    const wanted = new X509Certificate(ca).fingerprint256;
    const blocks = system.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    return blocks.some((block) => new X509Certificate(block).fingerprint256 === wanted)
      ? "trusted"
      : "not-trusted";
  }
  if (!isDefaultDirectory) return "unknown";
  try {
    return devCerts.isCaCertificateInstalled() ? "trusted" : "not-trusted";
  } catch {
    return "unknown";
  }
}

/** One line that tells the user how to trust the CA on their system. */
export function caTrustAdvice(caPath: string): string {
  switch (process.platform) {
    case "win32":
      return `Trust the development CA: run \`npx office-addin-dev-certs install\` in an elevated prompt, or import ${caPath} into "Trusted Root Certification Authorities".`;
    case "darwin":
      return `Trust the development CA: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${caPath}"`;
    default:
      return `Trust the development CA: copy ${caPath} to /usr/local/share/ca-certificates/office-addin-dev-ca.crt and run update-ca-certificates as root; browsers may also need it imported (chrome://settings/certificates).`;
  }
}
