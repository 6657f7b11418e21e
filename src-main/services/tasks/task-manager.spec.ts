import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../src-shared/contract';
import { EventHub } from '../events/event-hub';
import { TaskManager } from './task-manager';

function recordingHub() {
  const hub = new EventHub();
  const events: Array<{ name: EventName; payload: unknown }> = [];
  hub.subscribe((name, payload) => events.push({ name, payload }));
  return { hub, events };
}

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('TaskManager', () => {
  it('runs a job, reports progress and log, and ends succeeded with progress 1', async () => {
    const { hub, events } = recordingHub();
    const tasks = new TaskManager(hub);
    const { id, done } = tasks.start({
      title: 'Copy',
      kind: 'transfer',
      target: 'r1',
      run: async (ctx) => {
        ctx.progress(0.5, 'half way');
        ctx.log('line one\r\n');
        ctx.log(Buffer.from('line two\r\n'));
        return 42;
      },
    });
    await expect(done).resolves.toBe(42);
    const snap = tasks.get(id);
    expect(snap).toMatchObject({ state: 'succeeded', progress: 1, target: 'r1', cancellable: false });
    expect(snap.endedAt).not.toBeNull();
    expect(tasks.logOf(id)).toBe('line one\r\nline two\r\n');
    const updates = events.filter((e) => e.name === 'task.updated').map((e) => e.payload as { progress: number | null; detail: string });
    expect(updates.some((u) => u.progress === 0.5 && u.detail === 'half way')).toBe(true);
    const logged = events.filter((e) => e.name === 'task.log').map((e) => (e.payload as { data: string }).data).join('');
    expect(logged).toBe('line one\r\nline two\r\n');
  });

  it('reports a failure with the error envelope, keeping the fix', async () => {
    const { hub } = recordingHub();
    const tasks = new TaskManager(hub);
    const { AppError } = await import('../../../src-shared/errors');
    const { id, done } = tasks.start({
      title: 'Fail',
      kind: 'x',
      run: async () => {
        throw new AppError('Disk full on r1', { code: 'DISK_FULL', fix: 'Free space in /misc/app_host.' });
      },
    });
    await expect(done).rejects.toThrow('Disk full on r1');
    expect(tasks.get(id)).toMatchObject({ state: 'failed', error: { code: 'DISK_FULL', fix: 'Free space in /misc/app_host.' } });
  });

  it('cancels through the AbortSignal the job sees', async () => {
    const { hub } = recordingHub();
    const tasks = new TaskManager(hub);
    const started = deferred();
    const { id, done } = tasks.start({
      title: 'Long',
      kind: 'x',
      run: (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
          started.resolve();
        }),
    });
    await started.promise;
    tasks.cancel(id);
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(tasks.get(id).state).toBe('cancelled');
  });

  it('refuses to cancel a job that says it cannot be cancelled', async () => {
    const tasks = new TaskManager(new EventHub());
    const gate = deferred();
    const { id, done } = tasks.start({ title: 'Commit', kind: 'x', cancellable: false, run: () => gate.promise });
    expect(() => tasks.cancel(id)).toThrow(/cannot be cancelled/);
    gate.resolve();
    await done;
  });

  it('clears finished tasks but keeps running ones, announcing removals', async () => {
    const { hub, events } = recordingHub();
    const tasks = new TaskManager(hub);
    const gate = deferred();
    const running = tasks.start({ title: 'A', kind: 'x', run: () => gate.promise });
    const finished = tasks.start({ title: 'B', kind: 'x', run: async () => undefined });
    await finished.done;
    tasks.clearFinished();
    expect(tasks.list().map((t) => t.id)).toEqual([running.id]);
    expect(events.some((e) => e.name === 'task.removed' && (e.payload as { id: string }).id === finished.id)).toBe(true);
    gate.resolve();
    await running.done;
  });

  it('says clearly when a task id is unknown', () => {
    const tasks = new TaskManager(new EventHub());
    expect(() => tasks.logOf('nope')).toThrow(/no longer exists/);
  });
});
