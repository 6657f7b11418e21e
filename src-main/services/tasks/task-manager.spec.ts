import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../src-shared/contract';
import { TaskLogJoiner } from '../../../src-shared/task-log-joiner';
import type { TaskLogChunk, TaskLogText } from '../../../src-shared/types/tasks';
import { EventHub } from '../events/event-hub';
import { TRIMMED_MARKER } from './log-buffer';
import { TaskManager, type TaskContext } from './task-manager';

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

  it('keeps a euro sign whole when its bytes arrive in two Buffers', async () => {
    const { hub, events } = recordingHub();
    const tasks = new TaskManager(hub);
    const euro = Buffer.from('€', 'utf8');
    const { id, done } = tasks.start({
      title: 'Split',
      kind: 'x',
      run: async (ctx) => {
        ctx.log(Buffer.concat([Buffer.from('ab'), euro.subarray(0, 2)]));
        ctx.log(Buffer.concat([euro.subarray(2), Buffer.from('cd')]));
      },
    });
    await done;
    expect(tasks.logOf(id)).toBe('ab€cd');
    const chunks = events.filter((e) => e.name === 'task.log').map((e) => e.payload as TaskLogChunk);
    expect(chunks.map((c) => c.data).join('')).toBe('ab€cd');
    expect(chunks[0]?.offset).toBe(0);
  });

  it('ends the log with a replacement character for bytes of a character that never completed', async () => {
    const tasks = new TaskManager(new EventHub());
    const { id, done } = tasks.start({ title: 'Cut', kind: 'x', run: async (ctx) => ctx.log(Buffer.from([0x61, 0xe2, 0x82])) });
    await done;
    expect(tasks.logOf(id)).toBe('a\uFFFD');
  });

  for (const bounded of [false, true]) {
    it(`a log opened mid-run under a fast writer is exact${bounded ? ', even after its head was trimmed' : ''}`, async () => {
      const hub = new EventHub();
      const tasks = new TaskManager(hub, { logLimit: bounded ? 3_000 : undefined, logIntervalMs: 2 });
      // The bridge: events and replies share one ordered channel and arrive later.
      const channel: Array<() => void> = [];
      const deliver = (fn: () => void) => {
        channel.push(fn);
        setImmediate(() => channel.shift()?.());
      };

      let written = '';
      let view = '';
      let history: TaskLogText | null = null;
      const opened = deferred();
      const write = (ctx: TaskContext, text: string, asBytes: boolean) => {
        written += text;
        ctx.log(asBytes ? Buffer.from(text, 'utf8') : text);
      };

      const { id, done } = tasks.start({
        title: 'Fast',
        kind: 'x',
        run: async (ctx) => {
          for (let i = 0; i < 4_000; i++) {
            // Bytes split inside a multi-byte character, and plain strings, interleaved.
            if (i % 3 === 0) {
              const bytes = Buffer.from(`line ${i} – €\r\n`, 'utf8');
              const cut = bytes.indexOf(0xe2) + 1;
              written += bytes.toString('utf8');
              ctx.log(bytes.subarray(0, cut));
              ctx.log(bytes.subarray(cut));
            } else {
              write(ctx, `line ${i}\r\n`, i % 3 === 1);
            }
            if (i === 1_500) {
              // The view subscribes, then asks for the history; the main side reads it a
              // moment later, while the writer goes on.
              const joiner = new TaskLogJoiner((t) => (view += t));
              hub.subscribe((name, payload) => {
                if (name === 'task.log' && (payload as TaskLogChunk).id === id) deliver(() => joiner.chunk(payload as TaskLogChunk));
              });
              setImmediate(() => {
                const reply = tasks.readLog(ctx.id);
                history = reply;
                deliver(() => joiner.history(reply));
                opened.resolve();
              });
            }
            if (i % 50 === 0) await new Promise((r) => setImmediate(r));
          }
          await opened.promise;
        },
      });
      await done;
      await new Promise((r) => setTimeout(r, 0));
      await waitForDrain(channel);

      expect(history).not.toBeNull();
      const final = tasks.logOf(id);
      if (!bounded) {
        expect(final).toBe(written);
        expect(view).toBe(final);
      } else {
        expect(view.startsWith(TRIMMED_MARKER)).toBe(true);
        const body = view.slice(TRIMMED_MARKER.length);
        // Everything from the history's kept text to the end, once, in order.
        expect(written.endsWith(body)).toBe(true);
        expect(body.length).toBeGreaterThan(written.length - history!.end);
        expect(final.startsWith(TRIMMED_MARKER)).toBe(true);
        expect(body.endsWith(final.slice(TRIMMED_MARKER.length))).toBe(true);
      }
      expect(view).not.toContain('\uFFFD');
    });
  }

  it('records the outcome a job reports beside its state, and counts revisions', async () => {
    const { hub, events } = recordingHub();
    const tasks = new TaskManager(hub);
    const { id, done } = tasks.start({
      title: 'Checks',
      kind: 'x',
      run: async (ctx) => ctx.setOutcome({ verdict: 'failed', summary: '1 check failed: VirtualBox.' }),
    });
    await done;
    expect(tasks.get(id)).toMatchObject({ state: 'succeeded', outcome: { verdict: 'failed', summary: '1 check failed: VirtualBox.' } });
    const revisions = events.filter((e) => e.name === 'task.updated').map((e) => (e.payload as { revision: number }).revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
  });
});

async function waitForDrain(channel: unknown[]): Promise<void> {
  while (channel.length > 0) await new Promise((r) => setImmediate(r));
}
