// How xrcl talks to its caller: human text or exactly one JSON object on stdout, progress and
// logs on stderr, exit 0 on success, 1 on a failure (with the fix), 2 on a usage error.
import { AppError, toErrorEnvelope } from '../../src-shared/errors';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliIo {
  json: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Everything on standard input, for --password-stdin. */
  readStdin(): Promise<string>;
}

export function processIo(json: boolean): CliIo {
  return {
    json,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      if (process.stdin.isTTY) {
        throw new UsageError('--password-stdin reads the password from standard input; pipe it in (for example: printf %s "$PW" | xrcl ...).');
      }
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** The password from stdin, without the one trailing newline `echo` adds. */
export async function passwordFromStdin(io: CliIo, what = 'password'): Promise<string> {
  const text = (await io.readStdin()).replace(/\r?\n$/, '');
  if (!text) throw new UsageError(`No ${what} on standard input.`);
  return text;
}

/** Prints a result: the JSON object with --json, else the human text. */
export function printResult(io: CliIo, value: object, human: string): void {
  if (io.json) io.stdout(`${JSON.stringify(value)}\n`);
  else if (human) io.stdout(human.endsWith('\n') ? human : `${human}\n`);
}

/** Prints a failure the way the caller asked for and returns the exit status. */
export function printFailure(io: CliIo, err: unknown): number {
  if (err instanceof UsageError) {
    if (io.json) io.stdout(`${JSON.stringify({ error: { message: err.message, code: 'USAGE' } })}\n`);
    io.stderr(`xrcl: ${err.message}\nRun xrcl --help for the commands.\n`);
    return 2;
  }
  const env = err instanceof AppError ? err.toEnvelope() : toErrorEnvelope(err);
  if (io.json) {
    const error: Record<string, string> = { message: env.message, code: env.code };
    if (env.fix) error.fix = env.fix;
    if (env.device) error.device = env.device;
    if (env.command) error.command = env.command;
    io.stdout(`${JSON.stringify({ error })}\n`);
  } else {
    const lines = [`Error: ${env.message}`];
    if (env.device) lines.push(`  on: ${env.device}`);
    if (env.command) lines.push(`  command: ${env.command}`);
    if (env.detail) lines.push(...env.detail.trimEnd().split('\n').slice(-8).map((l) => `  | ${l}`));
    if (env.fix) lines.push(`Fix: ${env.fix}`);
    io.stderr(`${lines.join('\n')}\n`);
  }
  return 1;
}

/** A table for human output: columns padded to the widest cell. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

/** The one NAME (or FILE, DIR) a command takes. */
export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `Expected one ${what}, got ${positionals.length}: ${positionals.join(' ')}` : `${what} is missing.`);
  return positionals[0] as string;
}

/** A --port style argument: a whole number from 1 to 65535. */
export function portArg(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new UsageError(`${flag} must be a port number from 1 to 65535, not "${text}".`);
  return n;
}
