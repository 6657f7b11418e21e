// The Electron binary cannot run on the test machines, so this spec stands in for the two
// Electron modules the bridge touches (ipcMain / contextBridge + ipcRenderer) with recorders,
// and checks what the thin layer promises: one handler per contract method on channels derived
// from the contract, only the app page answered, and a preload that exposes exactly `api`.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventChannel, methodChannel, methodNames } from '../../src-shared/contract';
import { EventHub } from '../services/events/event-hub';

const recorded = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, params: unknown) => Promise<unknown>>(),
  exposed: new Map<string, unknown>(),
  invoked: [] as Array<{ channel: string; params: unknown }>,
  rendererListeners: new Map<string, Array<(event: unknown, payload: unknown) => void>>(),
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, params: unknown) => Promise<unknown>) => recorded.handlers.set(channel, fn),
    removeHandler: (channel: string) => recorded.handlers.delete(channel),
  },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => recorded.exposed.set(key, value) },
  ipcRenderer: {
    invoke: async (channel: string, params: unknown) => {
      recorded.invoked.push({ channel, params });
      const handler = recorded.handlers.get(channel);
      return handler ? handler({ senderFrame: { url: 'app://renderer/index.html' } }, params) : undefined;
    },
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
      recorded.rendererListeners.set(channel, [...(recorded.rendererListeners.get(channel) ?? []), fn]);
    },
    removeListener: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
      recorded.rendererListeners.set(channel, (recorded.rendererListeners.get(channel) ?? []).filter((f) => f !== fn));
    },
  },
  net: {},
  protocol: {},
}));

function fakeServices(hub: EventHub) {
  const handlers = Object.fromEntries(methodNames.map((n) => [n, vi.fn(async () => ({ from: n }))]));
  return { hub, handlers, tasks: {}, secrets: () => ({}), dispose: () => undefined } as never;
}

describe('Electron IPC bridge', () => {
  beforeEach(() => {
    recorded.handlers.clear();
    recorded.exposed.clear();
    recorded.invoked.length = 0;
    recorded.rendererListeners.clear();
  });

  it('registers exactly one handler per contract method, answering only the app page', async () => {
    const { registerIpcBridge } = await import('./ipc-bridge');
    const sent: Array<{ channel: string; payload: unknown }> = [];
    const win = { isDestroyed: () => false, webContents: { send: (channel: string, payload: unknown) => sent.push({ channel, payload }) } };
    const hub = new EventHub();
    const dispose = registerIpcBridge(fakeServices(hub), () => win as never);

    expect([...recorded.handlers.keys()].sort()).toEqual(methodNames.map(methodChannel).sort());
    const handler = recorded.handlers.get(methodChannel('app.info'))!;
    expect(await handler({ senderFrame: { url: 'app://renderer/index.html' } }, undefined)).toEqual({ ok: true, value: { from: 'app.info' } });
    expect(await handler({ senderFrame: { url: 'https://evil.example/' } }, undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    hub.emit('app.notice', { id: 'n', level: 'info', title: 't', message: 'm', at: 'now' });
    expect(sent).toEqual([{ channel: eventChannel('app.notice'), payload: expect.objectContaining({ id: 'n' }) }]);

    dispose();
    expect(recorded.handlers.size).toBe(0);
  });

  it('the preload exposes only window.api, which calls contract methods and refuses others', async () => {
    const { registerIpcBridge } = await import('./ipc-bridge');
    registerIpcBridge(fakeServices(new EventHub()), () => null);
    await import('./preload');
    expect([...recorded.exposed.keys()]).toEqual(['api']);
    const api = recorded.exposed.get('api') as {
      call(name: string, params?: unknown): Promise<unknown>;
      on(name: string, fn: (p: unknown) => void): () => void;
    };
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);

    await expect(api.call('tasks.cancel', { id: 'x' })).resolves.toEqual({ from: 'tasks.cancel' });
    expect(recorded.invoked).toEqual([{ channel: methodChannel('tasks.cancel'), params: { id: 'x' } }]);
    await expect(api.call('shell.exec', 'rm -rf /')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    expect(recorded.invoked).toHaveLength(1);

    const got: unknown[] = [];
    const off = api.on('task.log', (p) => got.push(p));
    for (const fn of recorded.rendererListeners.get(eventChannel('task.log')) ?? []) fn({}, { id: 't', data: 'x' });
    off();
    expect(got).toEqual([{ id: 't', data: 'x' }]);
    expect(recorded.rendererListeners.get(eventChannel('task.log'))).toEqual([]);
    expect(api.on('not.an.event', () => undefined)()).toBeUndefined();
  });
});
