// An interactive shell on an SSH server (the XR CLI, the XR Linux shell, a devbox) with a pty;
// resizing sends the window-change the server's terminal reads (stty size, XR's width).
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from '../ssh/ssh-connection';
import { ChannelSession } from './channel-session';
import { clampSize } from './session';

export interface SshShellSessionOptions {
  title?: string;
  cols?: number;
  rows?: number;
  term?: string;
}

export class SshShellSession extends ChannelSession {
  readonly kind = 'ssh' as const;

  static async open(conn: SshConnection, o: SshShellSessionOptions = {}): Promise<SshShellSession> {
    const size = clampSize(o.cols ?? 120, o.rows ?? 40);
    const chan = await conn.shell({ term: o.term ?? 'xterm-256color', cols: size.cols, rows: size.rows });
    return new SshShellSession(chan, conn, o.title ?? conn.describe());
  }

  private constructor(
    chan: ClientChannel,
    conn: SshConnection,
    readonly title: string,
  ) {
    super(chan, conn);
  }
}
