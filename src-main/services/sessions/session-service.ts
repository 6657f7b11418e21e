// Terminals into routers for the UI: an SSH shell on the XR CLI or the XR shell, its output
// kept (bounded) so a view opened late shows it all, and sent in batches with offsets, the same
// way task logs are (one joiner in the renderer serves both).
import type { SessionView } from '../../../src-shared/types/sessions';
import type { TaskLogText } from '../../../src-shared/types/tasks';
import type { EventHub } from '../events/event-hub';
import type { RouterAccess } from '../routers/router-access';
import type { SshPool } from '../ssh/ssh-pool';
import type { Endpoint } from '../targets/target-service';
import { LogBuffer } from '../tasks/log-buffer';
import { LogCoalescer } from '../tasks/log-coalescer';
import type { Session } from './session';
import { SessionManager, type SessionInfo } from './session-manager';

interface Output {
  log: LogBuffer;
  coalescer: LogCoalescer;
}

export class SessionService {
  private readonly outputs = new Map<string, Output>();
  private readonly targets = new Map<string, string>();
  private readonly manager: SessionManager;

  constructor(
    private readonly hub: EventHub,
    private readonly routers: RouterAccess,
    private readonly pool: SshPool,
  ) {
    this.manager = new SessionManager((e) => {
      if (e.type === 'data') {
        const out = this.output(e.id);
        out.log.append(e.data);
        out.coalescer.write(e.data);
      } else if (e.type === 'exited') {
        this.output(e.id).coalescer.flush();
        hub.emit('session.exit', { id: e.id, exit: e.exit });
      }
    });
  }

  async open(name: string, endpoint: Endpoint, size: { cols: number; rows: number }, opts: { acceptNew?: boolean } = {}): Promise<SessionView> {
    const target = this.routers.sshTarget(name, endpoint, { acceptNew: opts.acceptNew });
    const conn = await this.pool.get(target);
    const where = endpoint === 'cli' ? 'XR CLI' : 'XR shell';
    const info = await this.manager.openSshShell(conn, { title: `${name} ${where}`, cols: size.cols, rows: size.rows, term: 'xterm-256color' });
    this.targets.set(info.id, name);
    return this.view(info);
  }

  /** Takes over a session another service opened (a shell in a container), shown like the others. */
  adopt(session: Session, target: string): SessionView {
    const info = this.manager.add(session);
    this.targets.set(info.id, target);
    return this.view(info);
  }

  list(): SessionView[] {
    return this.manager.list().map((s) => this.view(s));
  }

  history(id: string): TaskLogText {
    this.manager.get(id);
    return this.output(id).log.read();
  }

  write(id: string, data: string): void {
    this.manager.write(id, data);
  }

  resize(id: string, cols: number, rows: number): void {
    this.manager.resize(id, cols, rows);
  }

  close(id: string): void {
    this.manager.close(id);
    this.outputs.get(id)?.coalescer.flush();
    this.outputs.delete(id);
    this.targets.delete(id);
    this.hub.emit('session.closed', { id });
  }

  closeAll(): void {
    for (const s of this.manager.list()) this.close(s.id);
  }

  private view(s: SessionInfo): SessionView {
    return { id: s.id, title: s.title, kind: s.kind, target: this.targets.get(s.id) ?? null, exited: s.exited };
  }

  private output(id: string): Output {
    let out = this.outputs.get(id);
    if (!out) {
      out = { log: new LogBuffer(), coalescer: new LogCoalescer((data, offset) => this.hub.emit('session.data', { id, offset, data })) };
      this.outputs.set(id, out);
    }
    return out;
  }
}
