// A small `expect` for driving stock clients (ssh, sshpass) through a real pty in tests:
// wait for output matching a pattern, with a timeout, never a fixed sleep.
import pty from 'node-pty';

export interface SpawnOptions {
  cols?: number;
  rows?: number;
  cwd?: string;
  env?: Record<string, string>;
}

export class PtyExpect {
  private readonly proc: pty.IPty;
  /** Everything received so far. */
  all = '';
  /** Unconsumed output: expect() searches here and drops what it matched and what came before. */
  private buffer = '';
  private waiters: (() => void)[] = [];
  exitCode: number | null = null;
  private exitWaiters: ((code: number) => void)[] = [];

  constructor(file: string, args: string[], o: SpawnOptions = {}) {
    this.proc = pty.spawn(file, args, {
      name: 'xterm',
      cols: o.cols ?? 200,
      rows: o.rows ?? 50,
      cwd: o.cwd ?? process.cwd(),
      env: o.env ?? (process.env as Record<string, string>),
    });
    this.proc.onData((d) => {
      this.all += d;
      this.buffer += d;
      for (const w of this.waiters.splice(0)) w();
    });
    this.proc.onExit(({ exitCode }) => {
      this.exitCode = exitCode;
      for (const w of this.exitWaiters.splice(0)) w(exitCode);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  write(data: string): void {
    this.proc.write(data);
  }

  /** Types a line the way a terminal sends Enter (CR). */
  sendLine(line: string): void {
    this.proc.write(line + '\r');
  }

  resize(cols: number, rows: number): void {
    this.proc.resize(cols, rows);
  }

  /** Waits for the pattern; resolves with the text up to and including the match. */
  expect(pattern: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const find = (): { end: number; text: string } | null => {
      if (typeof pattern === 'string') {
        const i = this.buffer.indexOf(pattern);
        return i < 0 ? null : { end: i + pattern.length, text: this.buffer.slice(0, i + pattern.length) };
      }
      const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(this.buffer);
      return m ? { end: m.index + m[0].length, text: this.buffer.slice(0, m.index + m[0].length) } : null;
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`expect(${String(pattern)}) timed out after ${timeoutMs} ms; unconsumed output:\n${JSON.stringify(this.buffer.slice(-2000))}`));
      }, timeoutMs);
      const check = (): void => {
        const hit = find();
        if (hit) {
          clearTimeout(timer);
          this.buffer = this.buffer.slice(hit.end);
          resolve(hit.text);
          return;
        }
        if (this.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`expect(${String(pattern)}): process exited (${this.exitCode}); unconsumed output:\n${JSON.stringify(this.buffer.slice(-2000))}`));
          return;
        }
        this.waiters.push(check);
      };
      check();
    });
  }

  waitExit(timeoutMs = 10_000): Promise<number> {
    if (this.exitCode !== null) return Promise.resolve(this.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`process did not exit within ${timeoutMs} ms`)), timeoutMs);
      this.exitWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  kill(): void {
    if (this.exitCode === null) {
      try {
        this.proc.kill();
      } catch {
        /* gone */
      }
    }
  }
}
