/**
 * Installed-model descriptions for the Ollama protocol test server, and the exact JSON shapes
 * Ollama builds from them for /api/tags, /api/show and /api/pull.
 */
import { createHash } from "node:crypto";

export interface OllamaModelSpec {
  /** e.g. "qwen2.5:3b"; a name without a tag means ":latest", as in Ollama. */
  name: string;
  family?: string;
  families?: string[];
  /** general.architecture; defaults to the family. */
  architecture?: string;
  /** The trained context length reported as model_info["<arch>.context_length"]. */
  contextLength?: number;
  parameterSize?: string;
  quantizationLevel?: string;
  size?: number;
  /** Hex sha256 without the "sha256:" prefix, as /api/tags shows it. */
  digest?: string;
  /** Defaults to ["completion"]; add "thinking" to accept `think: true`. */
  capabilities?: string[];
  modifiedAt?: string;
  /** The text block /api/show returns as `parameters`. */
  parameters?: string;
  template?: string;
  license?: string;
  system?: string;
  /** Extra or overriding model_info keys. */
  modelInfo?: Record<string, unknown>;
}

export interface ResolvedModel {
  name: string;
  family: string;
  families: string[];
  architecture: string;
  contextLength: number;
  parameterSize: string;
  quantizationLevel: string;
  size: number;
  digest: string;
  capabilities: string[];
  modifiedAt: string;
  parameters: string;
  template: string;
  license: string;
  system: string;
  modelInfo: Record<string, unknown>;
}

export const DEFAULT_MODEL: OllamaModelSpec = {
  name: "qwen2.5:3b",
  family: "qwen2",
  contextLength: 32768,
  parameterSize: "3.1B",
  quantizationLevel: "Q4_K_M",
  size: 1_929_912_432,
};

/** Fixed, so listings are deterministic; pulled models get the time of the pull instead. */
const DEFAULT_MODIFIED_AT = "2025-01-01T00:00:00.000Z";

const CHATML_TEMPLATE = [
  "{{- if .System }}<|im_start|>system",
  "{{ .System }}<|im_end|>",
  "{{ end }}{{- range .Messages }}<|im_start|>{{ .Role }}",
  "{{ .Content }}<|im_end|>",
  "{{ end }}<|im_start|>assistant",
  "",
].join("\n");

const FAMILY_PREFIXES: ReadonlyArray<[RegExp, string]> = [
  [/^qwen3/, "qwen3"],
  [/^qwen2/, "qwen2"],
  [/^(llama|mistral|tinyllama)/, "llama"],
  [/^gemma3/, "gemma3"],
  [/^gemma2/, "gemma2"],
  [/^phi4/, "phi3"],
  [/^phi3/, "phi3"],
];

export function normalizeModelName(name: string): string {
  const lastSegment = name.slice(name.lastIndexOf("/") + 1);
  return lastSegment.includes(":") ? name : `${name}:latest`;
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function guessFamily(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1).split(":")[0] ?? name;
  const known = FAMILY_PREFIXES.find(([pattern]) => pattern.test(base));
  return known ? known[1] : base.replace(/[.\d]+$/, "") || base;
}

function guessParameterSize(name: string): string {
  const match = /:(\d+(?:\.\d+)?)b\b/i.exec(name);
  return match ? `${match[1]}B` : "3B";
}

/** Roughly what a Q4_K_M GGUF weighs: ~0.6 bytes per parameter. */
function guessSize(parameterSize: string): number {
  const billions = Number.parseFloat(parameterSize) || 3;
  return Math.round(billions * 0.6e9);
}

function formatParameters(entries: ReadonlyArray<[string, string]>): string {
  // Ollama left-aligns the key in a 30-character column.
  return entries.map(([key, value]) => `${key.padEnd(30)} ${value}`).join("\n");
}

export function resolveModel(
  input: string | OllamaModelSpec,
  modifiedAt = DEFAULT_MODIFIED_AT,
): ResolvedModel {
  // A bare name of the default model means the fully described default, not a guess.
  const byName = typeof input === "string" && normalizeModelName(input) === DEFAULT_MODEL.name;
  const spec: OllamaModelSpec = typeof input !== "string" ? input : byName ? DEFAULT_MODEL : { name: input };
  const name = normalizeModelName(spec.name);
  const family = spec.family ?? guessFamily(name);
  const parameterSize = spec.parameterSize ?? guessParameterSize(name);
  return {
    name,
    family,
    families: spec.families ?? [family],
    architecture: spec.architecture ?? family,
    contextLength: spec.contextLength ?? 32768,
    parameterSize,
    quantizationLevel: spec.quantizationLevel ?? "Q4_K_M",
    size: spec.size ?? guessSize(parameterSize),
    digest: spec.digest ?? sha256Hex(`manifest:${name}`),
    capabilities: spec.capabilities ?? ["completion"],
    modifiedAt: spec.modifiedAt ?? modifiedAt,
    parameters:
      spec.parameters ??
      formatParameters([
        ["stop", '"<|im_start|>"'],
        ["stop", '"<|im_end|>"'],
      ]),
    template: spec.template ?? CHATML_TEMPLATE,
    license: spec.license ?? "Apache License\nVersion 2.0, January 2004",
    system: spec.system ?? "",
    modelInfo: spec.modelInfo ?? {},
  };
}

export function modelDetails(model: ResolvedModel): Record<string, unknown> {
  return {
    parent_model: "",
    format: "gguf",
    family: model.family,
    families: model.families,
    parameter_size: model.parameterSize,
    quantization_level: model.quantizationLevel,
  };
}

/** One entry of GET /api/tags (`api.ListModelResponse`). */
export function tagsEntry(model: ResolvedModel): Record<string, unknown> {
  return {
    name: model.name,
    model: model.name,
    modified_at: model.modifiedAt,
    size: model.size,
    digest: model.digest,
    details: modelDetails(model),
  };
}

/** The blobs a pull downloads: the weights and one small metadata layer. */
export function modelLayers(model: ResolvedModel): Array<{ digest: string; total: number }> {
  const metadataBytes = 1_482;
  return [
    {
      digest: `sha256:${sha256Hex(`weights:${model.name}`)}`,
      total: Math.max(1, model.size - metadataBytes),
    },
    { digest: `sha256:${sha256Hex(`template:${model.name}`)}`, total: metadataBytes },
  ];
}

function modelfile(model: ResolvedModel): string {
  const weights = modelLayers(model)[0]?.digest.replace(":", "-") ?? "";
  const parameters = model.parameters
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => `PARAMETER ${line.replace(/\s+/, " ")}`);
  return [
    '# Modelfile generated by "ollama show"',
    "# To build a new Modelfile based on this, replace FROM with:",
    `# FROM ${model.name}`,
    "",
    `FROM /usr/share/ollama/.ollama/models/blobs/${weights}`,
    `TEMPLATE """${model.template}"""`,
    ...parameters,
    `LICENSE """${model.license}"""`,
    "",
  ].join("\n");
}

function modelInfo(model: ResolvedModel): Record<string, unknown> {
  const arch = model.architecture;
  return {
    "general.architecture": arch,
    "general.basename": model.name.split(":")[0],
    "general.file_type": 15,
    "general.parameter_count": Math.round((Number.parseFloat(model.parameterSize) || 3) * 1e9),
    "general.quantization_version": 2,
    [`${arch}.block_count`]: 36,
    [`${arch}.context_length`]: model.contextLength,
    [`${arch}.embedding_length`]: 2048,
    "tokenizer.ggml.model": "gpt2",
    ...model.modelInfo,
  };
}

/** POST /api/show (`api.ShowResponse`); empty text fields are omitted as Go's omitempty does. */
export function showResponse(model: ResolvedModel): Record<string, unknown> {
  const response: Record<string, unknown> = {
    license: model.license,
    modelfile: modelfile(model),
    parameters: model.parameters,
    template: model.template,
    system: model.system,
    details: modelDetails(model),
    model_info: modelInfo(model),
    capabilities: model.capabilities,
    modified_at: model.modifiedAt,
  };
  for (const key of ["license", "parameters", "template", "system"]) {
    if (response[key] === "") delete response[key];
  }
  return response;
}

/**
 * One entry of GET /api/ps (`api.ProcessModelResponse`): a loaded model's memory is its weights
 * plus the KV cache and compute buffers; this CPU-only stand-in keeps nothing in VRAM.
 */
export function psEntry(model: ResolvedModel): Record<string, unknown> {
  const runtimeBytes = 400 * 2 ** 20;
  return {
    name: model.name,
    model: model.name,
    size: model.size + runtimeBytes,
    digest: model.digest,
    details: modelDetails(model),
    expires_at: new Date(Date.now() + 5 * 60_000).toISOString(),
    size_vram: 0,
    context_length: model.contextLength,
  };
}
