import { describe, expect, it } from 'vitest';
import type { ImageTarballIndex } from '../images/image-tarball-reader';
import { planPush, pushTarget } from './push-plan';

const index = (over: Partial<ImageTarballIndex> = {}): ImageTarballIndex => ({
  file: '/x/app.tar',
  kind: 'save',
  compressed: false,
  fileSha256: '',
  fileBytes: 0,
  tarSha256: '',
  tarBytes: 0,
  problems: [],
  entries: new Map(),
  entryCount: 0,
  images: [
    {
      tags: ['xrcl/app:1'],
      platform: 'linux/amd64',
      configDigest: `sha256:${'c'.repeat(64)}`,
      config: {},
      configBytes: Buffer.from('{"os":"linux"}'),
      layers: [
        { path: 'a/layer.tar', digest: `sha256:${'a'.repeat(64)}`, diffId: `sha256:${'a'.repeat(64)}`, size: 10, uncompressedSize: 10, compression: 'none' },
        { path: 'b/layer.tar', digest: `sha256:${'b'.repeat(64)}`, diffId: `sha256:${'d'.repeat(64)}`, size: 5, uncompressedSize: 9, compression: 'gzip' },
        { path: 'a/layer.tar', digest: `sha256:${'a'.repeat(64)}`, diffId: `sha256:${'a'.repeat(64)}`, size: 10, uncompressedSize: 10, compression: 'none' },
      ],
    },
  ],
  ...over,
});

describe('push plan', () => {
  it('names the repository as typed on a private registry (no library/ prefix) and drops a registry host', () => {
    expect(pushTarget('busybox')).toEqual({ repository: 'busybox', tag: 'latest' });
    expect(pushTarget('team/app:2.0')).toEqual({ repository: 'team/app', tag: '2.0' });
    expect(pushTarget('198.18.0.1:5000/team/app:1')).toEqual({ repository: 'team/app', tag: '1' });
  });

  it('refuses hostile names with the reference grammar', () => {
    for (const bad of ['team/app;reboot:1', 'team/a b:1', 'team/../etc:1', 'team/$(id):1', 'Team/App:1']) {
      expect(() => pushTarget(bad), bad).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });

  it('sends the config and each layer once, with media types by compression, and a schema 2 manifest', () => {
    const plan = planPush(index(), 'rc/app:7');
    expect(plan).toMatchObject({ repository: 'rc/app', tag: '7' });
    expect(plan.blobs.map((b) => b.digest[7])).toEqual(['c', 'a', 'b']);
    const manifest = JSON.parse(plan.manifest.toString()) as { mediaType: string; config: { size: number }; layers: Array<{ mediaType: string; size: number }> };
    expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(manifest.config.size).toBe(14);
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([
      'application/vnd.docker.image.rootfs.diff.tar',
      'application/vnd.docker.image.rootfs.diff.tar.gzip',
      'application/vnd.docker.image.rootfs.diff.tar',
    ]);
    expect(plan.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('uses the image name when no name is given, and refuses a container file system', () => {
    expect(planPush(index())).toMatchObject({ repository: 'xrcl/app', tag: '1' });
    expect(() => planPush(index({ kind: 'export' }))).toThrow(/not an image/);
  });
});
