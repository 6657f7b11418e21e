// xrcl image build --from docker://REF as a script runs it, against the real Distribution
// registry on loopback: a TLS registry the app started (its CA used without being asked; by
// another name, refused until --ca), a plain-HTTP registry xrcl does not know, layers stored
// uncompressed (the app's own push) and gzipped (skopeo's); the result accepted by skopeo and by
// `docker load`, and a container from it prints the added file; two builds give the same bytes;
// a blob damaged in the registry's storage and an unknown tag are refused with their fix,
// leaving no output and no temporary base behind.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../src-main/services/events/event-hub';
import { ImageBuildService } from '../../src-main/services/images/image-build-service';
import { TaskManager } from '../../src-main/services/tasks/task-manager';
import { run, runOk } from '../lab/run-command';
import { writeBusyboxImage } from '../lab/test-images';
import { jsonOf, runXrcl, type XrclRun } from '../support/xrcl-process';
import { freePort, registryService, registrySkipReason, uniqueName } from './support/registry-itest-env';

const dockerOk = (await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 }).catch(() => ({ code: 1 }))).code === 0;
const skip = registrySkipReason() ?? (dockerOk ? null : 'needs a Docker engine');

interface BuildJson {
  file: string;
  sha256: string;
  bytes: number;
  layers: number;
}
interface ErrorJson {
  error: { code: string; message: string; fix: string };
}

/** Temporary base folders left in the system temp folder. */
const leftBases = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('xrcl-base-'));

describe.skipIf(skip !== null)(`xrcl image build from a registry${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let home = '';
  let hostPort = '';
  let storage = '';
  let caFile = '';
  const name = uniqueName('bp');
  const suffix = randomBytes(3).toString('hex');
  const tag = `bp-itest/pulled-${suffix}:1`;
  const gzTag = `bp-itest/pulled-gz-${suffix}:1`;
  const xrcl = (args: string[]): Promise<XrclRun> => runXrcl(home, args);
  const basesBefore = new Set<string>();
  let other: ReturnType<typeof registryService> | null = null;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-bp-pull-'));
    for (const b of leftBases()) basesBefore.add(b);
    writeFileSync(join(home, 'hello.txt'), 'hello from a pulled base\n');
    const up = await xrcl(['registry', 'up', name, '--kind', 'tls', '--address', '127.0.0.1', '--port', String(await freePort('127.0.0.1')), '--json']);
    expect(up.status, up.stderr).toBe(0);
    const r = jsonOf<{ url: string; storage: string; caFile: string }>(up);
    hostPort = new URL(r.url).host;
    storage = r.storage;
    caFile = r.caFile;
    const busybox = writeBusyboxImage(join(home, 'busybox.tar'), 'bp/busybox:1', `bp-${suffix}`).file;
    const push = await xrcl(['registry', 'push', name, busybox, '--as', 'bp/busybox:1', '--json']);
    expect(push.status, push.stderr).toBe(0);
  });

  afterAll(async () => {
    if (home) await xrcl(['registry', 'remove', name]);
    if (other) {
      for (const r of Object.keys(other.store.value ?? {})) await other.service.remove(r).catch(() => undefined);
      rmSync(other.dataDir, { recursive: true, force: true });
    }
    await run('docker', ['rmi', '-f', tag, gzTag], { timeoutMs: 60_000 });
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const buildArgs = (from: string, out: string, imageTag = tag): string[] => [
    'image', 'build', '--from', from, '--add', `${join(home, 'hello.txt')}:/srv/hello.txt`,
    '--cmd', '["/bin/sh","-c","cat /srv/hello.txt"]', '--tag', imageTag, '-o', join(home, out), '--json',
  ];
  const newBases = (): string[] => leftBases().filter((b) => !basesBefore.has(b));

  it("builds from a TLS registry the app started (its CA used), twice to the same bytes; skopeo and docker accept it and it runs", async () => {
    const from = `docker://${hostPort}/bp/busybox:1`;
    const first = await xrcl(buildArgs(from, 'a.tar'));
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('pulling');
    const a = jsonOf<BuildJson>(first);
    expect(a.layers).toBe(2);
    const second = await xrcl(buildArgs(from, 'b.tar'));
    expect(second.status, second.stderr).toBe(0);
    expect(jsonOf<BuildJson>(second).sha256).toBe(a.sha256);
    expect(newBases()).toEqual([]);

    const info = JSON.parse(await runOk('skopeo', ['inspect', `docker-archive:${a.file}`], { timeoutMs: 60_000 })) as { Architecture: string; Layers: string[] };
    expect(info.Architecture).toBe('amd64');
    expect(info.Layers).toHaveLength(2);
    expect(await runOk('docker', ['load', '-i', a.file], { timeoutMs: 120_000 })).toContain(`Loaded image: ${tag}`);
    expect(await runOk('docker', ['run', '--rm', tag], { timeoutMs: 60_000 })).toBe('hello from a pulled base\n');
  });

  it('builds from gzipped layers (pushed by skopeo) in a plain-HTTP registry xrcl does not know, by tag and by digest; the images.build task that knows it gives the same bytes', async () => {
    other = registryService();
    const plain = await other.service.up({ name: uniqueName('bp'), kind: 'insecure', address: '127.0.0.1', port: await freePort('127.0.0.1') });
    await runOk('skopeo', ['copy', '--dest-tls-verify=false', `docker-archive:${join(home, 'busybox.tar')}`, `docker://${plain.hostPort}/bp/busybox:gz`], { timeoutMs: 120_000 });
    const remote = JSON.parse(await runOk('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${plain.hostPort}/bp/busybox:gz`], { timeoutMs: 60_000 })) as { layers: Array<{ mediaType: string }> };
    expect(remote.layers[0]!.mediaType).toMatch(/gzip/);

    const r = await xrcl(buildArgs(`docker://${plain.hostPort}/bp/busybox:gz`, 'gz.tar', gzTag));
    expect(r.status, r.stderr).toBe(0);
    expect(await runOk('docker', ['load', '-i', jsonOf<BuildJson>(r).file], { timeoutMs: 120_000 })).toContain(`Loaded image: ${gzTag}`);
    expect(await runOk('docker', ['run', '--rm', gzTag], { timeoutMs: 60_000 })).toBe('hello from a pulled base\n');

    const digest = (JSON.parse(await runOk('skopeo', ['inspect', '--tls-verify=false', `docker://${plain.hostPort}/bp/busybox:gz`], { timeoutMs: 60_000 })) as { Digest: string }).Digest;
    const byDigest = await xrcl(buildArgs(`docker://${plain.hostPort}/bp/busybox@${digest}`, 'digest.tar', gzTag));
    expect(byDigest.status, byDigest.stderr).toBe(0);
    expect(jsonOf<BuildJson>(byDigest).sha256).toBe(jsonOf<BuildJson>(r).sha256);

    // The Images page's images.build task, with this registry known to the app: the same bytes.
    const tasks = new TaskManager(new EventHub());
    const builds = new ImageBuildService(tasks, undefined, other.service);
    expect(() => builds.start({ output: join(home, 'task-bad.tar'), format: 'save', tags: [gzTag], base: 'docker://127.0.0.1:1/Bad/Name:1' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(tasks.list()).toEqual([]);
    const { done } = builds.start({
      output: join(home, 'task.tar'), format: 'save', tags: [gzTag], base: `docker://${plain.hostPort}/bp/busybox:gz`,
      add: [`${join(home, 'hello.txt')}:/srv/hello.txt`], cmd: ['/bin/sh', '-c', 'cat /srv/hello.txt'],
    });
    expect((await done).sha256).toBe(jsonOf<BuildJson>(r).sha256);
    expect(tasks.list()[0]).toMatchObject({ state: 'succeeded' });
    expect(newBases()).toEqual([]);
  });

  it('a TLS registry the app does not know by that name needs its CA: refused with the --ca fix, then built with --ca', async () => {
    // localhost:PORT is the same registry, but not the host:port the app knows it by.
    const from = `docker://localhost:${new URL(`https://${hostPort}`).port}/bp/busybox:1`;
    const refused = await xrcl(buildArgs(from, 'untrusted.tar'));
    expect(refused.status).toBe(1);
    expect(jsonOf<ErrorJson>(refused).error).toMatchObject({ code: 'REGISTRY_TLS', fix: expect.stringContaining('--ca FILE') });
    const trusted = await xrcl([...buildArgs(from, 'trusted.tar'), '--ca', caFile]);
    expect(trusted.status, trusted.stderr).toBe(0);
    expect(jsonOf<BuildJson>(trusted).layers).toBe(2);
    expect(existsSync(join(home, 'untrusted.tar'))).toBe(false);
    expect(newBases()).toEqual([]);
  });

  it('an unknown tag is refused with the fix, and nothing is written', async () => {
    const r = await xrcl(buildArgs(`docker://${hostPort}/bp/busybox:no-such-tag`, 'none.tar'));
    expect(r.status).toBe(1);
    expect(jsonOf<ErrorJson>(r).error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('bp/busybox:no-such-tag'), fix: expect.stringContaining('push') });
    expect(existsSync(join(home, 'none.tar'))).toBe(false);
    const bad = await xrcl(buildArgs(`docker://${hostPort}/bp/x;reboot:1`, 'bad.tar'));
    expect(bad.status).toBe(1);
    expect(jsonOf<ErrorJson>(bad).error.code).toBe('BAD_INPUT');
    expect(newBases()).toEqual([]);
  });

  it("a blob damaged in the registry's storage is refused: no output, no temporary base", async () => {
    const image = writeBusyboxImage(join(home, 'corrupt.tar'), 'bp/corrupt:1', `corrupt-${suffix}`);
    const push = await xrcl(['registry', 'push', name, image.file, '--as', 'bp/corrupt:1', '--json']);
    expect(push.status, push.stderr).toBe(0);
    // The layer holding the marker is this image's own: damaging it leaves bp/busybox intact.
    const manifest = JSON.parse(await runOk('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${hostPort}/bp/corrupt:1`], { timeoutMs: 60_000 })) as { layers: Array<{ digest: string }> };
    const hex = manifest.layers[0]!.digest.slice('sha256:'.length);
    const data = join(storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    const bytes = readFileSync(data);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(data, bytes);

    const r = await xrcl(buildArgs(`docker://${hostPort}/bp/corrupt:1`, 'corrupt-out.tar'));
    expect(r.status).toBe(1);
    expect(jsonOf<ErrorJson>(r).error).toMatchObject({ code: 'DIGEST_MISMATCH', message: expect.stringContaining(hex), fix: expect.stringContaining('push the image') });
    expect(readdirSync(home).filter((f) => f.includes('corrupt-out'))).toEqual([]);
    expect(newBases()).toEqual([]);
  });
});
