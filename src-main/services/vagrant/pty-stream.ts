// Runs a program on a pseudo-terminal (node-pty) and streams what it prints. Vagrant only shows
// its live progress (box import percentages, carriage-return updates) to a terminal, so this is
// how the app runs it. Bytes are decoded here, never by node-pty, so a chunk handed to the
// callback always ends on a UTF-8 character boundary; nothing is dropped or reordered.
// Cancel: SIGINT to the program first (it cleans up as it would after a Ctrl-C), a second
// SIGINT after a grace period, then SIGTERM and SIGKILL to the whole process group.
import { StringDecoder } from 'node:string_decoder';
import { performance } from 'node:perf_hooks';
import pty from 'node-pty';
import { OutputTail } from '../exec/output-tail';

export interface PtySpec {
  file: string;
  args: string[];
  cwd: string;
  /** Merged over process.env; a key set to undefined is removed. */
  env?: NodeJS.ProcessEnv;
  cols?: number;
  rows?: number;
}

export interface PtyRunOptions {
  signal?: AbortSignal;
  /** Decoded text as it arrives; chunks split only between whole UTF-8 characters. */
  onData?: (text: string) => void;
  /** Time after the first interrupt for the program to clean up before a second one. Default 60 s. */
  interruptGraceMs?: number;
  /** Time after the second interrupt before SIGTERM, and after SIGTERM before SIGKILL. Default 5 s. */
  killGraceMs?: number;
  /** Characters of output kept for the result (the tail). Default 1,000,000. */
  maxOutputChars?: number;
}

export interface PtyResult {
  exitCode: number | null;
  /** Signal number that ended the program, or null. */
  signal: number | null;
  /** The tail of everything printed, as decoded text. */
  output: string;
  cancelled: boolean;
  /** Bytes read from the terminal. */
  bytes: number;
  durationMs: number;
  /** Why the program could not be started at all. */
  error?: string;
}

const CTRL_C = '\x03';

export function runInPty(spec: PtySpec, opts: PtyRunOptions = {}): Promise<PtyResult> {
  const started = performance.now();
  const tail = new OutputTail(opts.maxOutputChars ?? 1_000_000);
  if (opts.signal?.aborted) {
    return Promise.resolve({ exitCode: null, signal: null, output: '', cancelled: true, bytes: 0, durationMs: 0 });
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...spec.env })) if (v !== undefined) env[k] = v;
  for (const [k, v] of Object.entries(spec.env ?? {})) if (v === undefined) delete env[k];

  let proc: pty.IPty;
  try {
    proc = pty.spawn(spec.file, spec.args, {
      name: 'xterm-256color',
      cols: spec.cols ?? 160,
      rows: spec.rows ?? 40,
      cwd: spec.cwd,
      env,
      // Raw bytes: we decode, so characters split across reads are joined, not mangled.
      encoding: null,
    });
  } catch (err) {
    return Promise.resolve({
      exitCode: null,
      signal: null,
      output: '',
      cancelled: false,
      bytes: 0,
      durationMs: performance.now() - started,
      error: (err as Error).message,
    });
  }

  return new Promise<PtyResult>((resolve) => {
    const decoder = new StringDecoder('utf8');
    const timers: NodeJS.Timeout[] = [];
    let bytes = 0;
    let cancelled = false;
    let exited = false;

    const emit = (text: string): void => {
      if (text === '') return;
      tail.push(text);
      opts.onData?.(text);
    };
    proc.onData((data: string | Buffer) => {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      bytes += buf.length;
      emit(decoder.write(buf));
    });

    const signalGroup = (sig: NodeJS.Signals): void => {
      // Windows has no process groups to signal; node-pty ends the console's processes itself.
      if (process.platform === 'win32') {
        if (!exited) proc.kill();
        return;
      }
      // node-pty makes the child a session (and group) leader: -pid reaches its children too.
      try {
        process.kill(-proc.pid, sig);
      } catch {
        try {
          process.kill(proc.pid, sig);
        } catch {
          /* already gone */
        }
      }
    };
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => {
        if (!exited) fn();
      }, ms);
      t.unref();
      timers.push(t);
    };

    // SIGINT to the program itself, not to its whole group as a Ctrl-C typed into the terminal
    // would: vagrant then lets the docker or VBoxManage command it is running finish, and
    // cleans up, instead of seeing its own helpers die under it.
    const interrupt = (): void => {
      if (process.platform === 'win32') {
        proc.write(CTRL_C);
        return;
      }
      try {
        process.kill(proc.pid, 'SIGINT');
      } catch {
        /* already gone */
      }
    };

    const onAbort = (): void => {
      if (exited || cancelled) return;
      cancelled = true;
      const grace = opts.killGraceMs ?? 5_000;
      const interruptGrace = opts.interruptGraceMs ?? 60_000;
      interrupt();
      later(interruptGrace, () => {
        interrupt();
        later(grace, () => {
          signalGroup('SIGTERM');
          later(grace, () => signalGroup('SIGKILL'));
        });
      });
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    proc.onExit(({ exitCode, signal }) => {
      exited = true;
      timers.forEach(clearTimeout);
      opts.signal?.removeEventListener('abort', onAbort);
      emit(decoder.end());
      // Whatever a cancelled program left behind in its group (docker CLI, ssh) goes with it.
      if (cancelled) signalGroup('SIGKILL');
      resolve({
        exitCode: signal ? null : exitCode,
        signal: signal || null,
        output: tail.toString(),
        cancelled,
        bytes,
        durationMs: performance.now() - started,
      });
    });
  });
}
