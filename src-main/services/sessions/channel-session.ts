// The part every SSH-channel terminal shares (an XR or devbox shell, a shell in a container):
// output decoded as UTF-8 on both streams, the exit status remembered until the channel closes,
// window changes passed on, and a dropped connection ending the session.
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from '../ssh/ssh-connection';
import { clampSize, EventedSession } from './session';

export abstract class ChannelSession extends EventedSession {
  protected constructor(
    protected readonly chan: ClientChannel,
    conn: SshConnection,
  ) {
    super();
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    let code: number | null = null;
    let signal: string | undefined;
    chan.on('data', (b: Buffer) => this.receive(out.write(b)));
    chan.stderr.on('data', (b: Buffer) => this.receive(err.write(b)));
    chan.on('exit', (c: number | null, s?: string) => {
      code = c ?? null;
      signal = s ?? undefined;
    });
    chan.on('close', () => {
      this.finish(out.end() + err.end());
      this.events.exit({ code, ...(signal ? { signal } : {}) });
    });
    // A dropped connection ends the session even if the channel never says so.
    conn.onClose(() => this.events.exit({ code: null, signal: 'connection lost' }));
  }

  /** Decoded output as it arrives; a subclass may hold some back (see DockerExecSession). */
  protected receive(text: string): void {
    this.events.data(text);
  }

  /** The last decoded bytes when the channel closes, before the exit is reported. */
  protected finish(rest: string): void {
    this.events.data(rest);
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
    if (!this.events.exited) this.chan.close();
  }
}
