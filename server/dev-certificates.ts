import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import os from "node:os";
import devCerts from "office-addin-dev-certs";
import { caTrustAdvice } from "../src/host/node/certificate-trust";

/**
 * HTTPS for https://localhost:3000. Office only loads add-ins over HTTPS it trusts. We generate
 * the certificates with office-addin-dev-certs, then try to install its CA; that step needs admin
 * rights (sudo on Linux), so when it fails we still serve and tell the user how to trust the CA.
 */
export interface DevCertificates {
  key: Buffer;
  cert: Buffer;
  caPath: string;
  caInstalled: boolean;
  advice?: string;
}

export async function loadDevCertificates(directory?: string): Promise<DevCertificates> {
  const dir = directory ?? path.join(os.homedir(), ".office-addin-dev-certs");
  const caPath = path.join(dir, "ca.crt");
  const certPath = path.join(dir, "localhost.crt");
  const keyPath = path.join(dir, "localhost.key");
  if (!existsSync(certPath) || !existsSync(keyPath) || !devCerts.verifyCertificates(certPath, keyPath)) {
    await devCerts.generateCertificates(caPath, certPath, keyPath);
  }
  let caInstalled = false;
  let advice: string | undefined;
  if (directory === undefined) {
    try {
      caInstalled = devCerts.isCaCertificateInstalled();
      if (!caInstalled) {
        await devCerts.installCaCertificate(caPath);
        caInstalled = true;
      }
    } catch {
      advice = caTrustAdvice(caPath);
    }
  } else {
    advice = caTrustAdvice(caPath);
  }
  return { key: await readFile(keyPath), cert: await readFile(certPath), caPath, caInstalled, advice };
}
