// Registries started by the app (the real Distribution program) and the app's own push client:
// a busybox tarball pushed and accepted by skopeo and by this computer's Docker 20.10, a second
// push that sends nothing, a TLS registry trusted through the CA the app made, a registry
// stopped in the middle of a push and the retry that does not resend what arrived, the port
// holder named, hostile names refused, tags listed and deleted, and a registry found again by
// the next run of the app.
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteTag, listRepositories, listTags } from '../../src-main/services/registries/registry-browser';
import { pushTarball } from '../../src-main/services/registries/registry-push';
import { RegistryPushes } from '../../src-main/services/registries/registry-push-task';
import { EventHub } from '../../src-main/services/events/event-hub';
import { TaskManager } from '../../src-main/services/tasks/task-manager';
import { run } from '../lab/run-command';
import { writeBusyboxImage } from '../lab/test-images';
import { saveTarball } from '../support/image-tarballs';
import { freePort, registryService, registrySkipReason, registryTestAddress, uniqueName } from './support/registry-itest-env';

const skip = registrySkipReason();
const dockerOk = (await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 }).catch(() => ({ code: 1, stdout: '' }))).code === 0;

describe.skipIf(skip !== null)(`registries and the push client${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const address = registryTestAddress();
  // Folders are made in beforeAll: a skipped suite's body still runs to list its tests.
  let env!: ReturnType<typeof registryService>;
  let service!: ReturnType<typeof registryService>['service'];
  let tmp = '';
  const insecure = uniqueName();
  const tls = uniqueName();
  const marker = `rc-${randomBytes(4).toString('hex')}`;
  let busybox: string;
  let insecurePort: number;
  const pulled: string[] = [];

  beforeAll(async () => {
    env = registryService();
    service = env.service;
    tmp = mkdtempSync(join(tmpdir(), 'xrcl-rc-push-'));
    busybox = writeBusyboxImage(join(tmp, 'busybox.tar'), 'rc/busybox:1', marker).file;
    insecurePort = await freePort(address);
  });

  afterAll(async () => {
    for (const r of Object.keys(env.store.value ?? {})) await service.remove(r).catch(() => undefined);
    if (pulled.length) await run('docker', ['rmi', '-f', ...pulled], { timeoutMs: 60_000 });
    rmSync(tmp, { recursive: true, force: true });
    rmSync(env.dataDir, { recursive: true, force: true });
  });

  it('starts an insecure registry, pushes a busybox tarball that skopeo accepts, and a second push sends nothing', async () => {
    const started = Date.now();
    const r = await service.up({ name: insecure, kind: 'insecure', address, port: insecurePort });
    expect(r.state).toBe('running');
    expect(r.hostPort).toBe(`${address}:${insecurePort}`);
    expect(Date.now() - started).toBeLessThan(15_000);

    const http = service.http(insecure);
    const first = await pushTarball(http, busybox, { as: 'rc/busybox:1' });
    expect(first).toMatchObject({ repository: 'rc/busybox', tag: '1', blobsSent: 2, blobsSkipped: 0 });
    expect(first.bytesSent).toBeGreaterThan(500_000);
    const inspect = await run('skopeo', ['inspect', '--tls-verify=false', `docker://${r.hostPort}/rc/busybox:1`], { timeoutMs: 60_000 });
    expect(inspect.code, inspect.stderr).toBe(0);
    const info = JSON.parse(inspect.stdout) as { Digest: string; Labels: Record<string, string>; Architecture: string };
    expect(info.Digest).toBe(first.digest);
    expect(info.Labels['xrcl.image']).toBe(marker);

    const second = await pushTarball(http, busybox, { as: 'rc/busybox:1' });
    expect(second).toMatchObject({ blobsSent: 0, blobsSkipped: 2, bytesSent: 0, digest: first.digest });
    // Another repository of the same registry: blobs are mounted, not sent.
    const other = await pushTarball(http, busybox, { as: 'rc/copy:2' });
    expect(other).toMatchObject({ blobsSent: 0, blobsMounted: 2, bytesSent: 0 });
    await http.close();
  });

  it.skipIf(!dockerOk)("is pulled by this computer's Docker 20.10 and runs", async () => {
    // Docker trusts 127.0.0.0/8 registries without settings (the lab address would need the
    // insecure flag, which is the router side's job): this registry listens on loopback.
    const name = uniqueName();
    const r = await service.up({ name, kind: 'insecure', address: '127.0.0.1', port: await freePort('127.0.0.1') });
    const http = service.http(name);
    await pushTarball(http, busybox, { as: 'rc/busybox:1' });
    await http.close();
    const ref = `${r.hostPort}/rc/busybox:1`;
    pulled.push(ref);
    const pull = await run('docker', ['pull', ref], { timeoutMs: 120_000 });
    expect(pull.code, pull.stderr).toBe(0);
    const out = await run('docker', ['run', '--rm', ref, 'cat', '/etc/xrcl-image'], { timeoutMs: 60_000 });
    expect(out.stdout.trim()).toBe(marker);
  });

  it('lists repositories with tags, digests and sizes, and deletes a tag with the others on its manifest', async () => {
    const http = service.http(insecure);
    await pushTarball(http, busybox, { as: 'rc/copy:also' });
    const repos = await listRepositories(http);
    const copy = repos.find((x) => x.name === 'rc/copy')!;
    expect(copy.tags.map((t) => t.tag)).toEqual(['2', 'also']);
    expect(copy.tags[0]!.size).toBeGreaterThan(2_000_000);
    expect(copy.tags[0]!.sharedWith).toEqual(['also']);
    const gone = await deleteTag(http, 'rc/copy', '2');
    expect(gone.removedTags.sort()).toEqual(['2', 'also']);
    const after = await listRepositories(http);
    expect(after.find((x) => x.name === 'rc/copy')).toBeUndefined();
    expect(after.find((x) => x.name === 'rc/busybox')?.tags.map((t) => t.tag)).toEqual(['1']);
    await http.close();
  });

  it('refuses a damaged tarball: the registry finds the layer does not match its digest, and no tag appears', async () => {
    const { flipByte } = await import('../support/image-tarballs');
    const { readFileSync } = await import('node:fs');
    const good = readFileSync(busybox);
    // A byte in the middle of the busybox binary, inside the layer.
    const bad = join(tmp, 'damaged.tar');
    writeFileSync(bad, flipByte(good, Math.floor(good.length / 2)));
    const http = service.http(insecure);
    await expect(pushTarball(http, bad, { as: 'rc/damaged:1', mountFrom: [] })).rejects.toMatchObject({
      code: 'BAD_TARBALL',
      message: expect.stringContaining('do not match its digest'),
    });
    expect((await listTags(http, 'rc/damaged')).map((t) => t.tag)).toEqual([]);
    await http.close();
  });

  it('is found running again by the next run of the app, from its pid file', async () => {
    const next = registryService(env.dataDir, env.store).service;
    const [view] = (await next.list()).filter((x) => x.name === insecure);
    expect(view?.state).toBe('running');
    expect(view?.stateDetail).toMatch(/^pid \d+/);
  });

  it('refuses a port in use, naming the process that holds it', async () => {
    const server: Server = createServer();
    const port = await freePort(address);
    await new Promise<void>((res) => server.listen(port, address, res));
    try {
      await expect(service.up({ name: uniqueName(), kind: 'insecure', address, port })).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(`process ${process.pid}`),
      });
    } finally {
      server.close();
    }
  });

  it('refuses hostile names before anything is sent', async () => {
    const pushes = new RegistryPushes(service, new TaskManager(new EventHub()));
    for (const as of ['rc/x;rm -rf /:1', 'rc/a b:1', 'rc/../etc:1', 'rc/$(id):1', 'rc/x:`id`']) {
      expect(() => pushes.start({ name: insecure, source: busybox, as }), as).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
    expect(() => pushes.start({ name: insecure, source: 'docker-daemon:busybox;reboot' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    const http = service.http(insecure);
    await expect(listTags(http, '../../v2/_catalog')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await http.close();
  });

  it('fails cleanly when the registry stops mid-push, and the retry does not resend the blobs already there', async () => {
    const name = uniqueName();
    const port = await freePort(address);
    await service.up({ name, kind: 'insecure', address, port });
    const layers = [0, 1, 2].map(() => randomBytes(24 << 20));
    const file = join(tmp, 'three-layers.tar');
    writeFileSync(file, await saveTarball(layers, ['rc/three:1']));
    const http = service.http(name);
    let stopping: Promise<unknown> | null = null;
    const firstLayer = `sha256:${createHash('sha256').update(layers[0]!).digest('hex')}`;
    const failed = await pushTarball(http, file, {
      onProgress: (p) => {
        // The second layer has started: the config and the first layer are complete.
        if (!stopping && p.digest && p.digest !== firstLayer && p.blobSize > 1000) stopping = service.down(name);
      },
    }).then(
      () => null,
      (err: unknown) => err,
    );
    await stopping;
    expect(failed).toMatchObject({ code: expect.stringMatching(/^REGISTRY_/), fix: expect.stringContaining('not sent again') });
    await http.close();

    await service.up({ name, kind: 'insecure', address, port });
    const again = service.http(name);
    const there: string[] = [];
    const all = [firstLayer, ...layers.slice(1).map((l) => `sha256:${createHash('sha256').update(l).digest('hex')}`)];
    for (const d of all) {
      const res = await again.request('HEAD', `/v2/rc/three/blobs/${d}`, { ok: [200, 404] });
      await res.body.dump();
      if (res.status === 200) there.push(d);
    }
    expect(there).toContain(firstLayer);
    const retry = await pushTarball(again, file);
    // 4 blobs: the config and three layers; the ones that arrived before the stop are skipped.
    expect(retry.blobsSkipped).toBe(there.length + 1);
    expect(retry.blobsSent).toBe(3 - there.length);
    expect(retry.blobsSent).toBeGreaterThanOrEqual(1);
    const inspect = await run('skopeo', ['inspect', '--tls-verify=false', `docker://${service.get(name).hostPort}/rc/three:1`], { timeoutMs: 60_000 });
    expect(inspect.code, inspect.stderr).toBe(0);
    await again.close();
  });

  it('starts a TLS registry whose certificate skopeo verifies with the CA the app made, and only with it', async () => {
    const port = await freePort(address);
    const r = await service.up({ name: tls, kind: 'tls', address, port, hostname: 'registry.xrcl.test' });
    expect(r.url).toBe(`https://${address}:${port}`);
    expect(r.hostPort).toBe(`registry.xrcl.test:${port}`);
    expect(r.caFile).toMatch(/ca\.crt$/);
    const http = service.http(tls);
    const pushed = await pushTarball(http, busybox, { as: 'rc/busybox:tls' });
    expect(pushed.blobsSent).toBe(2);
    await http.close();

    // skopeo reads every *.crt in --cert-dir as a CA: give it the CA alone.
    const certDir = join(tmp, 'certs-d');
    mkdirSync(certDir, { recursive: true });
    copyFileSync(r.caFile!, join(certDir, 'ca.crt'));
    const ok = await run('skopeo', ['inspect', '--cert-dir', certDir, `docker://${address}:${port}/rc/busybox:tls`], { timeoutMs: 60_000 });
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { Digest: string }).Digest).toBe(pushed.digest);
    const untrusted = await run('skopeo', ['inspect', `docker://${address}:${port}/rc/busybox:tls`], { timeoutMs: 60_000 });
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(/certificate signed by unknown authority/);
  });
});
