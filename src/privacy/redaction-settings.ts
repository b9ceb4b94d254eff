import { z } from "zod";

/**
 * What the redactor replaces before a request leaves the machine. On by default, every category
 * on; the user may switch single categories off (say, IP addresses in a network inventory they
 * are happy to share) or redaction as a whole.
 */
export const PII_CATEGORIES = [
  "email",
  "phone",
  "card",
  "iban",
  "nationalId",
  "ipAddress",
  "secretUrl",
  "personName",
] as const;

export type PiiCategory = (typeof PII_CATEGORIES)[number];

/** The word inside a placeholder: [EMAIL_1], [NATIONAL_ID_2], ... */
export const PLACEHOLDER_LABELS: Readonly<Record<PiiCategory, string>> = {
  email: "EMAIL",
  phone: "PHONE",
  card: "CARD",
  iban: "IBAN",
  nationalId: "NATIONAL_ID",
  ipAddress: "IP",
  secretUrl: "URL",
  personName: "NAME",
};

const categoryFlags = Object.fromEntries(
  PII_CATEGORIES.map((category) => [category, z.boolean().default(true)]),
) as {
  [K in PiiCategory]: z.ZodDefault<z.ZodBoolean>;
};

export const RedactionSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  categories: z.object(categoryFlags).prefault({}),
});

export type RedactionSettings = z.infer<typeof RedactionSettingsSchema>;

export function defaultRedactionSettings(): RedactionSettings {
  return RedactionSettingsSchema.parse({});
}

export function enabledCategories(settings: RedactionSettings): Set<PiiCategory> {
  if (!settings.enabled) return new Set();
  return new Set(PII_CATEGORIES.filter((category) => settings.categories[category]));
}
