// How a command is started on Windows without a shell.
//
// Node cannot start a .cmd/.bat file without a shell (it refuses since the 2024 "BatBadBut"
// fix), and many tools arrive as such shims. So on Windows we find the program ourselves:
//   1. Search PATH (never the current folder, so a planted vagrant.bat in a project folder is
//      not picked up) trying each PATHEXT extension, as cmd would.
//   2. A real executable (.exe/.com) is started directly by its full path; Node quotes argv.
//   3. A batch shim is started as `cmd.exe /d /s /c "<line>"` with verbatim arguments. Every
//      cmd metacharacter in the line is caret-escaped, twice for the arguments because the
//      shim's own `%*` is parsed by cmd a second time. Arguments holding % ! " or a line break
//      are refused: cmd has no reliable way to pass them to a batch file literally.
import path from 'node:path';
import { statSync } from 'node:fs';
import { quoteWindowsArgv } from './shell-quote';

export interface SpawnPlan {
  file: string;
  args: string[];
  windowsVerbatimArguments: boolean;
}

export type WindowsPlanResult =
  | { ok: true; plan: SpawnPlan; resolved: string }
  | { ok: false; notFound: true; message: string }
  | { ok: false; notFound: false; message: string };

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';
const CMD_META = /[()\][%!^"`<>&|;, *?]/g;
const UNSAFE_FOR_BATCH = /[%!"\r\n\0]/;

/** Reads an env variable the way Windows does: names are case-insensitive. */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

function defaultIsFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Full path of `file` the way cmd would find it, minus the current folder; null if absent. */
export function resolveWindowsExecutable(
  file: string,
  env: NodeJS.ProcessEnv,
  isFile: (p: string) => boolean = defaultIsFile,
): string | null {
  const exts = (envValue(env, 'PATHEXT') ?? DEFAULT_PATHEXT)
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const hasExt = path.win32.extname(file) !== '';
  const variants = (base: string): string[] => [...(hasExt ? [base] : []), ...exts.map((e) => base + e.toLowerCase())];

  if (/[\\/]/.test(file) || path.win32.isAbsolute(file)) {
    return variants(file).find(isFile) ?? null;
  }
  const dirs = (envValue(env, 'PATH') ?? '')
    .split(';')
    .map((d) => d.trim().replace(/^"(.*)"$/, '$1'))
    .filter((d) => d !== '');
  for (const dir of dirs) {
    const hit = variants(path.win32.join(dir, file)).find(isFile);
    if (hit) return hit;
  }
  return null;
}

/** What to hand to spawn on Windows for `file args`. */
export function planWindowsSpawn(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  isFile: (p: string) => boolean = defaultIsFile,
): WindowsPlanResult {
  const resolved = resolveWindowsExecutable(file, env, isFile);
  if (resolved === null) return { ok: false, notFound: true, message: `${file} was not found on PATH.` };

  const ext = path.win32.extname(resolved).toLowerCase();
  if (ext !== '.cmd' && ext !== '.bat') {
    return { ok: true, resolved, plan: { file: resolved, args: [...args], windowsVerbatimArguments: false } };
  }
  const bad = args.find((a) => UNSAFE_FOR_BATCH.test(a));
  if (bad !== undefined) {
    return {
      ok: false,
      notFound: false,
      message: `${path.win32.basename(resolved)} is a batch file, which cannot receive the argument ${JSON.stringify(bad)} safely (it holds % ! " or a line break).`,
    };
  }
  const line = [
    quoteWindowsArgv(resolved).replace(CMD_META, '^$&'),
    ...args.map((a) => quoteWindowsArgv(a, true).replace(CMD_META, '^$&').replace(CMD_META, '^$&')),
  ].join(' ');
  const comspec = envValue(env, 'ComSpec') ?? 'cmd.exe';
  return {
    ok: true,
    resolved,
    plan: { file: comspec, args: ['/d', '/s', '/c', `"${line}"`], windowsVerbatimArguments: true },
  };
}
