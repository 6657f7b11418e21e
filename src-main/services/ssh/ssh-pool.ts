// One live connection per target (address, user and route). A connection that dropped is
// replaced on the next request, so the next command reconnects by itself.
import { connectSsh, type SshConnection, type SshDeps } from './ssh-connection';
import { targetKey, type SshTarget } from './ssh-target';

export class SshPool {
  private readonly live = new Map<string, SshConnection>();
  private readonly connecting = new Map<string, Promise<SshConnection>>();

  constructor(
    private readonly deps: SshDeps,
    private readonly connect: typeof connectSsh = connectSsh,
  ) {}

  /** The open connection for `target`, or a new one (concurrent callers share one attempt). */
  async get(target: SshTarget, opts: { signal?: AbortSignal } = {}): Promise<SshConnection> {
    const key = targetKey(target);
    const existing = this.live.get(key);
    if (existing?.isOpen) return existing;
    if (existing) this.live.delete(key);
    const pending = this.connecting.get(key);
    if (pending) return pending;
    const attempt = this.connect(target, this.deps, opts)
      .then((conn) => {
        this.live.set(key, conn);
        conn.onClose(() => {
          if (this.live.get(key) === conn) this.live.delete(key);
        });
        return conn;
      })
      .finally(() => this.connecting.delete(key));
    this.connecting.set(key, attempt);
    return attempt;
  }

  /** Closes the connection to `target`, if any. */
  release(target: SshTarget): void {
    const key = targetKey(target);
    this.live.get(key)?.close();
    this.live.delete(key);
  }

  closeAll(): void {
    for (const c of this.live.values()) c.close();
    this.live.clear();
  }

  get size(): number {
    return this.live.size;
  }
}
