// xrcl image build | inspect as a script runs them: a busybox base plus an added file with a
// hostile name, built twice to the same bytes, accepted by skopeo and by `docker load`, and a
// container from it prints the file; a damaged copy is reported, never called verified.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../lab/lab-prereqs';
import { testImageProblem, writeBusyboxImage } from '../lab/test-images';
import { jsonOf, runXrcl } from '../support/xrcl-process';

const docker = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
const skopeo = findCommand('skopeo') !== null;
const skip = !docker ? 'needs a Docker engine' : !skopeo ? 'needs skopeo' : testImageProblem();
const TAG = 'xrcl-test/hello:1';

describe.skipIf(skip !== null)(`xrcl image${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  const xrcl = (args: string[]) => runXrcl(dir, args);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xrcl-image-'));
    writeBusyboxImage(join(dir, 'base.tar'), 'xrcl-test/busybox:base');
    writeFileSync(join(dir, "it's; a file.txt"), 'hello from the builder\n');
  });
  afterAll(() => {
    spawnSync('docker', ['rmi', '-f', TAG], { stdio: 'ignore' });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds a loadable image twice to the same bytes; skopeo and docker accept it and it runs', async () => {
    const args = (out: string) => ['image', 'build', '--from', join(dir, 'base.tar'), '--add', `${join(dir, "it's; a file.txt")}:/srv/hello.txt`, '--env', 'GREETING=hi there', '--cmd', '["/bin/sh","-c","cat /srv/hello.txt; echo $GREETING"]', '--tag', TAG, '-o', join(dir, out), '--json'];
    const first = await xrcl(args('a.tar'));
    expect(first.status, first.stderr).toBe(0);
    const a = jsonOf<{ file: string; sha256: string; bytes: number; layers: number }>(first);
    const b = jsonOf<{ sha256: string }>(await xrcl(args('b.tar')));
    expect(b.sha256).toBe(a.sha256);
    expect(a.layers).toBeGreaterThanOrEqual(2);

    expect(JSON.parse(execFileSync('skopeo', ['inspect', `docker-archive:${a.file}`], { encoding: 'utf8' })).Architecture).toBe('amd64');
    expect(execFileSync('docker', ['load', '-i', a.file], { encoding: 'utf8' })).toContain(`Loaded image: ${TAG}`);
    expect(execFileSync('docker', ['run', '--rm', TAG], { encoding: 'utf8' })).toBe('hello from the builder\nhi there\n');

    const inspected = await xrcl(['image', 'inspect', a.file, '--json']);
    expect(inspected.status).toBe(0);
    expect(jsonOf(inspected)).toMatchObject({ kind: 'save', compressed: false, verified: true, images: [{ tags: [TAG], platform: 'linux/amd64' }] });
  });

  it('a damaged tarball is reported with its problems and exit status 1', async () => {
    const good = readFileSync(join(dir, 'a.tar'));
    writeFileSync(join(dir, 'cut.tar'), good.subarray(0, Math.floor(good.length * 0.6)));
    const r = await xrcl(['image', 'inspect', join(dir, 'cut.tar'), '--json']);
    expect(r.status).toBe(1);
    const out = jsonOf<{ verified: boolean; problems: string[] }>(r);
    expect(out.verified).toBe(false);
    expect(out.problems.length).toBeGreaterThan(0);
  });

  it('refuses a tag outside Docker\'s grammar before writing anything', async () => {
    const r = await xrcl(['image', 'build', '--from', join(dir, 'base.tar'), '--tag', 'Bad;Tag', '-o', join(dir, 'bad.tar'), '--json']);
    expect(r.status).toBe(1);
    expect(jsonOf<{ error: { code: string } }>(r).error.code).toBe('BAD_INPUT');
    expect(spawnSync('test', ['-e', join(dir, 'bad.tar')]).status).toBe(1);
  });
});
