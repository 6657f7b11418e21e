// The daemon-less tarballs against the real tools that will receive them: skopeo reads them,
// this computer's dockerd loads / imports them and runs containers from them, and the inspector
// reads what `docker save` and `skopeo copy … oci-archive:` write (and refuses damaged copies).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContainerTarball, buildImageTarball } from '../../src-main/services/images/image-builder';
import { inspectTarball } from '../../src-main/services/images/image-inspector';
import { findCommand } from '../lab/lab-prereqs';
import { run, runSync } from '../lab/run-command';
import { testImageProblem, writeBusyboxImage } from '../lab/test-images';
import { flipByte, offsetOf } from '../support/image-tarballs';

function skipReason(): string | null {
  if (!findCommand('docker')) return 'docker CLI not installed';
  const v = runSync('docker', ['version', '--format', '{{.Server.Version}}']);
  if (v.code !== 0) return `no Docker engine reachable (${v.stderr.trim().split('\n')[0]})`;
  if (!findCommand('skopeo')) return 'skopeo not installed (`apt-get install skopeo`)';
  return testImageProblem();
}

const skip = skipReason();
const id = randomBytes(4).toString('hex');
const HOSTILE = `it's a "quoted"; name.txt`;
// Needs PAX records in the layer: UTF-8 and a path longer than ustar's 255 bytes.
const LONG = `${'deep-folder-name/'.repeat(16)}café ☕; "long" name.txt`;
const BASE_TAG = `xrcl-itest/base-${id}:1`;
const IMAGE_TAG = `xrcl-itest/img__${id}.x-y:T_a.g-1`;
const GZ_TAG = `xrcl-itest/gz-${id}:1`;
const OCI_TAG = `xrcl-itest/from-oci-${id}:1`;
const IMPORT_TAG = `xrcl-itest/imported-${id}:1`;
const tags = [BASE_TAG, IMAGE_TAG, GZ_TAG, OCI_TAG, IMPORT_TAG];

async function ok(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args, { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`\`${[cmd, ...args].join(' ')}\` failed (exit ${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

describe.skipIf(skip !== null)(`image tarballs with dockerd and skopeo${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let tmp: string;
  let base: string;
  let files: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'xrcl-images-itest-'));
    base = writeBusyboxImage(join(tmp, 'base.tar'), BASE_TAG, `marker-${id}`).file;
    files = join(tmp, 'files');
    mkdirSync(join(files, 'conf d'), { recursive: true });
    writeFileSync(join(files, HOSTILE), `payload ${id}\n`);
    writeFileSync(join(files, 'conf d', 'app.conf'), 'level=debug\n');
    mkdirSync(join(tmp, 'odd', LONG, '..'), { recursive: true });
    writeFileSync(join(tmp, 'odd', LONG), `long ${id}\n`);
  });

  afterAll(async () => {
    await run('docker', ['rmi', '-f', ...tags], { timeoutMs: 60_000 });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('docker-save format: skopeo accepts it, docker loads it with the exact tag and runs it', async () => {
    const r = await buildImageTarball({
      output: join(tmp, 'image.tar'),
      base,
      tags: [IMAGE_TAG],
      add: [
        { source: files, dest: '/data' },
        { source: join(tmp, 'odd'), dest: '/odd' },
      ],
      env: { GREETING: `hello "there"; $HOME` },
      cmd: ['cat', `/data/${HOSTILE}`],
    });
    const sk = JSON.parse(await ok('skopeo', ['inspect', `docker-archive:${r.file}`])) as { Layers: string[]; Env: string[]; Architecture: string };
    expect(sk.Layers).toEqual(r.layers.map((l) => l.diffId));
    expect(sk.Env).toContain(`GREETING=hello "there"; $HOME`);
    expect(sk.Architecture).toBe('amd64');

    expect(await ok('docker', ['load', '-i', r.file])).toContain(`Loaded image: ${IMAGE_TAG}`);
    const info = JSON.parse(await ok('docker', ['image', 'inspect', IMAGE_TAG]))[0] as { Id: string; RootFS: { Layers: string[] } };
    expect(info.Id).toBe(r.imageId);
    expect(info.RootFS.Layers).toEqual(r.layers.map((l) => l.diffId));

    expect(await ok('docker', ['run', '--rm', IMAGE_TAG])).toBe(`payload ${id}\n`);
    expect(await ok('docker', ['run', '--rm', IMAGE_TAG, 'sh', '-c', 'echo "$GREETING"; cat "/data/conf d/app.conf"; cat /etc/xrcl-image'])).toBe(
      `hello "there"; $HOME\nlevel=debug\nmarker-${id}\n`,
    );
    const listed = (await ok('docker', ['run', '--rm', IMAGE_TAG, 'ls', '/data'])).split('\n').filter(Boolean);
    expect(listed.sort()).toEqual(['conf d', HOSTILE]);
    expect(await ok('docker', ['run', '--rm', IMAGE_TAG, 'cat', `/odd/${LONG}`])).toBe(`long ${id}\n`);
  });

  it('gzipped output loads too', async () => {
    const r = await buildImageTarball({ output: join(tmp, 'image.tar.gz'), base, tags: [GZ_TAG], gzip: true, cmd: ['echo', 'gz ok'] });
    expect(readFileSync(r.file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(await ok('docker', ['load', '-i', r.file])).toContain(`Loaded image: ${GZ_TAG}`);
    expect(await ok('docker', ['run', '--rm', GZ_TAG])).toBe('gz ok\n');
  });

  it('docker-export format: docker import takes it and a container runs from it', async () => {
    const r = await buildContainerTarball({ output: join(tmp, 'container.tar'), base, add: [{ source: files, dest: '/data' }] });
    expect((await ok('docker', ['import', r.file, IMPORT_TAG])).trim()).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(await ok('docker', ['run', '--rm', IMPORT_TAG, '/bin/busybox', 'echo', 'ok'])).toBe('ok\n');
    expect(await ok('docker', ['run', '--rm', IMPORT_TAG, '/bin/busybox', 'cat', `/data/${HOSTILE}`])).toBe(`payload ${id}\n`);
    const info = JSON.parse(await ok('docker', ['image', 'inspect', IMPORT_TAG]))[0] as { RootFS: { Layers: string[] } };
    expect(info.RootFS.Layers).toEqual([r.layers[0]!.diffId]);
  });

  it('reads what `docker save` writes (legacy layout), and refuses truncated or flipped copies', async () => {
    await ok('docker', ['load', '-i', base]);
    const saved = join(tmp, 'saved.tar');
    await ok('docker', ['save', '-o', saved, BASE_TAG]);
    const ins = await inspectTarball(saved);
    const info = JSON.parse(await ok('docker', ['image', 'inspect', BASE_TAG]))[0] as { Id: string; RootFS: { Layers: string[] } };
    expect(ins).toMatchObject({ kind: 'save', compressed: false, verified: true, problems: [] });
    expect(ins.images).toHaveLength(1);
    expect(ins.images[0]!.tags).toEqual([BASE_TAG]);
    expect(ins.images[0]!.configDigest).toBe(info.Id);
    expect(ins.images[0]!.layers.map((l) => l.diffId)).toEqual(info.RootFS.Layers);
    expect(ins.images[0]!.layers[0]!.size).toBeGreaterThan(1_000_000);

    const data = readFileSync(saved);
    writeFileSync(join(tmp, 'saved-cut.tar'), data.subarray(0, data.length - 100_000));
    const cut = await inspectTarball(join(tmp, 'saved-cut.tar'));
    expect(cut.verified).toBe(false);
    expect(cut.problems.join('\n')).toMatch(/truncated|ends too early/);

    // The marker file's content (with its newline) sits only inside the layer, not in any JSON.
    writeFileSync(join(tmp, 'saved-flip.tar'), flipByte(data, offsetOf(data, `marker-${id}\n`)));
    const flip = await inspectTarball(join(tmp, 'saved-flip.tar'));
    expect(flip.verified).toBe(false);
    expect(flip.problems.join('\n')).toMatch(/Layer 1 .*corrupted/);
  });

  it('reads an OCI archive written by skopeo and builds on it', async () => {
    const oci = join(tmp, 'oci.tar');
    await ok('skopeo', ['copy', '--quiet', `docker-archive:${base}`, `oci-archive:${oci}:${BASE_TAG}`]);
    const ins = await inspectTarball(oci);
    expect(ins).toMatchObject({ kind: 'oci', verified: true, problems: [] });
    expect(ins.images[0]!.platform).toBe('linux/amd64');

    const r = await buildImageTarball({ output: join(tmp, 'from-oci.tar'), base: oci, tags: [OCI_TAG], add: [{ source: join(files, HOSTILE), dest: '/' }] });
    expect(await ok('docker', ['load', '-i', r.file])).toContain(`Loaded image: ${OCI_TAG}`);
    expect(await ok('docker', ['run', '--rm', OCI_TAG, 'cat', `/${HOSTILE}`])).toBe(`payload ${id}\n`);
  });

  it('same inputs give the same sha256; a changed added file changes it', async () => {
    const opts = { base, tags: [IMAGE_TAG], add: [{ source: files, dest: '/data' }] };
    const a = await buildImageTarball({ ...opts, output: join(tmp, 'r1.tar') });
    const b = await buildImageTarball({ ...opts, output: join(tmp, 'r2.tar') });
    expect(b.sha256).toBe(a.sha256);
    writeFileSync(join(files, 'conf d', 'app.conf'), 'level=info\n');
    const c = await buildImageTarball({ ...opts, output: join(tmp, 'r3.tar') });
    expect(c.sha256).not.toBe(a.sha256);
  });
});
