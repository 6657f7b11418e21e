import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ociTarball, sampleLayers, saveTarball, sha, tarBuffer } from '../../../tests/support/image-tarballs';
import { readImageTarball } from './image-tarball-reader';

describe('reading a tarball without hashing its blobs (verify: false, for registry pushes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xrcl-reader-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: Buffer): string => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };
  const layersOf = async (file: string, verify: boolean) => (await readImageTarball(file, { verify })).images.map((i) => ({ config: i.configDigest, layers: i.layers.map((l) => [l.digest, l.size, l.compression]) }));

  it('gives the same digests as a verified read, for docker save (both layouts) and OCI', async () => {
    const layers = await sampleLayers();
    for (const [name, data] of [
      ['legacy.tar', await saveTarball(layers, ['a/b:1'], 'legacy')],
      ['blobs.tar', await saveTarball(layers, ['a/b:1'], 'blobs')],
      ['oci.tar', await ociTarball(layers, 'a/b:1')],
    ] as const) {
      const file = write(name, data);
      const fast = await readImageTarball(file, { verify: false });
      expect(fast.problems, name).toEqual([]);
      expect(await layersOf(file, false), name).toEqual(await layersOf(file, true));
    }
  });

  it('sends a gzipped legacy layer back to a verified read: its digest is on record nowhere', async () => {
    const layers = await sampleLayers();
    const gz = gzipSync(layers[0]!);
    const cfg = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layers[0]!)}`] } }));
    const file = write(
      'gz-legacy.tar',
      await tarBuffer([
        { name: 'x/layer.tar', data: gz },
        { name: `${sha(cfg)}.json`, data: cfg },
        { name: 'manifest.json', data: JSON.stringify([{ Config: `${sha(cfg)}.json`, RepoTags: ['a/b:1'], Layers: ['x/layer.tar'] }]) },
      ]),
    );
    expect((await readImageTarball(file, { verify: false })).problems[0]).toMatch(/read it with verify/);
    const full = await readImageTarball(file);
    expect(full.problems).toEqual([]);
    expect(full.images[0]!.layers[0]!.digest).toBe(`sha256:${sha(gz)}`);
  });
});
