import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeDiskBytes, getHostFacts, parseOsRelease } from './host-facts';

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

  it('reads the distribution from os-release (Debian 12 as on this machine, Linux Mint with ID_LIKE)', () => {
    const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
    expect(parseOsRelease(debian)).toEqual({ id: 'debian', idLike: [], versionId: '12', name: 'Debian GNU/Linux 12 (bookworm)' });
    const mint = 'NAME="Linux Mint"\nVERSION_ID="21.3"\nID=linuxmint\nID_LIKE="ubuntu debian"\n';
    expect(parseOsRelease(mint)).toMatchObject({ id: 'linuxmint', idLike: ['ubuntu', 'debian'], name: 'Linux Mint' });
  });
});
