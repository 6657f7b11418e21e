import { describe, expect, it } from 'vitest';
import { assertFits, parseDfP } from './disk-space';

// Output of `df -P /misc/app_host` on the IOS-XRv box (D612: 3.9G, 260M used) and on this lab.
const XRV = `Filesystem                     1024-blocks   Used Available Capacity Mounted on
/dev/mapper/app_vol_grp-app_lv0     3966144 266240   3495452       8% /misc/app_host
`;
const LAB = 'Filesystem     1024-blocks  Used Available Capacity Mounted on\ntmpfs                65536     4     65532       1% /misc/app_host\n';

describe('parseDfP', () => {
  it('reads the numbers of the one file system, in bytes', () => {
    expect(parseDfP(XRV)).toEqual({
      filesystem: '/dev/mapper/app_vol_grp-app_lv0',
      mountedOn: '/misc/app_host',
      totalBytes: 3966144 * 1024,
      usedBytes: 266240 * 1024,
      availableBytes: 3495452 * 1024,
    });
    expect(parseDfP(LAB).availableBytes).toBe(65532 * 1024);
  });

  it('keeps a mount point with spaces, and honours 512-byte blocks', () => {
    const out = 'Filesystem 512-blocks Used Available Capacity Mounted on\n/dev/sda1 200 100 100 50% /mnt/my disk\n';
    expect(parseDfP(out)).toMatchObject({ mountedOn: '/mnt/my disk', availableBytes: 100 * 512 });
  });

  it('refuses output that is not df', () => {
    expect(() => parseDfP('df: /misc/app_host: No such file or directory\n')).toThrow(/did not answer `df -P`/);
  });
});

describe('assertFits', () => {
  it('passes when the file fits, refuses with the numbers and the fix when it does not', () => {
    const space = parseDfP(LAB);
    expect(() => assertFits(space, 60_000_000, 'r1')).not.toThrow();
    let err: unknown;
    try {
      assertFits(space, 80_000_000, 'r1');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'NO_SPACE', message: expect.stringContaining('needs 80.0 MB') });
    expect((err as Error).message).toContain('67.1 MB free of 67.1 MB');
    expect((err as { fix: string }).fix).toMatch(/docker image prune/);
  });
});
