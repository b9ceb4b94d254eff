// Offline checks for the XML add-in manifest: the rules that make Excel refuse to load the add-in
// (or load it without its shared runtime) and that no tool here verifies for us.
// Sources: docs develop/configure-your-add-in-to-use-a-shared-runtime.md (same resid everywhere,
// Runtime lifetime="long"), testing/troubleshoot-development-errors.md (every resid defined, ids at
// most 32 characters), and the Excel-Custom-Functions-Shared template.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface ManifestCheckOptions {
  /** Folder holding the icons; when set, every image URL under /assets/ must name a PNG there of the declared size. */
  assetsDir?: string;
  /** The ShortString the CustomFunctions Namespace must resolve to. Default "SLM". */
  namespace?: string;
  /** Id of the custom ribbon tab. Default "SLM.Tab". */
  tabId?: string;
  /** Id of the button that opens the task pane. Default "SLM.Assistant". */
  buttonId?: string;
  /**
   * Functions that ribbon buttons on the tab must run (ExecuteFunction), e.g. ["generateReport"]; the
   * page must call Office.actions.associate with the same names. Default: none required.
   */
  executeFunctions?: string[];
  /**
   * The origin the add-in is served from (e.g. https://localhost:3000, the port `serve` uses);
   * when set, the task pane and so every URL must be on it. Default: any one https origin.
   */
  origin?: string;
}

/** A parsed element: tag name as written (with its prefix), attributes, child elements, text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ATTRIBUTE_PREFIX = "@_";
const MAX_RESOURCE_ID = 32;
/** Limits from the bt:ShortStrings / bt:LongStrings schema. */
const MAX_SHORT_STRING = 125;
const MAX_LONG_STRING = 250;

type ResourceKind = "bt:Images" | "bt:Urls" | "bt:ShortStrings" | "bt:LongStrings";
const RESOURCE_KINDS: readonly ResourceKind[] = ["bt:Images", "bt:Urls", "bt:ShortStrings", "bt:LongStrings"];

/** Which resource list an element's resid must point into (elements not listed may use any). */
const RESID_KIND_BY_ELEMENT: Record<string, ResourceKind> = {
  "bt:Image": "bt:Images",
  SourceLocation: "bt:Urls",
  Runtime: "bt:Urls",
  FunctionFile: "bt:Urls",
  LearnMoreUrl: "bt:Urls",
  Label: "bt:ShortStrings",
  Title: "bt:ShortStrings",
  Namespace: "bt:ShortStrings",
  Description: "bt:LongStrings",
};

interface Resource {
  id: string;
  kind: ResourceKind;
  value: string;
}

type OrderedNode = Record<string, unknown>;

function toElements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const elements: XmlElement[] = [];
  for (const node of nodes as OrderedNode[]) {
    const name = Object.keys(node).find((key) => key !== ":@" && key !== "#text");
    if (name === undefined) continue;
    const rawAttributes = (node[":@"] ?? {}) as Record<string, unknown>;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(rawAttributes)) {
      attributes[key.startsWith(ATTRIBUTE_PREFIX) ? key.slice(ATTRIBUTE_PREFIX.length) : key] = String(value);
    }
    const content = node[name];
    const text = Array.isArray(content)
      ? (content as OrderedNode[])
          .filter((child) => "#text" in child)
          .map((child) => String(child["#text"]))
          .join("")
      : "";
    elements.push({ name, attributes, children: toElements(content), text: text.trim() });
  }
  return elements;
}

/** Parses XML into a document-ordered element tree (order matters: Runtimes must come first). */
export function parseManifest(xml: string): XmlElement[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    preserveOrder: true,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
  });
  return toElements(parser.parse(xml));
}

function* descendants(element: XmlElement): Generator<XmlElement> {
  for (const child of element.children) {
    yield child;
    yield* descendants(child);
  }
}

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** Follows a path of child names; each step takes the first match. */
function at(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  return names.reduce<XmlElement | undefined>((current, name) => child(current, name), element);
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Width and height from a PNG's IHDR chunk, or undefined when the file is not a PNG. */
function pngSize(file: string): { width: number; height: number } | undefined {
  const bytes = readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return undefined;
  if (bytes.subarray(12, 16).toString("ascii") !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Returns every problem found in the manifest text; an empty list means it passed.
 * Checks well-formedness, the shared-runtime wiring, resource ids, URLs, icons and the ribbon.
 */
export function checkManifest(xml: string, options: ManifestCheckOptions = {}): string[] {
  const expectedNamespace = options.namespace ?? "SLM";
  const tabId = options.tabId ?? "SLM.Tab";
  const buttonId = options.buttonId ?? "SLM.Assistant";
  const problems: string[] = [];

  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { code, msg, line, col } = validation.err;
    return [`not well-formed XML: ${code} ${msg} (line ${line}, column ${col})`];
  }

  const root = parseManifest(xml).find((e) => e.name === "OfficeApp");
  if (!root) return ["the root element is not <OfficeApp>"];
  if (root.attributes["xsi:type"] !== "TaskPaneApp") problems.push('OfficeApp xsi:type is not "TaskPaneApp"');
  const all = [root, ...descendants(root)];
  const appId = child(root, "Id")?.text ?? "";
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
    problems.push(`<Id> "${appId}" is not a GUID`);
  }
  const version = child(root, "Version")?.text ?? "";
  if (!/^\d{1,5}(\.\d{1,5}){0,3}$/.test(version)) problems.push(`<Version> "${version}" is not n.n.n.n`);

  // ---- Resources ----------------------------------------------------------------------------
  const resourcesElement = at(root, "VersionOverrides", "Resources");
  if (!resourcesElement) problems.push("VersionOverrides has no <Resources>");
  const resources = new Map<string, Resource>();
  for (const kind of RESOURCE_KINDS) {
    for (const entry of child(resourcesElement, kind)?.children ?? []) {
      const id = entry.attributes.id;
      if (id === undefined) {
        problems.push(`a resource in ${kind} has no id`);
        continue;
      }
      if (id.length > MAX_RESOURCE_ID) {
        problems.push(`resource id "${id}" is ${id.length} characters (max ${MAX_RESOURCE_ID})`);
      }
      if (resources.has(id)) problems.push(`resource id "${id}" is defined more than once`);
      const value = entry.attributes.DefaultValue;
      if (value === undefined || value === "") problems.push(`resource "${id}" has no DefaultValue`);
      const limit =
        kind === "bt:ShortStrings"
          ? MAX_SHORT_STRING
          : kind === "bt:LongStrings"
            ? MAX_LONG_STRING
            : undefined;
      if (limit !== undefined && (value ?? "").length > limit) {
        problems.push(`${kind} "${id}" is ${(value ?? "").length} characters (max ${limit})`);
      }
      resources.set(id, { id, kind, value: value ?? "" });
    }
  }

  // ---- Every resid resolves, to the right kind of resource ------------------------------------
  for (const element of all) {
    const resid = element.attributes.resid;
    if (resid === undefined) continue;
    if (resid.length > MAX_RESOURCE_ID) {
      problems.push(
        `resid "${resid}" on <${element.name}> is ${resid.length} characters (max ${MAX_RESOURCE_ID})`,
      );
    }
    const resource = resources.get(resid);
    if (!resource) {
      problems.push(`resid "${resid}" on <${element.name}> is not defined in <Resources>`);
      continue;
    }
    const expectedKind = RESID_KIND_BY_ELEMENT[element.name];
    if (expectedKind !== undefined && resource.kind !== expectedKind) {
      problems.push(
        `resid "${resid}" on <${element.name}> should be in ${expectedKind}, found in ${resource.kind}`,
      );
    }
  }

  // ---- Requirements: SharedRuntime 1.1 --------------------------------------------------------
  const sets = children(at(root, "Requirements", "Sets"), "Set");
  const sharedRuntime = sets.find((s) => s.attributes.Name === "SharedRuntime");
  if (!sharedRuntime) problems.push('Requirements has no <Set Name="SharedRuntime">');
  else if (sharedRuntime.attributes.MinVersion !== "1.1") {
    problems.push(`SharedRuntime MinVersion is "${sharedRuntime.attributes.MinVersion}", expected "1.1"`);
  }

  // ---- Shared runtime wiring ------------------------------------------------------------------
  const host = children(at(root, "VersionOverrides", "Hosts"), "Host").find(
    (h) => h.attributes["xsi:type"] === "Workbook",
  );
  if (!host) problems.push('VersionOverrides has no <Host xsi:type="Workbook">');
  if (host && host.children[0]?.name !== "Runtimes") {
    problems.push("<Runtimes> must be the first child of the Workbook <Host>");
  }
  const runtime = at(host, "Runtimes", "Runtime");
  if (!runtime) problems.push("the Workbook host declares no <Runtime>");
  else if (runtime.attributes.lifetime !== "long") {
    problems.push(
      `Runtime lifetime is "${runtime.attributes.lifetime ?? "(default short)"}", expected "long"`,
    );
  }

  const customFunctions = children(at(host, "AllFormFactors"), "ExtensionPoint").find(
    (e) => e.attributes["xsi:type"] === "CustomFunctions",
  );
  if (!customFunctions) problems.push('no <ExtensionPoint xsi:type="CustomFunctions"> under AllFormFactors');
  const desktop = at(host, "DesktopFormFactor");
  if (!desktop) problems.push("the Workbook host has no <DesktopFormFactor>");
  const showTaskpaneActions = [...(desktop ? descendants(desktop) : [])].filter(
    (e) => e.name === "Action" && e.attributes["xsi:type"] === "ShowTaskpane",
  );

  const sharedResids: [string, string | undefined][] = [
    ["Runtime", runtime?.attributes.resid],
    ["CustomFunctions Page", at(customFunctions, "Page", "SourceLocation")?.attributes.resid],
    ["FunctionFile", child(desktop, "FunctionFile")?.attributes.resid],
    ...showTaskpaneActions.map((action): [string, string | undefined] => [
      `ShowTaskpane SourceLocation (${child(action, "TaskpaneId")?.text ?? "no TaskpaneId"})`,
      child(action, "SourceLocation")?.attributes.resid,
    ]),
  ];
  for (const [where, resid] of sharedResids) {
    if (resid === undefined) problems.push(`${where} has no resid`);
  }
  const distinctResids = new Set(sharedResids.map(([, resid]) => resid).filter((r) => r !== undefined));
  if (distinctResids.size > 1) {
    problems.push(
      "the shared runtime needs one resid for Runtime, Page, FunctionFile and ShowTaskpane; found " +
        sharedResids.map(([where, resid]) => `${where}=${resid ?? "(none)"}`).join(", "),
    );
  }

  // ---- Custom functions -----------------------------------------------------------------------
  if (customFunctions) {
    for (const part of ["Script", "Page", "Metadata"]) {
      if (!at(customFunctions, part, "SourceLocation"))
        problems.push(`CustomFunctions has no <${part}><SourceLocation>`);
    }
    const namespaceResid = child(customFunctions, "Namespace")?.attributes.resid;
    const namespace = namespaceResid === undefined ? undefined : resources.get(namespaceResid)?.value;
    if (namespace !== expectedNamespace) {
      problems.push(
        `CustomFunctions Namespace resolves to "${namespace ?? "(nothing)"}", expected "${expectedNamespace}"`,
      );
    }
  }

  // ---- URLs: all https, all on the task pane's origin -----------------------------------------
  const taskpaneUrl =
    at(root, "DefaultSettings", "SourceLocation")?.attributes.DefaultValue ??
    (runtime?.attributes.resid === undefined ? undefined : resources.get(runtime.attributes.resid)?.value);
  const taskpaneOrigin = taskpaneUrl === undefined ? undefined : originOf(taskpaneUrl);
  if (taskpaneOrigin === undefined)
    problems.push("no valid task pane URL in <DefaultSettings><SourceLocation>");
  else if (options.origin !== undefined && taskpaneOrigin !== new URL(options.origin).origin) {
    problems.push(
      `the task pane is on ${taskpaneOrigin}, not on the served origin ${new URL(options.origin).origin}`,
    );
  }

  const urls: { where: string; url: string }[] = [];
  for (const name of ["IconUrl", "HighResolutionIconUrl", "SupportUrl"]) {
    const url = child(root, name)?.attributes.DefaultValue;
    if (url === undefined) problems.push(`<${name}> is missing`);
    else urls.push({ where: name, url });
  }
  for (const domain of children(child(root, "AppDomains"), "AppDomain")) {
    urls.push({ where: "AppDomain", url: domain.text });
    // The docs: protocol, host and port only; no path, no closing slash.
    if (originOf(domain.text) !== undefined && originOf(domain.text) !== domain.text) {
      problems.push(`AppDomain "${domain.text}" must be an origin only (no path or closing slash)`);
    }
  }
  for (const element of all) {
    if (element.name === "SourceLocation" && element.attributes.DefaultValue !== undefined) {
      urls.push({ where: "SourceLocation", url: element.attributes.DefaultValue });
    }
  }
  for (const kind of ["bt:Urls", "bt:Images"] as const) {
    for (const entry of child(resourcesElement, kind)?.children ?? []) {
      const id = entry.attributes.id ?? "(no id)";
      if (entry.attributes.DefaultValue !== undefined)
        urls.push({ where: `${kind} ${id}`, url: entry.attributes.DefaultValue });
      for (const override of children(entry, "bt:Override")) {
        if (override.attributes.Value !== undefined)
          urls.push({ where: `${kind} ${id} override`, url: override.attributes.Value });
      }
    }
  }
  for (const { where, url } of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`${where}: "${url}" is not a valid URL`);
      continue;
    }
    if (parsed.protocol !== "https:") problems.push(`${where}: "${url}" is not https`);
    if (taskpaneOrigin !== undefined && parsed.origin !== taskpaneOrigin) {
      problems.push(`${where}: "${url}" is not on the task pane origin ${taskpaneOrigin}`);
    }
  }

  // ---- Icons exist (and have the size the manifest declares) -----------------------------------
  if (options.assetsDir !== undefined) {
    const declaredSizes = new Map<string, Set<number>>();
    for (const element of all) {
      const resid = element.attributes.resid;
      const size = Number(element.attributes.size);
      if (element.name !== "bt:Image" || resid === undefined || !Number.isInteger(size)) continue;
      const url = resources.get(resid)?.value;
      if (url !== undefined) declaredSizes.set(url, (declaredSizes.get(url) ?? new Set()).add(size));
    }
    const expectedSize = (url: string, where: string): number | undefined =>
      where === "IconUrl"
        ? 32
        : where === "HighResolutionIconUrl"
          ? 64
          : [...(declaredSizes.get(url) ?? [])][0];
    for (const { where, url } of urls) {
      const pathname = originOf(url) === undefined ? undefined : new URL(url).pathname;
      const marker = pathname?.lastIndexOf("/assets/") ?? -1;
      if (pathname === undefined || marker < 0) continue;
      const relative = decodeURIComponent(pathname.slice(marker + "/assets/".length));
      const file = path.join(options.assetsDir, relative);
      if (!existsSync(file)) {
        problems.push(`${where}: "${url}" points at ${relative}, which is not in ${options.assetsDir}`);
        continue;
      }
      const size = pngSize(file);
      const expected = expectedSize(url, where);
      if (!size) problems.push(`${where}: ${relative} is not a PNG`);
      else if (expected !== undefined && (size.width !== expected || size.height !== expected)) {
        problems.push(
          `${where}: ${relative} is ${size.width}×${size.height}, declared ${expected}×${expected}`,
        );
      }
    }
  }

  // ---- Ribbon: the SLM tab and its Assistant button -------------------------------------------
  const tab = [...(desktop ? descendants(desktop) : [])].find(
    (e) => e.name === "CustomTab" && e.attributes.id === tabId,
  );
  if (!tab) problems.push(`no <CustomTab id="${tabId}"> on the ribbon`);
  else if (!child(tab, "Label")?.attributes.resid) problems.push(`CustomTab "${tabId}" has no Label`);
  const button = [...(tab ? descendants(tab) : [])].find(
    (e) => e.name === "Control" && e.attributes.id === buttonId,
  );
  if (tab && !button) problems.push(`CustomTab "${tabId}" has no <Control id="${buttonId}">`);
  if (button) {
    if (button.attributes["xsi:type"] !== "Button") problems.push(`Control "${buttonId}" is not a Button`);
    const action = child(button, "Action");
    if (action?.attributes["xsi:type"] !== "ShowTaskpane") {
      problems.push(`Control "${buttonId}" does not open the task pane (Action is not ShowTaskpane)`);
    }
  }
  // ---- Ribbon: ExecuteFunction buttons run a function the shared runtime associates --------------
  const executeActions = [...(desktop ? descendants(desktop) : [])].filter(
    (e) => e.name === "Action" && e.attributes["xsi:type"] === "ExecuteFunction",
  );
  const executed = executeActions.map((action) => child(action, "FunctionName")?.text ?? "");
  for (const name of executed) {
    // Office.actions.associate looks the name up as given; anything but an identifier is a typo.
    if (!/^[A-Za-z_$][\w$]*$/.test(name))
      problems.push(`ExecuteFunction has FunctionName "${name}", not a function name`);
  }
  const tabButtons = [...(tab ? descendants(tab) : [])].filter((e) => e.name === "Control");
  for (const name of options.executeFunctions ?? []) {
    const runs = tabButtons.find(
      (control) =>
        child(control, "Action")?.attributes["xsi:type"] === "ExecuteFunction" &&
        child(child(control, "Action"), "FunctionName")?.text === name,
    );
    if (!runs) problems.push(`no button on CustomTab "${tabId}" runs ExecuteFunction "${name}"`);
    else if (runs.attributes["xsi:type"] !== "Button")
      problems.push(`the control running "${name}" is not a Button`);
  }

  const controlIds = all
    .filter((e) => ["CustomTab", "Group", "Control"].includes(e.name))
    .map((e) => e.attributes.id);
  for (const id of new Set(controlIds)) {
    if (id === undefined) problems.push("a CustomTab, Group or Control has no id");
    else if (controlIds.filter((other) => other === id).length > 1)
      problems.push(`ribbon id "${id}" is used twice`);
  }

  return problems;
}
