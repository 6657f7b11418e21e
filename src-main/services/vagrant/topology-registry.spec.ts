import { describe, expect, it } from 'vitest';
import type { PersistentValue } from '../store/app-store';
import { TopologyRegistry, type TopologyRecord } from './topology-registry';

function memory(): PersistentValue<Record<string, TopologyRecord>> & { raw: () => unknown } {
  let v: Record<string, TopologyRecord> | undefined;
  return { get: () => v, set: (x) => (v = JSON.parse(JSON.stringify(x))), raw: () => v };
}

describe('topology registry', () => {
  it('remembers folders by their normalised full path, their targets and the ports up printed', () => {
    const value = memory();
    const reg = new TopologyRegistry(value, () => new Date('2026-01-01T00:00:00Z'));
    reg.upsert('/home/u/xr-topology/', { provider: 'virtualbox' });
    reg.upsert('/home/u/./xr-topology', { routerTarget: 'rtr', devboxTarget: 'devbox', ports: { cli: 2223, shell: 2222 } });
    expect(reg.list()).toEqual([
      { dir: '/home/u/xr-topology', provider: 'virtualbox', routerTarget: 'rtr', devboxTarget: 'devbox', ports: { cli: 2223, shell: 2222 }, updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(reg.ofTarget('devbox')?.dir).toBe('/home/u/xr-topology');
    expect(reg.ofTarget('ncs5508')).toBeNull();
    // A fresh registry over the same store (an app restart) finds it again.
    expect(new TopologyRegistry(value).find('/home/u/xr-topology')?.routerTarget).toBe('rtr');
  });

  it('refuses a relative folder with the fix', () => {
    const reg = new TopologyRegistry(memory());
    expect(() => reg.upsert('xr-topology', {})).toThrow(expect.objectContaining({ code: 'BAD_INPUT', fix: expect.stringMatching(/full path|root/) }));
  });
});
