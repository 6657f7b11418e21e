// An interactive shell on an SSH server (the XR CLI, the XR Linux shell, a devbox) with a pty;
// resizing sends the window-change the server's terminal reads (stty size, XR's width).
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from '../ssh/ssh-connection';
import { clampSize, SessionEvents, type Session, type SessionExit } from './session';

export interface SshShellSessionOptions {
  title?: string;
  cols?: number;
  rows?: number;
  term?: string;
}

export class SshShellSession implements Session {
  readonly id = randomUUID();
  readonly kind = 'ssh' as const;
  readonly title: string;
  private readonly events = new SessionEvents();

  private constructor(
    private readonly chan: ClientChannel,
    title: string,
  ) {
    this.title = title;
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    let code: number | null = null;
    let signal: string | undefined;
    chan.on('data', (b: Buffer) => this.events.data(out.write(b)));
    chan.stderr.on('data', (b: Buffer) => this.events.data(err.write(b)));
    chan.on('exit', (c: number | null, s?: string) => {
      code = c ?? null;
      signal = s ?? undefined;
    });
    chan.on('close', () => {
      this.events.data(out.end() + err.end());
      this.events.exit({ code, ...(signal ? { signal } : {}) });
    });
  }

  static async open(conn: SshConnection, o: SshShellSessionOptions = {}): Promise<SshShellSession> {
    const size = clampSize(o.cols ?? 120, o.rows ?? 40);
    const chan = await conn.shell({ term: o.term ?? 'xterm-256color', cols: size.cols, rows: size.rows });
    const session = new SshShellSession(chan, o.title ?? conn.describe());
    // A dropped connection ends the session even if the channel never says so.
    conn.onClose(() => session.events.exit({ code: null, signal: 'connection lost' }));
    return session;
  }

  get exited(): SessionExit | null {
    return this.events.exited;
  }

  onData(cb: (data: string) => void): () => void {
    return this.events.onData(cb);
  }

  onExit(cb: (exit: SessionExit) => void): () => void {
    return this.events.onExit(cb);
  }

  write(data: string): void {
    if (!this.events.exited) this.chan.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.events.exited) return;
    const s = clampSize(cols, rows);
    this.chan.setWindow(s.rows, s.cols, 0, 0);
  }

  close(): void {
    if (this.events.exited) return;
    this.chan.close();
  }
}
