// Open terminals into routers and their containers: opened from the Routers and Containers pages,
// kept while the app runs.
import { api } from '../bridge/api';
import type { SessionView } from '../../../src-shared/types/sessions';
import { TaskLogJoiner } from '../../../src-shared/task-log-joiner';

class SessionsStore {
  items = $state<SessionView[]>([]);
  active = $state<string | null>(null);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    api.on('session.exit', ({ id, exit }) => {
      this.items = this.items.map((s) => (s.id === id ? { ...s, exited: exit } : s));
    });
    api.on('session.closed', ({ id }) => this.forget(id));
    void api.call('sessions.list').then((list) => {
      for (const s of list) if (!this.items.some((i) => i.id === s.id)) this.items = [...this.items, s];
      this.active ??= this.items[0]?.id ?? null;
    });
  }

  async open(name: string, endpoint: 'cli' | 'shell', size = { cols: 100, rows: 28 }): Promise<SessionView> {
    const s = await api.call('sessions.open', { name, endpoint, ...size });
    this.items = [...this.items, s];
    this.active = s.id;
    return s;
  }

  /** A shell in a container on a router: opened by the containers service, shown as a tab here. */
  async openContainerShell(target: string, name: string, size = { cols: 100, rows: 28 }): Promise<SessionView> {
    this.start();
    const s = await api.call('containers.shell', { target, name, ...size });
    this.items = [...this.items, s];
    this.active = s.id;
    return s;
  }

  async close(id: string): Promise<void> {
    this.forget(id);
    await api.call('sessions.close', { id });
  }

  /** History, then live output, exactly once each (the same joining as task logs). */
  follow(id: string, write: (text: string) => void): () => void {
    let stopped = false;
    const joiner = new TaskLogJoiner((t) => !stopped && write(t));
    const off = api.on('session.data', (chunk) => {
      if (chunk.id === id) joiner.chunk(chunk);
    });
    api.call('sessions.history', { id }).then(
      (h) => joiner.history(h),
      () => joiner.history(null),
    );
    return () => {
      stopped = true;
      off();
    };
  }

  private forget(id: string): void {
    this.items = this.items.filter((s) => s.id !== id);
    if (this.active === id) this.active = this.items[0]?.id ?? null;
  }
}

export const sessions = new SessionsStore();
