import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../images/image-reference';
import { importNameFor } from './tarball-steps';

describe('importNameFor', () => {
  it('names an imported file system after its file, in Docker\'s grammar', () => {
    for (const [file, name] of [
      ['/home/me/Guide Rootfs.tar', 'xrcl/guide-rootfs:latest'],
      ['C:\\Users\\me\\app.tar.gz', 'xrcl/app:latest'],
      ["/tmp/it's; a \"tar\".tar", 'xrcl/it-s-a-tar:latest'],
      ['/tmp/---.tar', 'xrcl/rootfs:latest'],
    ] as const) {
      expect(importNameFor(file)).toBe(name);
      expect(parseImageReference(importNameFor(file)).familiar).toBe(name);
    }
  });
});
