import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderManifest, TEMPLATE_ORIGIN } from "../scripts/manifest-template.mjs";
import { checkManifest } from "./support/manifest-checks";
import { projectRoot } from "./support/processes";

/**
 * Offline checks of the manifests we hand out, all rendered from the one template (manifest.xml):
 * the build's dist/manifest.xml and the one `excel-slm serve --port N` writes. No package ships
 * Microsoft's XSD schemas for add-in manifests (office-addin-manifest validates online only), so
 * these are the rules that validator applies that can be checked here: GUID id, n.n.n.n version,
 * https URLs on the served origin and port, icons present at their declared sizes, the
 * SharedRuntime requirement and the SLM function namespace (test/support/manifest-checks.ts).
 */
const template = readFileSync(path.join(projectRoot, "manifest.xml"), "utf8");
const assetsDir = path.join(projectRoot, "assets");

describe("the manifest template", () => {
  it("renders for another port and another host, and each rendering passes the checks for its origin", () => {
    for (const base of ["https://localhost:4123", "https://addin.example.com/slm/"]) {
      const xml = renderManifest(template, base);
      expect(xml).not.toContain(TEMPLATE_ORIGIN);
      expect(checkManifest(xml, { assetsDir, origin: base })).toEqual([]);
    }
  });

  it("fails a manifest for another port than the one served", () => {
    const xml = renderManifest(template, "https://localhost:4123");
    expect(checkManifest(xml, { assetsDir, origin: "https://localhost:3000" })).toContainEqual(
      expect.stringMatching(
        /task pane is on https:\/\/localhost:4123, not on the served origin https:\/\/localhost:3000/,
      ),
    );
  });

  it("fails a manifest whose icon is missing from the assets", () => {
    const xml = template.replaceAll("assets/icon-32.png", "assets/icon-33.png");
    expect(checkManifest(xml, { assetsDir, origin: TEMPLATE_ORIGIN })).toContainEqual(
      expect.stringMatching(/icon-33\.png, which is not in/),
    );
  });

  it("fails a manifest whose id is not a GUID or whose version is not n.n.n.n", () => {
    const id = template.match(/<Id>(.*)<\/Id>/)![1]!;
    expect(checkManifest(template.replace(id, "excel-slm"))).toContainEqual(
      expect.stringMatching(/is not a GUID/),
    );
    expect(checkManifest(template.replace("<Version>0.1.0.0<", "<Version>0.1.0-beta<"))).toContainEqual(
      expect.stringMatching(/is not n\.n\.n\.n/),
    );
  });
});

// The build writes dist/; `npm test` builds before the tests run.
const built = path.join(projectRoot, "dist", "manifest.xml");
describe.runIf(existsSync(built))("dist/manifest.xml (as built)", () => {
  it("is the template rendered for the build's URL, on that origin, with its icons in dist/assets", () => {
    const xml = readFileSync(built, "utf8");
    const origin = process.env.ADDIN_PUBLIC_URL || TEMPLATE_ORIGIN;
    expect(xml).toBe(renderManifest(template, origin));
    expect(checkManifest(xml, { assetsDir: path.join(projectRoot, "dist", "assets"), origin })).toEqual([]);
  });
});
