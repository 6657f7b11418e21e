// The router side of the insecure and self-signed registry paths on the three practice
// platforms (vagrant, ncs5500, asr9k), through the app's contract: the pull fails first with the
// diagnosis naming the fix, the registry is trusted (DOCKER_OPTS, or certs.d plus the global-vrf
// hosts line), the running daemon is proven to use it, the pull succeeds and the router's own
// `docker images` lists the image; a second trust changes nothing and restarts nothing. The
// router's delays are short except in one realistic test per platform (the insecure one on
// vagrant and ncs5500, which restart by themselves; asr9k restarts when told, at its own pace).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterPullResult, TrustResult } from '../../src-shared/types/router-registries';
import { labDown, labExec, labStatus, labTiming, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem, writeBusyboxImage, type TestImage } from '../lab/test-images';
import { startTestRegistry, type TestRegistry } from '../lab/test-registry';
import { waitFor } from '../support/wait-for';
import { failure } from './support/failure';
import { addLabRouter, addRegistryRecord, appEnv, type AppEnv } from './support/router-registry-env';

const skip = labSuiteSkipReason(['skopeo', 'docker-registry', 'busybox', 'openssl']) ?? testImageProblem();
const PLATFORMS = ['vagrant', 'ncs5500', 'asr9k'] as const;
type Platform = (typeof PLATFORMS)[number];
const lab = (p: Platform): string => `rr-${p}`;
const SHORT_RESTART_MS = 2500;
const SHORT_SYNC_MS = 1000;
const TLS_NAME = 'registry.xrcl.test';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(skip !== null)(`trusting registries on the practice routers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const labs = new Map<Platform, LabInfo>();
  let env: AppEnv;
  let tmp: string;
  let image: TestImage;
  let insecure: TestRegistry;
  let tls: TestRegistry;
  let wrongName: TestRegistry;
  let byHand: TestRegistry;
  const figures: string[] = [];

  const trust = async (name: string, target: string, updateSource?: string): Promise<TrustResult> => {
    const { taskId } = await env.call('routerRegistries.trust', { name, target, ...(updateSource ? { updateSource } : {}) });
    await env.task(taskId);
    return (await env.call('routerRegistries.trustResult', { taskId }))!;
  };
  const pull = async (target: string, ref: string): Promise<RouterPullResult> => {
    const { taskId } = await env.call('routerImages.pull', { target, ref });
    await env.task(taskId);
    return (await env.call('routerImages.pullResult', { taskId }))!;
  };
  const dockerPid = async (p: Platform): Promise<number | null> => (await labStatus()).find((l) => l.name === lab(p))?.docker?.pid ?? null;
  const onRouter = async (p: Platform, script: string): Promise<string> => (await labExec(lab(p), ['bash', '-lc', script])).stdout;

  beforeAll(async () => {
    await Promise.all(PLATFORMS.map((p) => labDown({ name: lab(p) }).catch(() => undefined)));
    tmp = mkdtempSync(join(tmpdir(), 'xrcl-rr-'));
    image = writeBusyboxImage(join(tmp, 'busybox.tar'), 'xrcl/busybox:1');
    const up = await Promise.all(PLATFORMS.map((p) => labUp({ platform: p, name: lab(p), diskMb: 64, timing: { dockerRestartMs: SHORT_RESTART_MS, certsSyncMs: SHORT_SYNC_MS } })));
    for (const l of up) labs.set(l.platform as Platform, l);
    [insecure, tls, wrongName, byHand] = await Promise.all([
      startTestRegistry(),
      startTestRegistry({ tlsName: TLS_NAME }),
      startTestRegistry({ tlsName: 'wrong.xrcl.test', certNames: ['other.xrcl.test'] }),
      startTestRegistry(),
    ]);
    await Promise.all([insecure.push(image.file, 'xrcl/busybox:1'), tls.push(image.file, 'xrcl/busybox:1'), byHand.push(image.file, 'xrcl/busybox:1')]);
    env = appEnv();
    for (const p of PLATFORMS) await addLabRouter(env, labs.get(p)!, p);
    addRegistryRecord(env, 'plain', insecure, { kind: 'insecure' });
    addRegistryRecord(env, 'selfsigned', tls, { kind: 'tls' });
    addRegistryRecord(env, 'wrongname', wrongName, { kind: 'tls' });
    addRegistryRecord(env, 'byhand', byHand, { kind: 'insecure' });
  });

  afterAll(async () => {
    env?.dispose();
    await Promise.all([insecure, tls, wrongName, byHand].map((r) => r?.stop()));
    await Promise.all(PLATFORMS.map((p) => labDown({ name: lab(p) }).catch(() => undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (figures.length) console.log(`time from trust to a proven pull:\n${figures.join('\n')}`);
  });

  for (const p of PLATFORMS) {
    it(`${p}: insecure registry: the pull fails until DOCKER_OPTS is live, then the image is on the router; a second trust changes nothing`, async () => {
      const realistic = p !== 'asr9k';
      if (realistic) await labTiming(lab(p), { dockerRestartMs: null });
      try {
        const ref = `${insecure.address}/xrcl/busybox:1`;
        const before = await failure(pull(p, ref));
        expect(before.code).toBe('REGISTRY_HTTP_ONLY');
        expect(before.fix).toContain(`--insecure-registry ${insecure.address}`);
        expect(before.fix).toContain(`xrcl registry trust plain --target ${p}`);

        const t0 = Date.now();
        const first = await trust('plain', p);
        expect(first).toMatchObject({ changed: true, restarted: true, hostPort: insecure.address });
        expect(first.steps.map((s) => [s.id, s.changed])).toEqual([['insecure-flag', true]]);
        expect(first.proof).toContain(`lists ${insecure.address} under Insecure Registries`);
        const pulled = await pull(p, ref);
        const took = Date.now() - t0;
        // The layers were folded into one bar that ended full.
        const pullTask = env.services.tasks.list().filter((t) => t.kind === 'router-pull').at(-1)!;
        expect(pullTask).toMatchObject({ state: 'succeeded', progress: 1, detail: '1 of 1 layers' });
        figures.push(`  ${p} insecure (${realistic ? 'realistic automatic restart' : 'service docker restart'}): ${took} ms`);
        if (realistic) expect(took).toBeGreaterThanOrEqual(10_000);
        expect(pulled).toEqual({ target: p, ref, id: image.id });
        expect(await onRouter(p, `docker images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}'`)).toContain(`${ref} ${image.id}`);

        // The file as the tutorial has it (leading space kept), the comments kept, the old one backed up.
        const conf = await onRouter(p, 'cat /etc/sysconfig/docker');
        expect(conf).toMatch(new RegExp(`^DOCKER_OPTS=" --insecure-registry ${escape(insecure.address)}"$`, 'm'));
        expect(conf).toContain('# Use DOCKER_OPTS to add private registries');
        expect(await onRouter(p, 'cat /etc/sysconfig/docker.xrcl-backup')).toMatch(/^DOCKER_OPTS=""$/m);

        const pid = await dockerPid(p);
        const second = await trust('plain', p);
        expect(second).toMatchObject({ changed: false, restarted: false });
        expect(second.steps.every((s) => !s.changed)).toBe(true);
        expect(await dockerPid(p)).toBe(pid);
      } finally {
        if (realistic) await labTiming(lab(p), { dockerRestartMs: SHORT_RESTART_MS });
      }
    });

    it(`${p}: self-signed registry: the pull fails until certs.d and the global-vrf name are in place, then the image is on the router`, async () => {
      const realistic = p === 'vagrant';
      if (realistic) await labTiming(lab(p), { certsSyncMs: null });
      try {
        const ref = `${tls.address}/xrcl/busybox:1`;
        const unnamed = await failure(pull(p, ref));
        expect(unnamed.code).toBe('REGISTRY_NAME_UNKNOWN');
        expect(unnamed.fix).toContain('/etc/netns/global-vrf/hosts');
        if (p === 'asr9k') {
          // The name by hand first: then the missing CA is what the pull runs into.
          await onRouter(p, `echo '198.18.0.1 ${TLS_NAME}' >> /etc/netns/global-vrf/hosts`);
          // The daemon's resolver keeps the hosts file up to 5 s: wait for it to see the name.
          const untrusted = await waitFor(
            async () => {
              const e = await failure(pull(p, ref));
              if (e.code !== 'REGISTRY_NAME_UNKNOWN') return e;
              return false;
            },
            { timeoutMs: 15_000, intervalMs: 500, what: 'the new hosts line to be read by the daemon' },
          );
          expect(untrusted.code).toBe('REGISTRY_CA_UNTRUSTED');
          expect(untrusted.fix).toContain(`/etc/docker/certs.d/${tls.address}/ca.crt`);
          expect(untrusted.fix).toContain(`xrcl registry trust selfsigned --target ${p}`);
        }
        const pid = await dockerPid(p);
        const t0 = Date.now();
        const first = await trust('selfsigned', p);
        expect(first).toMatchObject({ changed: true, restarted: false });
        expect(Object.fromEntries(first.steps.map((s) => [s.id, s.changed]))).toEqual({ 'ca-cert': true, 'hosts-entry': p !== 'asr9k' });
        expect(first.proof).toContain(`TLS handshake with ${tls.address}`);
        const pulled = await pull(p, ref);
        figures.push(`  ${p} self-signed (${realistic ? 'realistic' : 'short'} certs.d sync): ${Date.now() - t0} ms`);
        expect(pulled).toEqual({ target: p, ref, id: image.id });
        expect(await onRouter(p, `docker images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}'`)).toContain(`${ref} ${image.id}`);
        expect((await onRouter(p, `cat '/etc/docker/certs.d/${tls.address}/ca.crt'`)).trim()).toBe(tls.caCert!.trim());
        expect((await onRouter(p, `grep -c '^198.18.0.1[[:space:]]*${TLS_NAME}$' /etc/netns/global-vrf/hosts`)).trim()).toBe('1');
        expect(await dockerPid(p)).toBe(pid);

        const second = await trust('selfsigned', p);
        expect(second).toMatchObject({ changed: false, restarted: false });
      } finally {
        if (realistic) await labTiming(lab(p), { certsSyncMs: SHORT_SYNC_MS });
      }
    });
  }

  it('asr9k: a flag added by hand without a restart is found, and the daemon restarted to use it', async () => {
    // The tutorial's pitfall: the file edited, `service docker restart` forgotten.
    await onRouter('asr9k', `sed -i 's|^DOCKER_OPTS="\\(.*\\)"$|DOCKER_OPTS="\\1 --insecure-registry ${byHand.address}"|' /etc/sysconfig/docker`);
    expect(await onRouter('asr9k', 'cat /etc/sysconfig/docker')).toContain(`--insecure-registry ${byHand.address}"`);
    const ref = `${byHand.address}/xrcl/busybox:1`;
    const before = await failure(pull('asr9k', ref));
    expect(before.code).toBe('REGISTRY_HTTP_ONLY');
    expect(before.fix).toContain('service docker restart');
    const pid = await dockerPid('asr9k');
    const r = await trust('byhand', 'asr9k');
    expect(r).toMatchObject({ changed: false, restarted: true });
    expect(await dockerPid('asr9k')).not.toBe(pid);
    expect(await pull('asr9k', ref)).toEqual({ target: 'asr9k', ref, id: image.id });
    expect(env.services.recorder.list().some((c) => c.command === 'service docker restart' && c.exitStatus === 0)).toBe(true);
  });

  it('a certificate made out to another name is caught with a clear message', async () => {
    const err = await failure(trust('wrongname', 'vagrant'));
    expect(err.code).toBe('REGISTRY_CERT_NAME');
    expect(err.message).toContain('valid for other.xrcl.test, not wrong.xrcl.test');
    expect(err.fix).toMatch(/SANs/);
  });

  it('ncs5500: tpa update-source is set on the XR CLI when asked, once', async () => {
    const first = await trust('plain', 'ncs5500', 'MgmtEth0/RP0/CPU0/0');
    expect(first.steps.find((s) => s.id === 'update-source')).toMatchObject({ changed: true });
    const second = await trust('plain', 'ncs5500', 'MgmtEth0/RP0/CPU0/0');
    expect(second).toMatchObject({ changed: false, restarted: false });
    const r = await env.call('targets.exec', { name: 'ncs5500', where: 'cli', command: 'show running-config tpa' });
    expect(r.output).toMatch(/update-source MgmtEth0\/RP0\/CPU0\/0/);
  });

  it('refuses hostile references before anything runs on the router', async () => {
    const records = env.services.recorder.list().length;
    const tasks = env.services.tasks.list().length;
    for (const ref of ['x;touch /tmp/rr-pwned', 'a b', '$(id)', '`id`', 'xrcl/../etc:1', '../x', 'x|y', "x'y", 'X/Upper:1', 'x:tag with space', '']) {
      const err = await failure(env.call('routerImages.pull', { target: 'vagrant', ref }));
      expect(['INVALID_PARAMS', 'BAD_INPUT'], ref).toContain(err.code);
    }
    expect(env.services.recorder.list().length).toBe(records);
    expect(env.services.tasks.list().length).toBe(tasks);
    expect((await onRouter('vagrant', 'ls /tmp/rr-pwned 2>/dev/null | wc -l')).trim()).toBe('0');
  });
});
