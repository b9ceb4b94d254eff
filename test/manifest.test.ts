import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { GENERATE_REPORT_ACTION } from "../src/host/excel/ribbon-commands";
import { checkManifest, type ManifestCheckOptions } from "./support/manifest-checks";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rootManifest = path.join(root, "manifest.xml");
const distManifest = path.join(root, "dist", "manifest.xml");
const assetsDir = path.join(root, "assets");

type Node = Record<string, unknown>;

/** Plain (unordered) parse, as a second opinion next to the checker's own tree walk. */
function parse(xml: string): Node {
  return new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as Node;
}

function get(node: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((current, key) => (current as Node | undefined)?.[key], node);
}

function list(value: unknown): Node[] {
  return value === undefined ? [] : Array.isArray(value) ? (value as Node[]) : [value as Node];
}

/** The same checks for the source manifest and for the copy the build puts in dist/. */
function describeManifest(label: string, file: string, options: ManifestCheckOptions): void {
  describe(label, () => {
    const xml = readFileSync(file, "utf8");

    it("is well-formed XML", () => {
      expect(XMLValidator.validate(xml)).toBe(true);
    });

    it("passes every manifest check", () => {
      expect(checkManifest(xml, options)).toEqual([]);
    });

    it("wires one long-lived shared runtime to the task pane page", () => {
      const app = parse(xml).OfficeApp;
      const sets = list(get(app, "Requirements", "Sets", "Set"));
      expect(sets).toContainEqual(
        expect.objectContaining({ "@_Name": "SharedRuntime", "@_MinVersion": "1.1" }),
      );

      const host = list(get(app, "VersionOverrides", "Hosts", "Host")).find(
        (h) => h["@_xsi:type"] === "Workbook",
      );
      const runtime = get(host, "Runtimes", "Runtime") as Node;
      expect(runtime["@_lifetime"]).toBe("long");

      const customFunctions = list(get(host, "AllFormFactors", "ExtensionPoint")).find(
        (e) => e["@_xsi:type"] === "CustomFunctions",
      );
      const commandSurface = list(get(host, "DesktopFormFactor", "ExtensionPoint")).find(
        (e) => e["@_xsi:type"] === "PrimaryCommandSurface",
      );
      const tab = get(commandSurface, "CustomTab") as Node;
      expect(tab["@_id"]).toBe("SLM.Tab");
      const button = list(get(tab, "Group", "Control")).find((c) => c["@_id"] === "SLM.Assistant");
      expect(button, "the Assistant button is on the SLM tab").toBeDefined();
      expect(get(button, "Action", "@_xsi:type")).toBe("ShowTaskpane");

      const resid = runtime["@_resid"];
      expect(resid).toBeTypeOf("string");
      expect(get(customFunctions, "Page", "SourceLocation", "@_resid")).toBe(resid);
      expect(get(host, "DesktopFormFactor", "FunctionFile", "@_resid")).toBe(resid);
      expect(get(button, "Action", "SourceLocation", "@_resid")).toBe(resid);

      const namespaceResid = get(customFunctions, "Namespace", "@_resid");
      const shortStrings = list(get(app, "VersionOverrides", "Resources", "bt:ShortStrings", "bt:String"));
      expect(shortStrings.find((s) => s["@_id"] === namespaceResid)?.["@_DefaultValue"]).toBe("SLM");
    });
  });
}

describeManifest("manifest.xml", rootManifest, { assetsDir, executeFunctions: [GENERATE_REPORT_ACTION] });

describe("the Generate report button", () => {
  it("is a Button on the SLM tab that runs the function the shared runtime associates at start-up", () => {
    const app = parse(readFileSync(rootManifest, "utf8")).OfficeApp;
    const host = list(get(app, "VersionOverrides", "Hosts", "Host")).find(
      (h) => h["@_xsi:type"] === "Workbook",
    );
    const commandSurface = list(get(host, "DesktopFormFactor", "ExtensionPoint")).find(
      (e) => e["@_xsi:type"] === "PrimaryCommandSurface",
    );
    const button = list(get(commandSurface, "CustomTab", "Group", "Control")).find(
      (c) => c["@_id"] === "SLM.Report",
    );
    expect(button?.["@_xsi:type"]).toBe("Button");
    expect(get(button, "Action", "@_xsi:type")).toBe("ExecuteFunction");
    expect(get(button, "Action", "FunctionName")).toBe(GENERATE_REPORT_ACTION);
    const shortStrings = list(get(app, "VersionOverrides", "Resources", "bt:ShortStrings", "bt:String"));
    expect(shortStrings.find((s) => s["@_id"] === get(button, "Label", "@_resid"))?.["@_DefaultValue"]).toBe(
      "Generate report",
    );
  });
});

if (existsSync(distManifest)) {
  describeManifest("dist/manifest.xml (as built)", distManifest, {});
}

describe("checkManifest reports broken manifests", () => {
  const good = readFileSync(rootManifest, "utf8");
  const longId = "SLM.Assistant.Tooltip.Is.Too.Long"; // 33 characters

  /** Replaces text that must be present, so a changed manifest cannot make a case pass vacuously. */
  function edit(xml: string, from: string, to: string): string {
    expect(xml, `manifest contains ${from}`).toContain(from);
    return xml.replaceAll(from, to);
  }

  it("finds a missing resid, a 33-character id and an http URL in one manifest", () => {
    expect(longId).toHaveLength(33);
    let bad = edit(good, 'resid="SLM.Group.Label"', 'resid="SLM.Group.Missing"');
    bad = edit(bad, '"SLM.Assistant.Tooltip"', `"${longId}"`);
    bad = edit(bad, '"https://localhost:3000/functions.json"', '"http://localhost:3000/functions.json"');

    const problems = checkManifest(bad, { assetsDir });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/resid "SLM\.Group\.Missing".*not defined/),
        expect.stringMatching(new RegExp(`resource id "${longId.replaceAll(".", "\\.")}" is 33 characters`)),
        expect.stringMatching(/"http:\/\/localhost:3000\/functions\.json" is not https/),
      ]),
    );
  });

  it("finds a resid that differs between the runtime and the task pane", () => {
    let bad = edit(good, '<Runtime resid="Taskpane.Url"', '<Runtime resid="Functions.Script.Url"');
    expect(checkManifest(bad).join("\n")).toMatch(
      /one resid for Runtime, Page, FunctionFile and ShowTaskpane/,
    );
    bad = edit(good, '<FunctionFile resid="Taskpane.Url"', '<FunctionFile resid="Functions.Script.Url"');
    expect(checkManifest(bad).join("\n")).toMatch(/FunctionFile=Functions\.Script\.Url/);
  });

  it("finds a short-lived runtime, a missing SharedRuntime set and a wrong namespace", () => {
    expect(checkManifest(edit(good, 'lifetime="long"', 'lifetime="short"'))).toContainEqual(
      expect.stringMatching(/lifetime is "short"/),
    );
    expect(checkManifest(edit(good, 'Name="SharedRuntime"', 'Name="CustomFunctionsRuntime"'))).toContainEqual(
      expect.stringMatching(/SharedRuntime/),
    );
    expect(checkManifest(edit(good, 'DefaultValue="SLM" />', 'DefaultValue="CONTOSO" />'))).toContainEqual(
      expect.stringMatching(/Namespace resolves to "CONTOSO"/),
    );
  });

  it("finds a URL on another origin, a missing icon file and a missing ribbon button", () => {
    expect(
      checkManifest(
        edit(good, "https://localhost:3000/functions.js", "https://cdn.example.com/functions.js"),
      ),
    ).toContainEqual(expect.stringMatching(/not on the task pane origin https:\/\/localhost:3000/));
    expect(
      checkManifest(edit(good, "assets/icon-80.png", "assets/icon-81.png"), { assetsDir }),
    ).toContainEqual(expect.stringMatching(/icon-81\.png, which is not in/));
    expect(checkManifest(edit(good, 'id="SLM.Assistant"', 'id="SLM.Other"'))).toContainEqual(
      expect.stringMatching(/no <Control id="SLM\.Assistant">/),
    );
  });

  it("finds a report button that runs another function, or no function", () => {
    const options = { executeFunctions: [GENERATE_REPORT_ACTION] };
    expect(
      checkManifest(edit(good, "<FunctionName>generateReport<", "<FunctionName>makeReport<"), options),
    ).toContainEqual(
      expect.stringMatching(/no button on CustomTab "SLM\.Tab" runs ExecuteFunction "generateReport"/),
    );
    expect(
      checkManifest(edit(good, "<FunctionName>generateReport<", "<FunctionName>generate report<"), options),
    ).toContainEqual(expect.stringMatching(/FunctionName "generate report", not a function name/));
  });

  it("rejects XML that is not well-formed", () => {
    const problems = checkManifest(edit(good, "</Permissions>", "</Permission>"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/not well-formed/);
  });
});
