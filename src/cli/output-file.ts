import { constants } from "node:fs";
import { copyFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "./cli-errors";

/**
 * The CLI never writes into the workbook it reads unless asked to: `--out` may not name the input
 * (by the same path, a symlink to it or a hard link to it), and `--in-place` writes into the input
 * only after copying it to a backup next to it. Checked once, before any command runs, so every
 * command that writes gets the same rule and no model time is spent on a run that would be refused.
 */
export interface OutputPlan {
  /** What --out now holds: the input itself with --in-place and no --out, otherwise unchanged. */
  out: string | undefined;
  /** The copy made before an --in-place run, if one was made. */
  backup: string | undefined;
}

export async function planOutput(options: {
  input: string | undefined;
  out: string | undefined;
  inPlace: boolean;
  now?: Date;
}): Promise<OutputPlan> {
  const { input, out, inPlace } = options;
  // Without an input the command reports its own usage error; nothing here to protect.
  if (input === undefined) return { out, backup: undefined };
  if (!inPlace) {
    if (out !== undefined && (await sameFile(input, out))) {
      throw new UsageError(
        `--out "${out}" is the input workbook "${input}" itself` +
          `${path.resolve(out) === path.resolve(input) ? "" : " (the same file by another path or a link)"}: ` +
          `excel-slm never writes over the workbook it reads. Give a new file, e.g. --out ${suggestedOut(input)}, ` +
          `or add --in-place to write into the input after keeping a backup copy of it.`,
      );
    }
    return { out, backup: undefined };
  }
  if (out !== undefined && !(await sameFile(input, out))) {
    throw new UsageError(
      `--in-place writes into the input workbook "${input}", but --out names another file "${out}". ` +
        `Leave out --out to write into the input, or leave out --in-place to write a new file.`,
    );
  }
  // A missing or unreadable input is the command's to report, in its own words.
  if (!(await stat(input).catch(() => null))?.isFile()) return { out: out ?? input, backup: undefined };
  const backup = await backUp(input, options.now ?? new Date());
  return { out: out ?? input, backup };
}

/** Whether `a` and `b` are one file: the same real path (symlinks resolved), or the same device and inode (hard links). */
export async function sameFile(a: string, b: string): Promise<boolean> {
  const [realA, realB] = await Promise.all([realTarget(a), realTarget(b)]);
  if (realA === realB) return true;
  const [statA, statB] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return statA !== null && statB !== null && statA.dev === statB.dev && statA.ino === statB.ino;
}

/** The real path of a file, or of the folder it would be created in when it does not exist yet. */
async function realTarget(file: string): Promise<string> {
  const absolute = path.resolve(file);
  const real = await realpath(absolute).catch(() => null);
  if (real !== null) return real;
  const folder = await realpath(path.dirname(absolute)).catch(() => path.dirname(absolute));
  return path.join(folder, path.basename(absolute));
}

/**
 * Copies `input` to "<name>.backup-YYYYMMDD-HHMMSS<ext>" next to it (local time). The copy is
 * exclusive: an existing backup (two runs in one second) is never overwritten; a "-2", "-3", ...
 * suffix is added instead.
 */
async function backUp(input: string, now: Date): Promise<string> {
  const { dir, name, ext } = path.parse(input);
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  for (let attempt = 1; ; attempt++) {
    const backup = path.join(dir, `${name}.backup-${stamp}${attempt === 1 ? "" : `-${attempt}`}${ext}`);
    try {
      await copyFile(input, backup, constants.COPYFILE_EXCL);
      return backup;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST" && attempt < 100) continue;
      const reason = error instanceof Error ? error.message : String(error);
      throw new UsageError(
        `--in-place could not keep a backup of "${input}" as "${backup}" (${reason}), so nothing was written. ` +
          `Make the folder writable, or write a new file with --out instead.`,
      );
    }
  }
}

function suggestedOut(input: string): string {
  const { dir, name, ext } = path.parse(input);
  return path.join(dir, `${name}-results${ext || ".xlsx"}`);
}
