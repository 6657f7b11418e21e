// A program on this computer in a pseudo-terminal (vagrant up, vagrant ssh), through node-pty.
import { StringDecoder } from 'node:string_decoder';
import pty from 'node-pty';
import { AppError } from '../../../src-shared/errors';
import { clampSize, EventedSession, type SessionExit } from './session';

export interface PtySessionOptions {
  title?: string;
  file: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  cols?: number;
  rows?: number;
  term?: string;
}

const EXIT_QUIET_MS = 50;

export class PtySession extends EventedSession {
  readonly kind = 'pty' as const;
  readonly title: string;
  private readonly proc: pty.IPty;

  constructor(o: PtySessionOptions) {
    super();
    this.title = o.title ?? [o.file, ...o.args].join(' ');
    const size = clampSize(o.cols ?? 120, o.rows ?? 40);
    try {
      // Bytes, not strings: we decode, so a character split across reads stays whole.
      this.proc = pty.spawn(o.file, o.args, {
        name: o.term ?? 'xterm-256color',
        cols: size.cols,
        rows: size.rows,
        cwd: o.cwd ?? process.cwd(),
        env: Object.fromEntries(Object.entries(o.env ?? process.env).filter((e): e is [string, string] => e[1] !== undefined)),
        encoding: null,
      } as pty.IPtyForkOptions);
    } catch (err) {
      throw new AppError(`${o.file} could not be started in a terminal: ${(err as Error).message}`, {
        code: 'NOT_FOUND',
        device: 'this computer',
        command: [o.file, ...o.args].join(' '),
        fix: 'Check that the program is installed and on the PATH.',
      });
    }
    const decoder = new StringDecoder('utf8');
    // node-pty may report the exit before the last output has been read: report the exit once
    // the output has been quiet for a moment, so no view misses the program's last words.
    let pendingExit: SessionExit | null = null;
    let timer: NodeJS.Timeout | null = null;
    const settle = (): void => {
      if (!pendingExit) return;
      if (timer) clearTimeout(timer);
      const e = pendingExit;
      timer = setTimeout(() => {
        this.events.data(decoder.end());
        this.events.exit(e);
      }, EXIT_QUIET_MS);
    };
    this.proc.onData((d: string | Buffer) => {
      this.events.data(typeof d === 'string' ? d : decoder.write(d));
      settle();
    });
    this.proc.onExit(({ exitCode, signal }) => {
      pendingExit = { code: signal ? null : exitCode, ...(signal ? { signal: String(signal) } : {}) };
      settle();
    });
  }

  get pid(): number {
    return this.proc.pid;
  }

  write(data: string): void {
    if (!this.events.exited) this.proc.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.events.exited) return;
    const s = clampSize(cols, rows);
    this.proc.resize(s.cols, s.rows);
  }

  close(): void {
    if (this.events.exited) return;
    try {
      this.proc.kill('SIGHUP');
    } catch {
      /* already gone */
    }
  }
}
