// An existing registry with a private CA and an htpasswd login (real Distribution registry),
// on the practice Vagrant router: trusted, the router's daemon logged in with
// `docker login --password-stdin` over the session, then the pull. The password shows in no task
// log, no command record, no process list (sampled here and inside the lab host while it runs)
// and no file on the router. Then xrcl as a process: trust twice (the second says unchanged),
// pull, and hostile references refused.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src-shared/types/registries';
import type { RouterPullResult, TrustResult } from '../../src-shared/types/router-registries';
import { createServer } from 'node:net';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { HOST_ADDRESS } from '../lab/lab-config';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem, writeBusyboxImage, type TestImage } from '../lab/test-images';
import { startTestRegistry, type TestRegistry } from '../lab/test-registry';
import { jsonOf, runXrcl } from '../support/xrcl-process';
import { failure } from './support/failure';
import { addLabRouter, addRegistryRecord, appEnv, type AppEnv } from './support/router-registry-env';

const skip = labSuiteSkipReason(['skopeo', 'docker-registry', 'busybox', 'openssl', 'perl']) ?? testImageProblem();
const LAB = 'rr-login';
const USER = 'xrcl-user';
const PASSWORD = `rr "login" pa$$ 'x' $(touch /tmp/rr-login-pwned) end`;
const B64 = Buffer.from(PASSWORD).toString('base64');
const AUTH_NAME = 'auth.xrcl.test';

describe.skipIf(skip !== null)(`an existing registry with a login, on the practice Vagrant router${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let router: LabInfo;
  let env: AppEnv;
  let tmp: string;
  let image: TestImage;
  let authed: TestRegistry;
  let plain: TestRegistry;
  const seen: string[] = [];
  let sampler: NodeJS.Timeout | null = null;
  let labSamples: Promise<string> | null = null;

  const trust = async (name: string): Promise<TrustResult> => {
    const { taskId } = await env.call('routerRegistries.trust', { name, target: LAB });
    await env.task(taskId);
    return (await env.call('routerRegistries.trustResult', { taskId }))!;
  };
  const pull = async (ref: string): Promise<RouterPullResult> => {
    const { taskId } = await env.call('routerImages.pull', { target: LAB, ref });
    await env.task(taskId);
    return (await env.call('routerImages.pullResult', { taskId }))!;
  };
  const login = async (name: string): Promise<void> => {
    const { taskId } = await env.call('routerRegistries.login', { name, target: LAB });
    await env.task(taskId);
  };

  beforeAll(async () => {
    await labDown({ name: LAB }).catch(() => undefined);
    tmp = mkdtempSync(join(tmpdir(), 'xrcl-rr-login-'));
    image = writeBusyboxImage(join(tmp, 'busybox.tar'), 'xrcl/busybox:2');
    router = await labUp({ platform: 'vagrant', name: LAB, diskMb: 64, timing: { dockerRestartMs: 2500, certsSyncMs: 1000 } });
    [authed, plain] = await Promise.all([startTestRegistry({ tlsName: AUTH_NAME, login: { user: USER, password: PASSWORD } }), startTestRegistry()]);
    await Promise.all([authed.push(image.file, 'xrcl/busybox:2'), plain.push(image.file, 'xrcl/busybox:2')]);
    env = appEnv();
    await addLabRouter(env, router, LAB);
    addRegistryRecord(env, 'corp', authed, { kind: 'existing', user: USER, password: PASSWORD });
  });

  afterAll(async () => {
    if (sampler) clearInterval(sampler);
    env?.dispose();
    await Promise.all([authed, plain].map((r) => r?.stop()));
    await labDown({ name: LAB }).catch(() => undefined);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('trusts the private CA, logs the daemon in with the password on stdin only, and pulls', async () => {
    // Sample every process's arguments while the router side runs: on this machine (the lab
    // host's processes are in a child PID namespace, so they show here too) and inside the lab.
    sampler = setInterval(() => {
      for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
        try {
          const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          if (cmd.includes(PASSWORD) || cmd.includes(B64) || cmd.includes('pa$$')) seen.push(`${pid}: ${cmd}`);
        } catch {
          /* gone */
        }
      }
    }, 20);
    labSamples = labExec(LAB, ['sh', '-c', 'rm -f /tmp/rr-stop; while [ ! -e /tmp/rr-stop ]; do cat /proc/[0-9]*/cmdline 2>/dev/null | tr "\\000" " "; echo; sleep 0.02; done'], { timeoutMs: 170_000 }).then((r) => r.stdout);

    const first = await trust('corp');
    expect(first).toMatchObject({ changed: true, restarted: false });
    // Without a login the registry still completes the handshake, and asks for credentials.
    expect(first.proof).toMatch(/no basic auth credentials|unauthorized/);

    const ref = `${authed.address}/xrcl/busybox:2`;
    const before = await failure(pull(ref));
    expect(before.code).toBe('REGISTRY_LOGIN_NEEDED');
    expect(before.fix).toMatch(/log the router in|xrcl registry login/i);

    // A wrong password is refused with the fix, and the right one then works.
    env.services.secrets().set('registry/corp', 'not the password');
    const refused = await failure(login('corp'));
    expect(refused.code).toBe('REGISTRY_LOGIN_REFUSED');
    env.services.secrets().set('registry/corp', PASSWORD);
    await login('corp');

    const pulled = await pull(ref);
    expect(pulled).toEqual({ target: LAB, ref, id: image.id });
    const listed = await labExec(LAB, ['bash', '-lc', `docker images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}'`]);
    expect(listed.stdout).toContain(`${ref} ${image.id}`);
    const logged = await env.everythingLogged();
    expect(logged).toContain(`docker login --username ${USER} --password-stdin ${authed.address}`);
    expect(logged).toContain('Login Succeeded');
  });

  it('left the password in no log, record, process list or router file but the daemon\'s config.json', async () => {
    if (sampler) clearInterval(sampler);
    await labExec(LAB, ['touch', '/tmp/rr-stop']);
    const inLab = await labSamples!;
    expect(inLab.length).toBeGreaterThan(1000);
    expect(inLab.includes(PASSWORD) || inLab.includes(B64)).toBe(false);
    expect(seen).toEqual([]);
    const logged = await env.everythingLogged();
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain(B64);
    // The runbook's command journal on this computer, too.
    const journal = readFileSync(join(env.dataDir, 'runbook', 'commands.jsonl'), 'utf8');
    expect(journal).toContain('docker login --username');
    expect(journal.includes(PASSWORD) || journal.includes(B64)).toBe(false);
    // Every writable place on the router, and the lab's own folder on this machine.
    // The patterns come on grep's standard input, so the check itself puts the password on no command line.
    // The lab's own folder too, but not the daemon's layers (docker/data) nor the mounts of the lab's root.
    const labDir = dirname(router.dockerSocket);
    const grep = await labExec(
      LAB,
      ['sh', '-c', `grep -rlF -D skip --exclude-dir=data --exclude-dir=rootfs --exclude-dir=host-layer -f - /root /home /tmp /etc /misc/app_host /var/log /var/tmp ${labDir} 2>/dev/null; true`],
      { input: `${PASSWORD}\n${B64}\n` },
    );
    // The lab sees this checkout (it runs the lab's own code from it), and this suite holds the password.
    const project = process.cwd();
    const found = grep.stdout.split('\n').filter((f) => f.trim() && !f.startsWith(`${project}/`));
    expect(found).toEqual([]);
    const config = JSON.parse((await labExec(LAB, ['cat', '/root/.docker/config.json'])).stdout) as { auths: Record<string, { auth: string }> };
    expect(Buffer.from(config.auths[authed.address]!.auth, 'base64').toString()).toBe(`${USER}:${PASSWORD}`);
    expect((await labExec(LAB, ['sh', '-c', 'ls /tmp/rr-login-pwned /root/rr-login-pwned 2>/dev/null | wc -l'])).stdout.trim()).toBe('0');
  });

  it('xrcl: a TLS registry the app starts and pushes to is trusted by the router and pulled from', async () => {
    const home = mkdtempSync(join(tmpdir(), 'xrcl-rr-app-'));
    const xrcl = (args: string[], stdin?: string) => runXrcl(home, args, stdin);
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer().once('error', reject).listen(0, HOST_ADDRESS, () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    try {
      const cli = router.endpoints.xrCli!;
      expect((await xrcl(['target', 'add', 'r2', '--platform', 'vagrant', '--host', router.labAddress, '--user', cli.user!, '--password-stdin'], cli.password!)).status).toBe(0);
      expect((await xrcl(['target', 'test', 'r2', '--accept-new'])).status).toBe(0);
      const up = await xrcl(['registry', 'up', 'app-tls', '--kind', 'tls', '--address', HOST_ADDRESS, '--hostname', 'app.xrcl.test', '--port', String(port), '--json']);
      expect(up.status, up.stderr).toBe(0);
      const push = await xrcl(['registry', 'push', 'app-tls', image.file, '--as', 'xrcl/busybox:3', '--json']);
      expect(push.status, push.stderr).toBe(0);

      const trusted = await xrcl(['registry', 'trust', 'app-tls', '--target', 'r2', '--json']);
      expect(trusted.status, trusted.stderr).toBe(0);
      expect(jsonOf<{ changed: boolean; steps: Array<{ id: string; changed: boolean }> }>(trusted)).toMatchObject({
        changed: true,
        steps: [{ id: 'ca-cert', changed: true }, { id: 'hosts-entry', changed: true }],
      });
      const ref = `app.xrcl.test:${port}/xrcl/busybox:3`;
      const pulled = await xrcl(['pull', 'r2', ref, '--json']);
      expect(pulled.status, pulled.stderr).toBe(0);
      expect(jsonOf(pulled)).toEqual({ ref, id: image.id });
    } finally {
      await xrcl(['registry', 'down', 'app-tls']);
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('xrcl: trust twice (the second changes nothing), then pull, as a script would', async () => {
    const home = mkdtempSync(join(tmpdir(), 'xrcl-rr-home-'));
    try {
      const cli = router.endpoints.xrCli!;
      const add = await runXrcl(home, ['target', 'add', 'r1', '--platform', 'vagrant', '--host', router.labAddress, '--user', cli.user!, '--password-stdin'], cli.password!);
      expect(add.status, add.stderr).toBe(0);
      expect((await runXrcl(home, ['target', 'test', 'r1', '--accept-new'])).status).toBe(0);
      // The record as the registry store writes it (xrcl registry up does this).
      const file = join(home, 'config.json');
      const conf = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const record: Registry = {
        name: 'plain', kind: 'insecure', hostPort: plain.address, host: plain.address.replace(/:\d+$/, ''), port: plain.port, address: null,
        url: `http://${plain.address}`, caPem: null, user: null, hasPassword: false, createdAt: new Date().toISOString(),
      };
      writeFileSync(file, JSON.stringify({ ...conf, registries: { plain: record } }));

      const first = await runXrcl(home, ['registry', 'trust', 'plain', '--target', 'r1', '--json']);
      expect(first.status, first.stderr).toBe(0);
      expect(jsonOf<{ changed: boolean; restarted: boolean; proof: string }>(first)).toMatchObject({ changed: true, restarted: true, proof: expect.stringContaining(plain.address) });
      expect(first.stderr).toContain('vi /etc/sysconfig/docker');
      const second = await runXrcl(home, ['registry', 'trust', 'plain', '--target', 'r1', '--json']);
      expect(jsonOf(second)).toMatchObject({ changed: false, restarted: false });

      const ref = `${plain.address}/xrcl/busybox:2`;
      const pulled = await runXrcl(home, ['pull', 'r1', ref, '--json']);
      expect(pulled.status, pulled.stderr).toBe(0);
      expect(jsonOf(pulled)).toEqual({ ref, id: image.id });
      expect(pulled.stderr).toContain(`$ docker pull ${ref}`);

      for (const bad of ['x;touch /tmp/rr-pwned', '../etc/passwd', 'a b']) {
        const r = await runXrcl(home, ['pull', 'r1', bad, '--json']);
        expect(r.status, bad).toBe(1);
        expect(['INVALID_PARAMS', 'BAD_INPUT']).toContain(jsonOf<{ error: { code: string } }>(r).error.code);
        expect(r.stderr).not.toContain('$ docker pull');
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
