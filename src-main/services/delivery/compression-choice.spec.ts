import { describe, expect, it } from 'vitest';
import { chooseCompression } from './compression-choice';

describe('chooseCompression', () => {
  it('gzips on a slow link with compressible content, and says why with the figures', () => {
    const c = chooseCompression('auto', { linkBps: 110e3, gzipBps: 50e6, ratio: 0.4 }, false);
    expect(c.gzip).toBe(true);
    expect(c.reason).toMatch(/^Gzipped: .*link 0\.1 MB\/s, gzip 50\.0 MB\/s, gzip to 40 %/);
  });

  it('sends as it is on a link faster than gzip, or when the content does not compress', () => {
    expect(chooseCompression('auto', { linkBps: 300e6, gzipBps: 50e6, ratio: 0.4 }, false).gzip).toBe(false);
    expect(chooseCompression('auto', { linkBps: 1e6, gzipBps: 50e6, ratio: 0.98 }, false).gzip).toBe(false);
  });

  it('follows the user, never gzips twice, and needs a sample to decide', () => {
    expect(chooseCompression('gzip', null, false).gzip).toBe(true);
    expect(chooseCompression('none', { linkBps: 1, gzipBps: 50e6, ratio: 0.1 }, false).gzip).toBe(false);
    expect(chooseCompression('gzip', null, true)).toMatchObject({ gzip: false, reason: 'The tarball is already gzipped.' });
    expect(chooseCompression('auto', null, false).gzip).toBe(false);
  });
});
