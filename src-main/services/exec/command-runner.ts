// The one way the app runs a program on this computer: no shell, output decoded safely,
// captured with a cap, and always stopped (whole process tree) on timeout or cancel.
// It never rejects for the program's sake: not found, timed out, cancelled and non-zero exits
// all come back as a CommandResult for the caller to explain.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { performance } from 'node:perf_hooks';
import { formatCommand, shellStyleFor } from './shell-quote';
import { OutputTail } from './output-tail';
import { stopProcessTree } from './kill-tree';
import { planWindowsSpawn } from './windows-command';

export interface CommandSpec {
  file: string;
  args: string[];
  timeoutMs: number;
  cwd?: string;
  /** Merged over process.env; a key set to undefined is removed. */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. Without it stdin is /dev/null. */
  input?: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Characters kept per stream (the tail). Default 1,000,000. */
  maxOutputChars?: number;
  /** Time between the polite stop (SIGTERM) and the hard one (SIGKILL). Default 3 s. */
  killGraceMs?: number;
  /** Which shell's syntax `command` is written in. Default: the usual shell of this OS. */
  shellStyle?: 'posix' | 'cmd' | 'powershell';
  /** For tests of the Windows path logic; defaults to process.platform. */
  platform?: NodeJS.Platform;
}

export interface CommandResult {
  /** The command as the user would type it. */
  command: string;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  notFound: boolean;
  cancelled: boolean;
  durationMs: number;
  /** Why the program could not be started at all (not found, not executable, bad folder). */
  error?: string;
}

const DEFAULT_MAX_OUTPUT = 1_000_000;
const DEFAULT_KILL_GRACE_MS = 3_000;
// After the program exits, how long a grandchild may keep our pipes open before we let go.
const PIPE_LINGER_MS = 1_000;

export async function runCommand(spec: CommandSpec, opts: RunOptions = {}): Promise<CommandResult> {
  const platform = opts.platform ?? process.platform;
  const command = formatCommand(spec.file, spec.args, opts.shellStyle ?? shellStyleFor(platform));
  const started = performance.now();
  const base = {
    command,
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    notFound: false,
    cancelled: false,
  };
  const early = (extra: Partial<CommandResult>): CommandResult => ({
    ...base,
    ...extra,
    durationMs: performance.now() - started,
  });

  if (opts.signal?.aborted) return early({ cancelled: true });

  const env = mergeEnv(spec.env);
  if (spec.cwd !== undefined) {
    // spawn reports a missing cwd as ENOENT, which would read as "program not found".
    const isDir = await stat(spec.cwd).then((s) => s.isDirectory(), () => false);
    if (!isDir) return early({ error: `The working folder ${spec.cwd} does not exist.` });
  }

  let file = spec.file;
  let args = spec.args;
  const spawnOpts: SpawnOptions = {
    cwd: spec.cwd,
    env,
    shell: false,
    windowsHide: true,
    // Own process group on POSIX so a stop reaches the whole tree (see kill-tree.ts).
    detached: platform !== 'win32',
    stdio: [spec.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  };
  if (platform === 'win32') {
    const planned = planWindowsSpawn(spec.file, spec.args, env);
    if (!planned.ok) return early({ notFound: planned.notFound, error: planned.message });
    file = planned.plan.file;
    args = planned.plan.args;
    spawnOpts.windowsVerbatimArguments = planned.plan.windowsVerbatimArguments;
  }

  return new Promise<CommandResult>((resolve) => {
    const max = opts.maxOutputChars ?? DEFAULT_MAX_OUTPUT;
    const tails = { stdout: new OutputTail(max), stderr: new OutputTail(max) };
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    let exit: { code: number | null; signal: string | null } | null = null;
    let spawnError: NodeJS.ErrnoException | null = null;
    const timers: NodeJS.Timeout[] = [];

    let child: ChildProcess;
    try {
      child = spawn(file, args, spawnOpts);
    } catch (err) {
      // Synchronous spawn failures (EINVAL, bad arguments) are reported, never thrown.
      resolve(early({ error: (err as Error).message }));
      return;
    }

    const stop = (): void => {
      stopProcessTree(child, 'term', platform);
      const t = setTimeout(() => stopProcessTree(child, 'kill', platform), opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
      t.unref();
      timers.push(t);
    };

    const onAbort = (): void => {
      if (settled || exit) return;
      cancelled = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const timeout = setTimeout(() => {
      if (exit) return;
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    timers.push(timeout);

    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const emit = (stream: 'stdout' | 'stderr', text: string): void => {
      if (text === '') return;
      tails[stream].push(text);
      opts.onOutput?.(text, stream);
    };
    child.stdout?.on('data', (b: Buffer) => emit('stdout', decoders.stdout.write(b)));
    child.stderr?.on('data', (b: Buffer) => emit('stderr', decoders.stderr.write(b)));

    if (child.stdin) {
      // The program may exit without reading its input; that is not our failure.
      child.stdin.on('error', () => {});
      child.stdin.end(spec.input);
    }

    const finish = (): void => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      opts.signal?.removeEventListener('abort', onAbort);
      // Whatever a stopped command left behind in its group goes with it.
      if (timedOut || cancelled) stopProcessTree(child, 'kill', platform);
      emit('stdout', decoders.stdout.end());
      emit('stderr', decoders.stderr.end());
      const notFound = spawnError?.code === 'ENOENT';
      const result: CommandResult = {
        ...base,
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: withTruncationNote(tails.stdout),
        stderr: withTruncationNote(tails.stderr),
        timedOut,
        cancelled,
        notFound,
        durationMs: performance.now() - started,
      };
      if (spawnError) result.error = notFound ? `${spec.file} was not found.` : spawnError.message;
      resolve(result);
    };

    child.on('error', (err: NodeJS.ErrnoException) => {
      // 'error' without a pid means the program never started; otherwise 'close' follows.
      if (child.pid === undefined) {
        spawnError = err;
        finish();
      }
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A grandchild that left the group may hold our pipes open forever; stop waiting.
      const t = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, PIPE_LINGER_MS);
      t.unref();
      timers.push(t);
    });
    child.on('close', (code, signal) => {
      exit ??= { code, signal };
      finish();
    });
  });
}

function mergeEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function withTruncationNote(tail: OutputTail): string {
  const text = tail.toString();
  const dropped = tail.droppedChars;
  return dropped > 0 ? `[... ${dropped} earlier characters not kept ...]\n${text}` : text;
}
