import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApi } from '../../../tests/support/fake-api';
import type { SessionView } from '../../../src-shared/types/sessions';

let api: FakeApi;
let sessions: typeof import('./sessions.svelte').sessions;

beforeEach(async () => {
  vi.resetModules();
  api = new FakeApi();
  window.api = api;
  ({ sessions } = await import('./sessions.svelte'));
});

const view = (id: string, title: string): SessionView => ({ id, title, kind: 'pty', target: 'rtr', exited: null });

describe('session store', () => {
  it('shows a terminal the main side opened (a vagrant job) and brings it forward, once', async () => {
    const shell = view('s-1', 'rtr XR CLI');
    const destroy = view('s-2', 'vagrant destroy (xr-topology)');
    api.answer('sessions.list', () => [shell]);
    sessions.start();
    await vi.waitFor(() => expect(sessions.items).toEqual([shell]));
    expect(sessions.active).toBe('s-1');

    api.answer('sessions.list', () => [shell, destroy]);
    await sessions.track('s-2');
    await sessions.track('s-2');
    expect(sessions.items.map((s) => s.id)).toEqual(['s-1', 's-2']);
    expect(sessions.active).toBe('s-2');
    // One that is gone already changes nothing.
    await sessions.track('s-9');
    expect(sessions.active).toBe('s-2');
  });
});
