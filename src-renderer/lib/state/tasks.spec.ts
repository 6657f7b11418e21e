import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApi } from '../../../tests/support/fake-api';
import type { TaskSnapshot } from '../../../src-shared/types/tasks';

let api: FakeApi;
let tasks: typeof import('./tasks.svelte').tasks;

// Each spec gets a fresh store on a fresh fake bridge (the desktop path: `window.api`).
beforeEach(async () => {
  vi.resetModules();
  api = new FakeApi();
  window.api = api;
  ({ tasks } = await import('./tasks.svelte'));
});

function snap(id: string, patch: Partial<TaskSnapshot> = {}): TaskSnapshot {
  return {
    id,
    title: `Task ${id}`,
    kind: 'x',
    target: 'this computer',
    state: 'running',
    progress: null,
    detail: '',
    startedAt: '2026-01-01T10:00:00.000Z',
    endedAt: null,
    error: null,
    cancellable: true,
    revision: 0,
    ...patch,
  };
}

// One turn of the event loop: replies the fake already settled reach the store.
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('task store', () => {
  it('keeps the later revision whichever arrives first, event or list reply', async () => {
    const list = api.hold('tasks.list');
    tasks.start();
    await list.made;
    api.emit('task.updated', snap('a', { state: 'succeeded', progress: 1, revision: 3 }));
    list.resolve([snap('a', { revision: 1 }), snap('b', { revision: 0 })]);
    await flush();
    expect(tasks.get('a')).toMatchObject({ state: 'succeeded', revision: 3 });
    expect(tasks.get('b')).toBeDefined();
    expect(tasks.loaded).toBe(true);

    // A late, older update does not undo the end of a task.
    api.emit('task.updated', snap('a', { state: 'running', revision: 2 }));
    expect(tasks.get('a')?.state).toBe('succeeded');
    api.emit('task.updated', snap('b', { detail: 'half way', revision: 4 }));
    expect(tasks.get('b')?.detail).toBe('half way');
    expect(tasks.running.map((t) => t.id)).toEqual(['b']);
    expect(tasks.finishedCount).toBe(1);
  });

  it('lists newest first', async () => {
    api.answer('tasks.list', () => [
      snap('old', { startedAt: '2026-01-01T09:00:00.000Z' }),
      snap('new', { startedAt: '2026-01-01T11:00:00.000Z' }),
    ]);
    tasks.start();
    await flush();
    expect(tasks.list.map((t) => t.id)).toEqual(['new', 'old']);
  });

  it('drops a removed task, and a list reply that left before the removal does not bring it back', async () => {
    const list = api.hold('tasks.list');
    tasks.start();
    await list.made;
    api.emit('task.updated', snap('gone', { state: 'succeeded', revision: 2 }));
    api.emit('task.removed', { id: 'gone' });
    expect(tasks.get('gone')).toBeUndefined();
    list.resolve([snap('gone', { state: 'succeeded', revision: 2 }), snap('kept')]);
    await flush();
    expect(tasks.list.map((t) => t.id)).toEqual(['kept']);
    api.emit('task.updated', snap('gone', { revision: 5 }));
    expect(tasks.get('gone')).toBeUndefined();
  });

  it('shows the error of a failed list as an envelope', async () => {
    api.answer('tasks.list', () => {
      throw new Error('socket closed');
    });
    tasks.start();
    await flush();
    expect(tasks.error).toMatchObject({ message: 'socket closed' });
    expect(tasks.loaded).toBe(true);
  });

  it('joins a log: history, then live chunks by offset, never twice, other tasks ignored', async () => {
    const history = api.hold('tasks.log');
    const out: string[] = [];
    const stop = tasks.followLog('t1', (text) => out.push(text));
    expect(await history.made).toEqual({ id: 't1' });
    // Before the reply: a chunk the history already holds, and one that overlaps its end.
    api.emit('task.log', { id: 't1', offset: 0, data: 'one\r\n' });
    api.emit('task.log', { id: 't1', offset: 5, data: 'two\r\nthr' });
    api.emit('task.log', { id: 'other', offset: 0, data: 'not mine' });
    expect(out).toEqual([]);
    history.resolve({ text: 'one\r\ntwo\r\n', end: 10 });
    await flush();
    expect(out.join('')).toBe('one\r\ntwo\r\nthr');
    // After the reply: a repeat is skipped, new text is written.
    api.emit('task.log', { id: 't1', offset: 10, data: 'thr' });
    api.emit('task.log', { id: 't1', offset: 13, data: 'ee\r\n' });
    expect(out.join('')).toBe('one\r\ntwo\r\nthree\r\n');

    stop();
    expect(api.listenerCount('task.log')).toBe(0);
    api.emit('task.log', { id: 't1', offset: 17, data: 'four' });
    expect(out.join('')).toBe('one\r\ntwo\r\nthree\r\n');
  });

  it('joins live chunks to a trimmed history by its end offset', async () => {
    api.answer('tasks.log', () => ({ text: '[earlier output trimmed]\r\nxyz', end: 5_000 }));
    const out: string[] = [];
    tasks.followLog('t1', (text) => out.push(text));
    api.emit('task.log', { id: 't1', offset: 4_990, data: '0123456789' });
    await flush();
    api.emit('task.log', { id: 't1', offset: 5_000, data: 'next' });
    expect(out.join('')).toBe('[earlier output trimmed]\r\nxyznext');
  });

  it('says when the history cannot be read, and still shows live chunks', async () => {
    api.answer('tasks.log', () => {
      throw new Error('That task no longer exists.');
    });
    const out: string[] = [];
    const why: string[] = [];
    tasks.followLog('t1', (text) => out.push(text), (message) => why.push(message));
    await flush();
    expect(why).toEqual(['That task no longer exists.']);
    api.emit('task.log', { id: 't1', offset: 40, data: 'late' });
    expect(out).toEqual(['late']);
  });

  it('cancels and clears through the contract', async () => {
    api.answer('tasks.cancel', () => undefined).answer('tasks.clearFinished', () => undefined);
    await tasks.cancel('t9');
    await tasks.clearFinished();
    expect(api.callsOf('tasks.cancel')).toEqual([{ id: 't9' }]);
    expect(api.callsOf('tasks.clearFinished')).toHaveLength(1);
  });
});
