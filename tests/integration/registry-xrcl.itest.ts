// xrcl registry … run as processes, as a script would: a TLS registry started with its CA file,
// pushes from a tarball and from the local engine (the second sending nothing), tags listed,
// stopped and started again with its images kept; an existing registry with an htpasswd login
// and a private CA added and pushed to; the usual mistakes answered with their fix.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRegistryCertificates, writeCertificates } from '../../src-main/services/registries/registry-certificates';
import { registryConfigYaml } from '../../src-main/services/registries/registry-config';
import { findCommand } from '../lab/lab-prereqs';
import { run } from '../lab/run-command';
import { writeBusyboxImage } from '../lab/test-images';
import { fatal, waitFor } from '../support/wait-for';
import { jsonOf, runXrcl } from '../support/xrcl-process';
import { freePort, registrySkipReason, registryTestAddress, uniqueName } from './support/registry-itest-env';

const skip = registrySkipReason() ?? (findCommand('htpasswd') ? null : 'htpasswd not installed (`apt-get install apache2-utils`)');
const dockerOk = (await run('docker', ['version'], { timeoutMs: 20_000 }).catch(() => ({ code: 1 }))).code === 0;

interface UpJson {
  name: string;
  url: string;
  address: string;
  port: number;
  kind: string;
  caFile?: string;
  storage: string;
  state: string;
}

describe.skipIf(skip !== null)(`xrcl registry${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const address = registryTestAddress();
  // Made in beforeAll: a skipped suite's body still runs to list its tests.
  let home = '';
  const xrcl = (args: string[], stdin?: string) => runXrcl(home, args, stdin);
  const name = uniqueName();
  const engineTag = `rc-itest/engine-${randomBytes(3).toString('hex')}:1`;
  let tarball: string;
  let existing: ChildProcess | null = null;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-rc-cli-'));
    tarball = writeBusyboxImage(join(home, 'busybox.tar'), 'rc/busybox:1').file;
  });

  afterAll(async () => {
    await xrcl(['registry', 'remove', name]);
    existing?.kill('SIGTERM');
    if (dockerOk) await run('docker', ['rmi', '-f', engineTag], { timeoutMs: 60_000 });
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('starts a TLS registry and prints where it is, with the CA file for the router', async () => {
    const port = await freePort(address);
    const up = await xrcl(['registry', 'up', name, '--kind', 'tls', '--address', address, '--port', String(port), '--json']);
    expect(up.status, up.stderr).toBe(0);
    const r = jsonOf<UpJson>(up);
    expect(r).toMatchObject({ name, url: `https://${address}:${port}`, address, port, kind: 'tls', state: 'running' });
    expect(readFileSync(r.caFile!, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(existsSync(r.storage)).toBe(true);
  });

  it('pushes a tarball, then again without sending a blob, and lists the tag', async () => {
    const first = await xrcl(['registry', 'push', name, tarball, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const a = jsonOf<{ repository: string; tag: string; digest: string; blobsSent: number; blobsSkipped: number; bytesSent: number }>(first);
    expect(a).toMatchObject({ repository: 'rc/busybox', tag: '1', blobsSent: 2, blobsSkipped: 0 });
    expect(first.stderr).toContain('sending');
    const b = jsonOf<typeof a>(await xrcl(['registry', 'push', name, tarball, '--json']));
    expect(b).toMatchObject({ blobsSent: 0, blobsSkipped: 2, bytesSent: 0, digest: a.digest });
    const tags = jsonOf<{ repositories: Array<{ name: string; tags: Array<{ tag: string; digest: string; size: number }> }> }>(await xrcl(['registry', 'tags', name, '--json']));
    expect(tags.repositories).toEqual([{ name: 'rc/busybox', tags: [expect.objectContaining({ tag: '1', digest: a.digest })] }]);
  });

  it.skipIf(!dockerOk)("pushes an image from the local engine's images (docker-daemon:IMAGE)", async () => {
    const loaded = writeBusyboxImage(join(home, 'engine.tar'), engineTag, 'from the engine');
    const load = await run('docker', ['load', '-i', loaded.file], { timeoutMs: 60_000 });
    expect(load.code, load.stderr).toBe(0);
    const push = await xrcl(['registry', 'push', name, `docker-daemon:${engineTag}`, '--as', 'rc/engine:1', '--json']);
    expect(push.status, push.stderr).toBe(0);
    // The busybox binary layer is already in the registry (mounted from rc/busybox); only the
    // layer with the marker file and the config are new.
    const r = jsonOf<{ repository: string; blobsSent: number }>(push);
    expect(r.repository).toBe('rc/engine');
    expect(r.blobsSent).toBeGreaterThanOrEqual(1);
  });

  it('stops and starts again with its images kept', async () => {
    const down = await xrcl(['registry', 'down', name, '--json']);
    expect(jsonOf<UpJson>(down).state).toBe('stopped');
    const list = jsonOf<{ registries: UpJson[] }>(await xrcl(['registry', 'list', '--json']));
    expect(list.registries.find((r) => r.name === name)?.state).toBe('stopped');
    const push = await xrcl(['registry', 'push', name, tarball, '--json']);
    expect(push.status).toBe(1);
    expect(jsonOf<{ error: { code: string; fix: string } }>(push).error).toMatchObject({ code: 'REGISTRY_UNREACHABLE', fix: expect.stringContaining('xrcl registry up') });
    const r = jsonOf<UpJson>(await xrcl(['registry', 'up', name, '--kind', 'tls', '--json']));
    expect(r.state).toBe('running');
    expect(jsonOf<{ blobsSent: number }>(await xrcl(['registry', 'push', name, tarball, '--json'])).blobsSent).toBe(0);
  });

  it('refuses a hostile name, a port in use and a wrong kind with the fix', async () => {
    const bad = await xrcl(['registry', 'push', name, tarball, '--as', 'rc/x;reboot:1', '--json']);
    expect(bad.status).toBe(1);
    expect(jsonOf<{ error: { code: string } }>(bad).error.code).toBe('BAD_INPUT');
    const { port } = jsonOf<{ registries: UpJson[] }>(await xrcl(['registry', 'list', '--json'])).registries.find((r) => r.name === name)!;
    const taken = await xrcl(['registry', 'up', uniqueName(), '--kind', 'insecure', '--address', address, '--port', String(port), '--json']);
    expect(taken.status).toBe(1);
    expect(jsonOf<{ error: { code: string; message: string } }>(taken).error).toMatchObject({ code: 'PORT_IN_USE', message: expect.stringMatching(/docker-registry|registry/) });
    const usage = await xrcl(['registry', 'up', name, '--kind', 'plain']);
    expect(usage.status).toBe(2);
  });

  it('adds an existing TLS registry with an htpasswd login and a private CA, checks it, and pushes to it', async () => {
    const dir = join(home, 'existing');
    mkdirSync(join(dir, 'storage'), { recursive: true });
    const certs = await makeRegistryCertificates({ registry: 'existing', hosts: [address] });
    const files = await writeCertificates(join(dir, 'certs'), certs);
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const htpasswd = await run('htpasswd', ['-niB', 'pusher'], { timeoutMs: 30_000, input: `${password}\n` });
    expect(htpasswd.code, htpasswd.stderr).toBe(0);
    writeFileSync(join(dir, 'htpasswd'), htpasswd.stdout);
    const port = await freePort(address);
    writeFileSync(
      join(dir, 'config.yml'),
      registryConfigYaml({ storage: join(dir, 'storage'), addr: `${address}:${port}`, secret: 'x', htpasswd: join(dir, 'htpasswd'), tls: { certificate: files.certFile, key: files.keyFile } }),
    );
    const log = openSync(join(dir, 'registry.log'), 'a');
    existing = spawn(findCommand('docker-registry') ?? 'registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', log, log] });
    closeSync(log);
    const url = `https://${address}:${port}`;
    const ext = uniqueName();
    const args = ['registry', 'add', ext, '--url', url, '--user', 'pusher', '--password-stdin', '--json'];
    await waitFor(
      async () => {
        if (existing!.exitCode !== null) throw fatal(`the registry exited: ${readFileSync(join(dir, 'registry.log'), 'utf8')}`);
        const r = await run('curl', ['-sk', '-o', '/dev/null', '-w', '%{http_code}', `${url}/v2/`], { timeoutMs: 5000 });
        if (r.stdout !== '401') throw new Error(`curl: ${r.stdout} ${r.stderr}`);
        return true;
      },
      { timeoutMs: 15_000, what: 'the existing registry' },
    );

    // A user without --password-stdin: the password is asked on a terminal; a script has none.
    const noTerminal = await xrcl(['registry', 'add', ext, '--url', url, '--user', 'pusher', '--ca', files.caFile, '--json']);
    expect(noTerminal.status).toBe(1);
    expect(noTerminal.stderr).toContain('Password for pusher');
    const noCa = await xrcl(args, password);
    expect(jsonOf<{ error: { code: string; fix: string } }>(noCa).error).toMatchObject({ code: 'REGISTRY_TLS', fix: expect.stringContaining('--ca') });
    const wrong = await xrcl([...args, '--ca', files.caFile], 'not-the-password');
    expect(jsonOf<{ error: { code: string } }>(wrong).error.code).toBe('REGISTRY_AUTH');
    const added = await xrcl([...args, '--ca', files.caFile], password);
    expect(added.status, added.stdout + added.stderr).toBe(0);
    expect(jsonOf<UpJson>(added)).toMatchObject({ name: ext, kind: 'existing', url, state: 'external' });
    // The password is in no file of the data folder in plain text.
    expect(readFileSync(join(home, 'config.json'), 'utf8')).not.toContain(password);

    const push = await xrcl(['registry', 'push', ext, tarball, '--as', 'rc/private:1', '--json']);
    expect(push.status, push.stderr).toBe(0);
    expect(jsonOf<{ blobsSent: number }>(push).blobsSent).toBe(2);
    // skopeo reads the login from an auth file, as docker login writes it.
    const authFile = join(dir, 'auth.json');
    writeFileSync(authFile, JSON.stringify({ auths: { [`${address}:${port}`]: { auth: Buffer.from(`pusher:${password}`).toString('base64') } } }), { mode: 0o600 });
    const inspect = await run('skopeo', ['inspect', '--tls-verify=false', '--authfile', authFile, `docker://${address}:${port}/rc/private:1`], { timeoutMs: 60_000 });
    expect(inspect.code, inspect.stderr).toBe(0);
    await xrcl(['registry', 'remove', ext]);
  });
});
