import { EXIT, UsageError } from "../cli-errors";
import { ollamaUrlFrom, settingsFrom, stringOption, type CliCommand, type CommandContext } from "../command";
import {
  checkCertificate,
  checkCloud,
  checkManifest,
  checkNode,
  checkOllama,
  checkPort,
  checkSlmHome,
  type CheckResult,
} from "../doctor-checks";

const MARK: Record<CheckResult["status"], string> = { ok: "ok  ", warn: "warn", fail: "FAIL", skip: "--  " };

/**
 * `excel-slm doctor`: every check on one screen, each failure with its fix. The exit code is a
 * verdict: 3 when a service is down or missing (Ollama, the model), else 2 for a configuration
 * problem, else 0; warnings never fail it.
 */
export const doctorCommand: CliCommand = {
  options: { port: { type: "string" } },
  async run(context) {
    if (context.positionals.length)
      throw new UsageError(`doctor takes no workbook ("${context.positionals[0]}").`);
    const settings = settingsFrom(context);
    const port = portFrom(context);
    const ollamaUrl = ollamaUrlFrom(context);
    const setup = { ollamaUrl, model: settings.model, numCtx: settings.numCtx, port, env: context.env };
    const checks = [
      checkNode(),
      ...(await checkOllama(setup)),
      await checkSlmHome(context.env),
      await checkCloud(context.env),
      await checkCertificate(context.env),
      await checkManifest(port, context.env),
      await checkPort(port, context.env),
    ];
    const failed = checks.filter((check) => check.status === "fail");
    const exitCode = failed.some((check) => check.kind === "service")
      ? EXIT.serviceUnavailable
      : failed.length
        ? EXIT.badInput
        : EXIT.ok;
    const lines = checks.map(
      (check) =>
        `${MARK[check.status]} ${check.name.padEnd(12)} ${check.detail}${check.fix ? `\n     fix: ${check.fix}` : ""}`,
    );
    lines.push(failed.length ? `${failed.length} check(s) failed.` : "All checks passed.");
    return { text: lines.join("\n"), json: { checks }, exitCode };
  },
};

function portFrom(context: CommandContext): number {
  const text = stringOption(context, "port") ?? context.env.PORT ?? "3000";
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--port must be 1-65535 (got "${text}").`);
  return port;
}
