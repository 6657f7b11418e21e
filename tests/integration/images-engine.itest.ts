// Tarballs made through this computer's Docker engine (dockerode): a Dockerfile build with a
// hostile file name in COPY, then save and export streamed to disk, checked by the inspector and
// loaded / imported back into the engine.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngineImages } from '../../src-main/services/images/docker-engine-images';
import { inspectTarball } from '../../src-main/services/images/image-inspector';
import { findCommand } from '../lab/lab-prereqs';
import { run, runSync } from '../lab/run-command';
import { testImageProblem, writeBusyboxImage } from '../lab/test-images';

function skipReason(): string | null {
  if (!findCommand('docker')) return 'docker CLI not installed';
  const v = runSync('docker', ['version', '--format', '{{.Server.Version}}']);
  if (v.code !== 0) return `no Docker engine reachable (${v.stderr.trim().split('\n')[0]})`;
  return testImageProblem();
}

const skip = skipReason();
const id = randomBytes(4).toString('hex');
const BASE = `xrcl-itest/engine-base-${id}:1`;
const BUILT = `xrcl-itest/engine-built-${id}:1`;
const ALSO = `xrcl-itest/engine-also-${id}:2`;
const IMPORTED = `xrcl-itest/engine-imported-${id}:1`;
const HOSTILE = `it's a "q"; file.txt`;

async function ok(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args, { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`\`${[cmd, ...args].join(' ')}\` failed (exit ${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

describe.skipIf(skip !== null)(`image tarballs through the Docker engine${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const engine = new DockerEngineImages();
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'xrcl-engine-itest-'));
    await ok('docker', ['load', '-i', writeBusyboxImage(join(tmp, 'base.tar'), BASE, `engine-${id}`).file]);
  });

  afterAll(async () => {
    await run('docker', ['rmi', '-f', BASE, BUILT, ALSO, IMPORTED], { timeoutMs: 60_000 });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('builds from a Dockerfile (hostile COPY source), saves with progress, and the save is verified and loads', async () => {
    const ctx = join(tmp, 'ctx');
    mkdirSync(join(ctx, 'files'), { recursive: true });
    writeFileSync(join(ctx, 'files', HOSTILE), `built ${id}\n`);
    // The hostile name travels in the build context; the Dockerfile names only its folder.
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${BASE}\nCOPY files/ /data/\nENV MODE=engine\nCMD ["sh", "-c", "cat /data/*"]\n`);
    const log: string[] = [];
    const built = await engine.build({ context: ctx, tags: [BUILT, ALSO], onLog: (l) => log.push(l) });
    expect(built.imageId).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(log.join('\n')).toMatch(/Step 2\/4 : COPY/);
    expect(await ok('docker', ['run', '--rm', ALSO])).toBe(`built ${id}\n`);
    expect(await ok('docker', ['run', '--rm', ALSO, 'ls', '/data'])).toBe(`${HOSTILE}\n`);

    const seen: Array<[number, number]> = [];
    const saved = await engine.save([BUILT], { output: join(tmp, 'saved.tar'), onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.at(-1)![0]).toBe(seen.at(-1)![1]);
    expect(seen.length).toBeGreaterThan(1);
    const ins = await inspectTarball(saved.file);
    expect(ins).toMatchObject({ kind: 'save', verified: true, sha256: saved.sha256, bytes: saved.bytes });
    expect(ins.images[0]!.tags).toEqual([BUILT]);
    expect(ins.images[0]!.configDigest).toBe(built.imageId);

    await ok('docker', ['rmi', BUILT, ALSO]);
    expect(await ok('docker', ['load', '-i', saved.file])).toContain(`Loaded image: ${BUILT}`);
    expect(await ok('docker', ['run', '--rm', '-e', 'X=1', BUILT, 'sh', '-c', 'echo $MODE'])).toBe('engine\n');
  });

  it('exports an image as a container tarball (gzipped) that docker import takes; the helper container is gone', async () => {
    const r = await engine.exportImage(BASE, { output: join(tmp, 'export.tar.gz'), gzip: true });
    const ins = await inspectTarball(r.file);
    expect(ins).toMatchObject({ kind: 'export', compressed: true, verified: true });
    await ok('docker', ['import', r.file, IMPORTED]);
    expect(await ok('docker', ['run', '--rm', IMPORTED, '/bin/busybox', 'echo', 'ok'])).toBe('ok\n');
    const left = await ok('docker', ['ps', '-a', '--filter', 'label=xrcl.purpose=export', '--filter', `ancestor=${BASE}`, '-q']);
    expect(left.trim()).toBe('');
  });

  it('reports a failing build with the engine message, and an invalid tag before contacting the engine', async () => {
    const bad = join(tmp, 'bad-ctx');
    mkdirSync(bad);
    writeFileSync(join(bad, 'Dockerfile'), `FROM ${BASE}\nRUN exit 3\n`);
    await expect(engine.build({ context: bad, tags: [`xrcl-itest/never-${id}:1`] })).rejects.toMatchObject({
      code: 'BUILD_FAILED',
      message: expect.stringMatching(/returned a non-zero code: 3/),
    });
    await expect(engine.build({ context: tmp, tags: ['Bad:Tag'] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(engine.save([`xrcl-itest/absent-${id}:1`], { output: join(tmp, 'absent.tar') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
