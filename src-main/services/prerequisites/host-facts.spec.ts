import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeDiskBytes, getHostFacts } from './host-facts';

describe('host facts', () => {
  it('measures this computer with Node APIs', async () => {
    const f = await getHostFacts({ dataDir: tmpdir() });
    expect(f.platform).toBe(process.platform);
    expect(f.cores).toBeGreaterThan(0);
    expect(f.totalMemBytes).toBeGreaterThan(f.freeMemBytes);
    expect(f.freeDiskBytes).toBeGreaterThan(0);
  });

  it('measures the disk of the nearest existing parent when the data folder is not created yet', async () => {
    const free = await freeDiskBytes(path.join(tmpdir(), 'xrcl-not-yet', 'deeper'));
    expect(free).toBeGreaterThan(0);
  });
});
