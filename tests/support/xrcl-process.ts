// xrcl run as a process from the sources, as a script would run it: its exit status, stdout
// (one JSON object with --json) and stderr, with XRCL_HOME pointing at the test's data folder.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface XrclRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runXrcl(home: string, args: string[], stdin?: string): Promise<XrclRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'src-main/cli/xrcl.ts'), ...args],
      { cwd: root, env: { ...process.env, XRCL_HOME: home }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ status: err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** The JSON object a --json run printed. */
export function jsonOf<T = Record<string, unknown>>(run: XrclRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`xrcl printed no JSON (exit ${run.status}). stdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}
