import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flipByte, ociTarball, offsetOf, sampleLayers, saveTarball, sha, tarBuffer } from '../../../tests/support/image-tarballs';
import { inspectTarball } from './image-inspector';

let dir: string;
let layers: Buffer[];
const file = (name: string, data: Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xrcl-inspect-'));
  layers = await sampleLayers();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspectTarball on good tarballs', () => {
  it('reads a docker-save tarball (legacy layout) and checks every digest', async () => {
    const tarball = await saveTarball(layers, ['xrcl/app:1']);
    const r = await inspectTarball(file('legacy.tar', tarball));
    expect(r).toMatchObject({ kind: 'save', compressed: false, verified: true, problems: [], sha256: sha(tarball), bytes: tarball.length });
    expect(r.images).toHaveLength(1);
    expect(r.images[0]).toMatchObject({ tags: ['xrcl/app:1'], platform: 'linux/amd64' });
    expect(r.images[0]!.configDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(r.images[0]!.layers).toEqual(layers.map((l) => ({ digest: `sha256:${sha(l)}`, diffId: `sha256:${sha(l)}`, size: l.length })));
  });

  it('reads the same tarball gzipped (detected by magic bytes, not by name)', async () => {
    const r = await inspectTarball(file('legacy-gz.tar', gzipSync(await saveTarball(layers, ['xrcl/app:1']))));
    expect(r).toMatchObject({ kind: 'save', compressed: true, verified: true });
    expect(r.images[0]!.layers.map((l) => l.diffId)).toEqual(layers.map((l) => `sha256:${sha(l)}`));
  });

  it('reads the blobs layout Docker 25+ writes', async () => {
    const r = await inspectTarball(file('blobs.tar', await saveTarball(layers, ['xrcl/app:2'], 'blobs')));
    expect(r).toMatchObject({ kind: 'save', verified: true, problems: [] });
    expect(r.images[0]!.tags).toEqual(['xrcl/app:2']);
    expect(r.images[0]!.layers).toHaveLength(2);
  });

  it('reads an OCI layout with gzipped layers: digest of the blob, diffID of its content', async () => {
    const r = await inspectTarball(file('oci.tar', await ociTarball(layers, 'xrcl/oci:1')));
    expect(r).toMatchObject({ kind: 'oci', verified: true, problems: [] });
    const img = r.images[0]!;
    expect(img.tags).toEqual(['xrcl/oci:1']);
    expect(img.platform).toBe('linux/amd64');
    expect(img.layers.map((l) => l.diffId)).toEqual(layers.map((l) => `sha256:${sha(l)}`));
    expect(img.layers.map((l) => l.digest)).toEqual(layers.map((l) => `sha256:${sha(gzipSync(l, { level: 1 }))}`));
  });

  it('reads a flat export as one root file system', async () => {
    const rootfs = await tarBuffer([{ name: 'bin/', type: 'directory' }, { name: 'bin/sh', data: 'x', mode: 0o755 }]);
    const r = await inspectTarball(file('export.tar', rootfs));
    expect(r).toMatchObject({ kind: 'export', verified: true });
    expect(r.images[0]!.layers).toEqual([{ digest: `sha256:${sha(rootfs)}`, diffId: `sha256:${sha(rootfs)}`, size: rootfs.length }]);
  });
});

describe('inspectTarball on damaged tarballs', () => {
  it('reports a truncated tarball, never verified', async () => {
    const good = await saveTarball(layers, ['xrcl/app:1']);
    const r = await inspectTarball(file('cut.tar', good.subarray(0, Math.floor(good.length / 2))));
    expect(r.verified).toBe(false);
    expect(r.kind).toBe('save');
    expect(r.problems.join('\n')).toMatch(/truncated|ends too early/);
  });

  it('reports a truncated gzipped tarball, still saying it is gzipped', async () => {
    const gz = gzipSync(await saveTarball(layers, ['xrcl/app:1']));
    const r = await inspectTarball(file('cut.tar.gz', gz.subarray(0, gz.length - 40)));
    expect(r).toMatchObject({ compressed: true, verified: false });
    expect(r.problems.join('\n')).toMatch(/truncated|ends too early/);
  });

  it('reports a tarball cut at an entry boundary (no end-of-archive marker)', async () => {
    const good = await saveTarball(layers, ['xrcl/app:1']);
    const r = await inspectTarball(file('cut-end.tar', good.subarray(0, good.length - 1024)));
    expect(r.verified).toBe(false);
    expect(r.problems.join('\n')).toMatch(/end-of-archive marker/);
  });

  it('reports a flipped byte inside a layer against the config diffID', async () => {
    const good = await saveTarball(layers, ['xrcl/app:1']);
    const bad = flipByte(good, offsetOf(good, 'keep\n'));
    const r = await inspectTarball(file('flip.tar', bad));
    expect(r.verified).toBe(false);
    expect(r.problems.join('\n')).toMatch(/Layer 1 .*corrupted/);
  });

  it('reports a flipped byte in a config against its name', async () => {
    const good = await saveTarball(layers, ['xrcl/app:1']);
    const bad = flipByte(good, offsetOf(good, 'PATH=/bin') + 5);
    const r = await inspectTarball(file('flip-config.tar', bad));
    expect(r.verified).toBe(false);
    expect(r.problems.join('\n')).toMatch(/config .* does not match its name/);
  });

  it('reports a missing layer', async () => {
    const diffIds = layers.map((l) => sha(l));
    const good = await saveTarball(layers, ['xrcl/app:1']);
    // Rebuild the tarball without the second layer's layer.tar.
    const { default: tar } = await import('tar-stream');
    const extract = tar.extract();
    const kept: Array<{ name: string; data: Buffer; type: 'file' | 'directory' }> = [];
    const reading = (async () => {
      for await (const e of extract) {
        const parts: Buffer[] = [];
        for await (const c of e) parts.push(c as Buffer);
        if (e.header.name !== `${diffIds[1]}/layer.tar`) kept.push({ name: e.header.name, data: Buffer.concat(parts), type: e.header.type === 'directory' ? 'directory' : 'file' });
      }
    })();
    extract.end(good);
    await reading;
    const r = await inspectTarball(file('missing.tar', await tarBuffer(kept)));
    expect(r.verified).toBe(false);
    expect(r.problems.join('\n')).toMatch(/Layer 2 .* missing/);
  });

  it('reports a damaged OCI blob by its digest', async () => {
    const good = await ociTarball(layers, 'xrcl/oci:1');
    const gz = gzipSync(layers[1]!, { level: 1 });
    const bad = flipByte(good, offsetOf(good, gz) + gz.length - 6); // inside the gzip trailer's CRC
    const r = await inspectTarball(file('oci-flip.tar', bad));
    expect(r.verified).toBe(false);
    expect(r.problems.join('\n')).toMatch(new RegExp(`blobs/sha256/${sha(gz)}: its content does not match`));
  });

  it('reports a file that is not a tarball at all', async () => {
    const r = await inspectTarball(file('junk.tar', Buffer.from('this is not a tar archive, just text.\n'.repeat(40))));
    expect(r.verified).toBe(false);
    expect(r.problems[0]).toMatch(/not a readable tar archive|truncated|ends too early/);
  });

  it('refuses a missing file with NOT_FOUND', async () => {
    await expect(inspectTarball(join(dir, 'nope.tar'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
