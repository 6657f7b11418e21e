// The open terminals, by id: opened, listed, written to, resized and closed from the UI.
import { AppError } from '../../../src-shared/errors';
import type { SshConnection } from '../ssh/ssh-connection';
import { LogCoalescer } from '../tasks/log-coalescer';
import { PtySession, type PtySessionOptions } from './pty-session';
import type { Session, SessionExit } from './session';
import { SshShellSession, type SshShellSessionOptions } from './ssh-shell-session';

export interface SessionInfo {
  id: string;
  title: string;
  kind: Session['kind'];
  exited: SessionExit | null;
}

export type SessionEvent =
  | { type: 'opened'; session: SessionInfo }
  | { type: 'data'; id: string; data: string }
  | { type: 'exited'; id: string; exit: SessionExit };

export class SessionManager {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly onEvent: (e: SessionEvent) => void = () => undefined) {}

  openPty(o: PtySessionOptions): SessionInfo {
    return this.add(new PtySession(o));
  }

  async openSshShell(conn: SshConnection, o: SshShellSessionOptions = {}): Promise<SessionInfo> {
    return this.add(await SshShellSession.open(conn, o));
  }

  /** Takes over any Session (e.g. a `docker exec` one). */
  add(session: Session): SessionInfo {
    this.sessions.set(session.id, session);
    // Output leaves in few, larger events (at most every 40 ms), in order, before the exit.
    const out = new LogCoalescer((data) => this.onEvent({ type: 'data', id: session.id, data }));
    session.onData((data) => out.write(data));
    session.onExit((exit) => {
      out.end();
      this.onEvent({ type: 'exited', id: session.id, exit });
    });
    const info = this.info(session);
    this.onEvent({ type: 'opened', session: info });
    return info;
  }

  get(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) {
      throw new AppError('That terminal is no longer open.', { code: 'NOT_FOUND', fix: 'Open a new terminal.' });
    }
    return s;
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => this.info(s));
  }

  write(id: string, data: string): void {
    this.get(id).write(data);
  }

  resize(id: string, cols: number, rows: number): void {
    this.get(id).resize(cols, rows);
  }

  /** Ends the session and forgets it. */
  close(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    s.close();
    this.sessions.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  private info(s: Session): SessionInfo {
    return { id: s.id, title: s.title, kind: s.kind, exited: s.exited };
  }
}
