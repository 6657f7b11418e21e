// A registry run as a container of the local Docker engine (the registry:2 way). registry:2
// cannot be pulled here, so the test builds a stand-in image from Debian's Distribution binary
// with the app's own image builder, under a unique tag, and names it as the image to run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImageTarball } from '../../src-main/services/images/image-builder';
import { pushTarball } from '../../src-main/services/registries/registry-push';
import { findCommand } from '../lab/lab-prereqs';
import { run, runSync } from '../lab/run-command';
import { writeBusyboxImage } from '../lab/test-images';
import { freePort, registryService, registrySkipReason, uniqueName } from './support/registry-itest-env';

function skipReason(): string | null {
  const base = registrySkipReason();
  if (base) return base;
  if (!findCommand('docker-registry')) return "Debian's docker-registry is needed to build the stand-in registry image";
  if (runSync('docker', ['version']).code !== 0) return 'no Docker engine';
  if (process.arch !== 'x64') return 'the stand-in image copies x86-64 libraries';
  return null;
}

const skip = skipReason();
const IMAGE = `rc-itest/registry-${randomBytes(3).toString('hex')}:2`;

describe.skipIf(skip !== null)(`a registry in the local Docker engine${skip ? ` (skipped: ${skip})` : ''}`, () => {
  // Folders are made in beforeAll: a skipped suite's body still runs to list its tests.
  let tmp = '';
  let env!: ReturnType<typeof registryService>;
  let service!: ReturnType<typeof registryService>['service'];
  const name = uniqueName();

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'xrcl-rc-engine-'));
    env = registryService();
    service = env.service;
    // The Distribution binary and the two libraries it links (ldd /usr/bin/docker-registry).
    const image = await buildImageTarball({
      output: join(tmp, 'registry-image.tar'),
      tags: [IMAGE],
      add: [
        { source: findCommand('docker-registry')!, dest: '/bin/registry' },
        { source: '/lib/x86_64-linux-gnu/libc.so.6', dest: '/lib/x86_64-linux-gnu/libc.so.6' },
        { source: '/lib64/ld-linux-x86-64.so.2', dest: '/lib64/ld-linux-x86-64.so.2' },
      ],
      entrypoint: ['/bin/registry', 'serve'],
    });
    const load = await run('docker', ['load', '-i', image.file], { timeoutMs: 120_000 });
    expect(load.code, load.stderr).toBe(0);
  });

  afterAll(async () => {
    for (const r of Object.keys(env.store.value ?? {})) await service.remove(r).catch(() => undefined);
    await run('docker', ['rmi', '-f', IMAGE], { timeoutMs: 60_000 });
    rmSync(tmp, { recursive: true, force: true });
    rmSync(env.dataDir, { recursive: true, force: true });
  });

  it('starts as a container with its folder mounted, takes a push, and stops and starts again with the images kept', async () => {
    const port = await freePort('127.0.0.1');
    const r = await service.up({ name, kind: 'insecure', address: '127.0.0.1', port, engine: 'docker', image: IMAGE });
    expect(r.state).toBe('running');
    expect(r.stateDetail).toContain(`container xrcl-registry-${name}`);
    const inspect = JSON.parse((await run('docker', ['inspect', `xrcl-registry-${name}`], { timeoutMs: 30_000 })).stdout) as Array<{ HostConfig: { RestartPolicy: { Name: string } } }>;
    expect(inspect[0]!.HostConfig.RestartPolicy.Name).toBe('unless-stopped');

    const tarball = writeBusyboxImage(join(tmp, 'busybox.tar'), 'rc/busybox:1').file;
    const http = service.http(name);
    expect((await pushTarball(http, tarball)).blobsSent).toBe(2);
    const skopeo = await run('skopeo', ['inspect', '--tls-verify=false', `docker://127.0.0.1:${port}/rc/busybox:1`], { timeoutMs: 60_000 });
    expect(skopeo.code, skopeo.stderr).toBe(0);

    expect((await service.down(name)).state).toBe('stopped');
    expect((await service.up({ name, kind: 'insecure' })).state).toBe('running');
    expect((await pushTarball(http, tarball)).blobsSent).toBe(0);
    await http.close();
  });
});
