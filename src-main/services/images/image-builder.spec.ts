import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flipByte, ociTarball, sampleLayers, saveTarball, sha } from '../../../tests/support/image-tarballs';
import { parseAddSpec } from './added-files';
import { buildContainerTarball, buildImageTarball } from './image-builder';
import { inspectTarball } from './image-inspector';
import { readImageTarball, streamEntries } from './image-tarball-reader';
import { normalizeEntryName, walkTar, walkTarStream } from './tarball-stream';

let dir: string;
let src: string;
let base: string;
const HOSTILE = `it's a "quoted"; name $(x).txt`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xrcl-build-'));
  src = join(dir, 'src');
  mkdirSync(join(src, 'sub dir'), { recursive: true });
  writeFileSync(join(src, HOSTILE), 'hostile\n');
  writeFileSync(join(src, 'sub dir', 'run.sh'), '#!/bin/sh\necho hi\n');
  chmodSync(join(src, 'sub dir', 'run.sh'), 0o750);
  symlinkSync('run.sh', join(src, 'sub dir', 'link'));
  base = join(dir, 'base.tar');
  writeFileSync(base, await saveTarball(await sampleLayers(), ['xrcl/base:1']));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Paths (and link targets, modes, owners) of the entries of a layer of an image tarball. */
async function layerEntries(file: string, layerPath: string): Promise<Map<string, { mode: number; uid: number; linkname?: string | null; type: string }>> {
  const out = new Map<string, { mode: number; uid: number; linkname?: string | null; type: string }>();
  await streamEntries(file, new Set([layerPath]), async (_p, entry) => {
    await walkTarStream(entry as unknown as AsyncIterable<Buffer>, async (h, e) => {
      for await (const _ of e) void _;
      out.set(normalizeEntryName(h.name), { mode: h.mode, uid: h.uid, linkname: h.linkname, type: h.type });
    });
  });
  return out;
}

async function flatEntries(file: string): Promise<string[]> {
  const names: string[] = [];
  await walkTar(file, async (h, e) => {
    for await (const _ of e) void _;
    names.push(normalizeEntryName(h.name));
  });
  return names;
}

describe('buildImageTarball', () => {
  it('writes a verified docker-save tarball: base layers, one added layer, settings in the config', async () => {
    const out = join(dir, 'img.tar');
    const seen: Array<[number, number]> = [];
    const r = await buildImageTarball({
      output: out,
      base,
      tags: ['xrcl/app:1', '198.18.0.1:5000/xrcl/app:1'],
      add: [{ source: src, dest: '/opt/app' }],
      env: { GREETING: `hello "world"; ok` },
      entrypoint: ['/bin/sh', '-c'],
      cmd: ['echo $GREETING'],
      workdir: '/opt/app',
      labels: { 'org.example.b': '2', 'org.example.a': '1' },
      onProgress: (d, t) => seen.push([d, t]),
    });
    const ins = await inspectTarball(out);
    expect(ins).toMatchObject({ kind: 'save', verified: true, sha256: r.sha256, bytes: r.bytes });
    expect(ins.images[0]!.tags).toEqual(['xrcl/app:1', '198.18.0.1:5000/xrcl/app:1']);
    expect(ins.images[0]!.configDigest).toBe(r.imageId);
    const baseIns = await inspectTarball(base);
    expect(r.layers.map((l) => l.diffId).slice(0, 2)).toEqual(baseIns.images[0]!.layers.map((l) => l.diffId));
    expect(r.layers).toHaveLength(3);

    const cfg = (await readImageTarball(out)).images[0]!.config!;
    expect(cfg.config).toMatchObject({ Env: ['PATH=/bin', 'GREETING=hello "world"; ok'], Entrypoint: ['/bin/sh', '-c'], Cmd: ['echo $GREETING'], WorkingDir: '/opt/app' });
    expect(Object.keys(cfg.config!.Labels!)).toEqual(['org.example.a', 'org.example.b']);
    expect(cfg).toMatchObject({ os: 'linux', architecture: 'amd64', created: '1970-01-01T00:00:00Z' });

    const added = await layerEntries(out, `${r.layers[2]!.diffId.slice(7)}/layer.tar`);
    expect([...added.keys()]).toEqual(['opt', 'opt/app', `opt/app/${HOSTILE}`, 'opt/app/sub dir', 'opt/app/sub dir/link', 'opt/app/sub dir/run.sh']);
    expect(added.get('opt/app/sub dir/run.sh')).toMatchObject({ mode: 0o750, uid: 0, type: 'file' });
    expect(added.get('opt/app/sub dir/link')).toMatchObject({ type: 'symlink', linkname: 'run.sh' });

    expect(seen.length).toBeGreaterThan(2);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
    expect(seen.at(-1)![0]).toBe(seen.at(-1)![1]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('gives the same bytes for the same inputs, and other bytes when an added file changes', async () => {
    const opts = { base, tags: ['xrcl/app:1'], add: [{ source: src, dest: '/opt/app' }] };
    const a = await buildImageTarball({ ...opts, output: join(dir, 'a.tar') });
    const b = await buildImageTarball({ ...opts, output: join(dir, 'b.tar') });
    expect(b.sha256).toBe(a.sha256);
    expect(sha(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'b.tar'))))).toBe(a.sha256);
    const changed = join(dir, 'changed');
    mkdirSync(changed);
    writeFileSync(join(changed, HOSTILE), 'hostile!\n');
    const c = await buildImageTarball({ ...opts, add: [...opts.add, { source: join(changed, HOSTILE), dest: `/opt/app/` }], output: join(dir, 'c.tar') });
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('builds on an OCI base with gzipped layers, and gzips its own output on request', async () => {
    const oci = join(dir, 'oci.tar');
    writeFileSync(oci, await ociTarball(await sampleLayers(), 'xrcl/oci:1'));
    const r = await buildImageTarball({ output: join(dir, 'from-oci.tar.gz'), base: oci, tags: ['xrcl/from-oci:1'], gzip: true, add: [{ source: join(src, HOSTILE), dest: '/x/' }] });
    const ins = await inspectTarball(r.file);
    expect(ins).toMatchObject({ kind: 'save', compressed: true, verified: true });
    expect(ins.images[0]!.layers.map((l) => l.diffId).slice(0, 2)).toEqual((await sampleLayers()).map((l) => `sha256:${sha(l)}`));
  });

  it('builds from files alone (no base), with the default PATH', async () => {
    const r = await buildImageTarball({ output: join(dir, 'nobase.tar'), tags: ['xrcl/nobase'], add: [{ source: src, dest: '/' }] });
    const idx = await readImageTarball(r.file);
    expect(idx.problems).toEqual([]);
    expect(idx.images[0]!.tags).toEqual(['xrcl/nobase:latest']);
    expect(idx.images[0]!.config!.config!.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
  });

  it.each(['Repo:Tag', 'a;b', 'ok:bad tag'])('refuses the tag %j before writing anything', async (tag) => {
    const out = join(dir, 'refused.tar');
    await expect(buildImageTarball({ output: out, base, tags: [tag] })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('not a valid image name') });
    expect(readdirSync(dir).filter((n) => n.includes('refused'))).toEqual([]);
  });

  it('refuses a damaged base and leaves no file behind', async () => {
    const good = await saveTarball(await sampleLayers(), ['xrcl/base:1']);
    const bad = flipByte(good, good.indexOf('keep\n'));
    writeFileSync(join(dir, 'bad-base.tar'), bad);
    await expect(buildImageTarball({ output: join(dir, 'never.tar'), base: join(dir, 'bad-base.tar'), tags: ['xrcl/x:1'] })).rejects.toMatchObject({ code: 'BAD_TARBALL' });
    expect(readdirSync(dir).filter((n) => n.includes('never'))).toEqual([]);
  });

  it('refuses a base for another platform', async () => {
    writeFileSync(join(dir, 'arm.tar'), await ociTarball(await sampleLayers(), 'xrcl/arm:1', 'arm64'));
    await expect(buildImageTarball({ output: join(dir, 'arm-out.tar'), base: join(dir, 'arm.tar'), tags: ['xrcl/x:1'] })).rejects.toThrow(/linux\/arm64.*linux\/amd64/);
  });

  it('stops when cancelled and leaves no file behind', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(buildImageTarball({ output: join(dir, 'cancel.tar'), base, tags: ['xrcl/x:1'], signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(dir).filter((n) => n.includes('cancel'))).toEqual([]);
  });
});

describe('names that need PAX records, and links', () => {
  it('keeps UTF-8 and long names exactly, and follows a linked source named on the command line', async () => {
    const odd = join(dir, 'odd');
    const long = `${'deep-folder-name/'.repeat(8)}file with a long name.txt`;
    mkdirSync(join(odd, long, '..'), { recursive: true });
    writeFileSync(join(odd, 'café ☕ ü.txt'), 'utf8\n');
    writeFileSync(join(odd, long), 'long\n');
    symlinkSync(join(src, HOSTILE), join(dir, 'link-to-hostile'));
    const r = await buildImageTarball({
      output: join(dir, 'odd.tar'),
      tags: ['xrcl/odd:1'],
      add: [
        { source: odd, dest: '/odd' },
        { source: join(dir, 'link-to-hostile'), dest: '/linked.txt' },
      ],
    });
    const entries = await layerEntries(r.file, `${r.layers[0]!.diffId.slice(7)}/layer.tar`);
    expect(entries.has('odd/café ☕ ü.txt')).toBe(true);
    expect(entries.has(`odd/${long}`)).toBe(true);
    expect(entries.get('linked.txt')).toMatchObject({ type: 'file' });
    expect((await inspectTarball(r.file)).verified).toBe(true);
  });
});

describe('cancelling mid-build', () => {
  it.each(['image', 'container'] as const)('stops a %s build part-way through a large file and leaves nothing behind', async (format) => {
    const big = join(dir, `big-${format}.bin`);
    writeFileSync(big, Buffer.alloc(64 << 20, 1));
    const ac = new AbortController();
    const out = join(dir, `cancel-mid-${format}.tar`);
    let lastDone = 0;
    const onProgress = (done: number, total: number): void => {
      lastDone = done;
      if (done > total / 4) ac.abort();
    };
    const opts = { output: out, base, add: [{ source: big, dest: '/big.bin' }], signal: ac.signal, onProgress };
    const build = format === 'image' ? buildImageTarball({ ...opts, tags: ['xrcl/x:1'] }) : buildContainerTarball(opts);
    await expect(build).rejects.toMatchObject({ name: 'AbortError' });
    expect(ac.signal.aborted).toBe(true);
    expect(lastDone).toBeLessThan(64 << 20);
    expect(readdirSync(dir).filter((n) => n.includes('cancel-mid'))).toEqual([]);
    rmSync(big);
  });
});

describe('buildContainerTarball', () => {
  it('flattens the base (whiteouts applied) and puts the added files on top', async () => {
    const r = await buildContainerTarball({ output: join(dir, 'flat.tar'), base, add: [{ source: src, dest: '/opt/app' }] });
    const names = await flatEntries(r.file);
    expect(names).toContain('etc/keep.txt');
    expect(names).toContain('etc/two.txt');
    expect(names).not.toContain('etc/one.txt');
    expect(names.filter((n) => n.includes('.wh.'))).toEqual([]);
    expect(names).toContain(`opt/app/${HOSTILE}`);
    expect(names.filter((n) => n === 'etc')).toHaveLength(1);
    const ins = await inspectTarball(r.file);
    expect(ins).toMatchObject({ kind: 'export', verified: true });
    expect(ins.images[0]!.layers[0]!.diffId).toBe(r.layers[0]!.diffId);
  });

  it('round-trips: an image built on a container tarball has that file system as its one base layer', async () => {
    const flat = await buildContainerTarball({ output: join(dir, 'rt-flat.tar.gz'), base, gzip: true });
    const img = await buildImageTarball({ output: join(dir, 'rt-img.tar'), base: flat.file, tags: ['xrcl/rt:1'], cmd: ['sh'] });
    expect(img.layers).toEqual(flat.layers);
    expect((await inspectTarball(img.file)).verified).toBe(true);
  });

  it('is reproducible', async () => {
    const a = await buildContainerTarball({ output: join(dir, 'fa.tar'), base, add: [{ source: src, dest: '/opt' }] });
    const b = await buildContainerTarball({ output: join(dir, 'fb.tar'), base, add: [{ source: src, dest: '/opt' }] });
    expect(a.sha256).toBe(b.sha256);
  });
});

describe('parseAddSpec', () => {
  it('splits at the last ":/" so sources may hold colons and spaces', () => {
    expect(parseAddSpec('./my dir:/opt/app')).toEqual({ source: './my dir', dest: '/opt/app' });
    expect(parseAddSpec('C:\\work\\a b.txt:/etc/')).toEqual({ source: 'C:\\work\\a b.txt', dest: '/etc/' });
    expect(() => parseAddSpec('no-dest')).toThrow(/SRC:DEST/);
    expect(() => parseAddSpec('a:relative')).toThrow(/SRC:DEST/);
  });
});
