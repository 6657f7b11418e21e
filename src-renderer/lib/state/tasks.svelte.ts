// Every task the main side knows about, kept current from task.updated / task.removed.
import { api } from '../bridge/api';
import { asEnvelope, isConnectionError } from '../errors';
import type { ErrorEnvelope } from '../../../src-shared/errors';
import type { TaskSnapshot } from '../../../src-shared/types/tasks';

class TaskStore {
  byId = $state<Record<string, TaskSnapshot>>({});
  loaded = $state(false);
  error = $state<ErrorEnvelope | null>(null);

  /** Newest first: the job the user just started is on top. */
  list = $derived(
    Object.values(this.byId).sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt)),
  );
  running = $derived(this.list.filter((t) => t.state === 'running'));
  finishedCount = $derived(this.list.filter((t) => t.state !== 'running').length);

  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    // Subscribe before listing so no update falls between the two.
    api.on('task.updated', (t) => {
      this.byId[t.id] = t;
    });
    api.on('task.removed', ({ id }) => {
      delete this.byId[id];
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const all = await api.call('tasks.list');
      const next: Record<string, TaskSnapshot> = {};
      for (const t of all) next[t.id] = this.newer(t, this.byId[t.id]);
      this.byId = next;
      this.error = null;
    } catch (err) {
      // The connection banner covers a bridge that is down; the reconnect reloads this.
      if (isConnectionError(err)) return;
      this.error = asEnvelope(err);
    } finally {
      this.loaded = true;
    }
  }

  get(id: string | null | undefined): TaskSnapshot | undefined {
    return id ? this.byId[id] : undefined;
  }

  async cancel(id: string): Promise<void> {
    await api.call('tasks.cancel', { id });
  }

  async clearFinished(): Promise<void> {
    await api.call('tasks.clearFinished');
  }

  /** An event may beat the list reply; keep whichever snapshot is further along. */
  private newer(a: TaskSnapshot, b: TaskSnapshot | undefined): TaskSnapshot {
    if (!b) return a;
    if (a.state === 'running' && b.state !== 'running') return b;
    return a;
  }
}

export const tasks = new TaskStore();
