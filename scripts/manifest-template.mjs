// The add-in manifest is one template, manifest.xml, written for https://localhost:3000. Every
// manifest we hand out (the build's dist/manifest.xml, `excel-slm serve --port N`) is that
// template with its origin replaced. Plain JavaScript so webpack.config.js and the server share it.

/** The origin the template is written for. */
export const TEMPLATE_ORIGIN = "https://localhost:3000";

/**
 * The template with every URL moved to `baseUrl` (an https origin, optionally with a path).
 * AppDomain holds the bare origin, the other URLs the base with a trailing slash.
 * @param {string} template
 * @param {string} baseUrl
 * @returns {string}
 */
export function renderManifest(template, baseUrl) {
  const base = new URL(baseUrl);
  const withSlash = base.href.replace(/\/?$/, "/");
  return template.replaceAll(`${TEMPLATE_ORIGIN}/`, withSlash).replaceAll(TEMPLATE_ORIGIN, base.origin);
}
