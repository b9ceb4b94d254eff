import packageJson from "../../../package.json" with { type: "json" };

/**
 * The version every `--version` prints (CLI and server). Imported rather than read from disk, so
 * the built bundle carries it and no path from the bundle back to package.json is needed.
 */
export const PACKAGE_VERSION: string = packageJson.version;
