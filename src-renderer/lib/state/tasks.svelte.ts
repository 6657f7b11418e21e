// Every task the main side knows about, kept current from task.updated / task.removed.
import { api } from '../bridge/api';
import { asEnvelope, isConnectionError } from '../errors';
import type { ErrorEnvelope } from '../../../src-shared/errors';
import type { TaskSnapshot } from '../../../src-shared/types/tasks';
import { TaskLogJoiner } from '../../../src-shared/task-log-joiner';

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
  /** Tasks the main side removed: a list reply that left before the removal must not bring them back. */
  private readonly removed = new Set<string>();

  start(): void {
    if (this.started) return;
    this.started = true;
    // Subscribe before listing so no update falls between the two.
    api.on('task.updated', (t) => this.put(t));
    api.on('task.removed', ({ id }) => {
      this.removed.add(id);
      delete this.byId[id];
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const all = await api.call('tasks.list');
      const next: Record<string, TaskSnapshot> = {};
      for (const t of all) {
        if (!this.removed.has(t.id)) next[t.id] = this.newer(t, this.byId[t.id]);
      }
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

  /**
   * Follows a task's log: its history, then live chunks, joined by offset so no text shows
   * twice or goes missing. `write` receives terminal text; returns a function that stops.
   */
  followLog(id: string, write: (text: string) => void, unavailable?: (message: string) => void): () => void {
    let stopped = false;
    const joiner = new TaskLogJoiner((text) => {
      if (!stopped) write(text);
    });
    // Subscribe first, then ask for the history: the joiner holds chunks until it arrives.
    const off = api.on('task.log', (chunk) => {
      if (chunk.id === id) joiner.chunk(chunk);
    });
    api.call('tasks.log', { id }).then(
      (history) => joiner.history(history),
      (err: unknown) => {
        if (!stopped) unavailable?.(asEnvelope(err).message);
        joiner.history(null);
      },
    );
    return () => {
      stopped = true;
      off();
    };
  }

  private put(t: TaskSnapshot): void {
    if (this.removed.has(t.id)) return;
    const current = this.byId[t.id];
    if (current && current.revision >= t.revision) return;
    this.byId[t.id] = t;
  }

  /** An event may beat the list reply: keep whichever snapshot is the later revision. */
  private newer(a: TaskSnapshot, b: TaskSnapshot | undefined): TaskSnapshot {
    return b && b.revision > a.revision ? b : a;
  }
}

export const tasks = new TaskStore();
