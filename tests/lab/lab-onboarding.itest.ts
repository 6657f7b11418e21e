// Physical-router platforms: only the XR CLI answers at first, so the tutorial's onboarding is
// done by hand through stock ssh (adduser dialog, %sudo, service sshd_operns start) before
// 57722 works. Runs an NCS5500 and an ASR9k side by side, which also proves two routers at
// once do not collide. The ASR9k needs `service docker restart` after /etc/sysconfig/docker.
// The NCS5500's docker daemon runs in the host layer (bind mounts only from /misc/app_host);
// the ASR9k's in the XR VM (any path). The router's delays are shortened for this suite
// (XRCL_LAB_DOCKER_RESTART_MS, XRCL_LAB_CERTS_SYNC_MS) except in the realistic-restart test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labExec, labStatus, labTiming, labUp, type LabInfo } from './lab-api.js';
import { dockerPing } from './ssh-probe.js';
import { waitFor } from '../support/wait-for.js';
import { sshBanner } from './ssh-probe.js';
import { dockerCli, labSuiteSkipReason, removeKnownHosts, sshInteractive, sshRun, type Endpoint } from './stock-clients.js';
import { testImageProblem, writeBusyboxImage, type TestImage } from './test-images.js';
import { startTestRegistry, type TestRegistry } from './test-registry.js';
import type { PtyExpect } from './xr-cli/pty-expect.js';

const skip = labSuiteSkipReason(['skopeo', 'docker-registry', 'busybox']) ?? testImageProblem();
const NCS = 'itest-ncs5500';
const ASR = 'itest-asr9k';
const NCS_EXEC = 'RP/0/RP0/CPU0:ncs5508#';
const NCS_ROOT = '[ncs5508:~]$ ';
const ASR_EXEC = 'RP/0/RSP1/CPU0:asr9k#';
const ASR_ROOT = '[asr9k:~]$ ';
const RESTART_MS = 2500;

/** Answers XR's adduser dialog (xr-facts 1.5) in an XR root shell. */
async function adduserDialog(p: PtyExpect, prompt: string, name: string, password: string, groups: string): Promise<string> {
  p.sendLine('adduser');
  await p.expect('Login name for new user []:');
  p.sendLine(name);
  await p.expect('[ defaults to next available]:');
  p.sendLine('');
  await p.expect('[users]:');
  p.sendLine('');
  await p.expect(`Additional groups for ${name} []:`);
  p.sendLine(groups);
  await p.expect(`home directory [/home/${name}]:`);
  p.sendLine('');
  await p.expect('shell [/bin/bash]:');
  p.sendLine('');
  await p.expect('account expiry date (MM/DD/YY) []:');
  p.sendLine('');
  const summary = await p.expect("you'd better do it now.");
  p.sendLine('');
  for (const field of ['Full Name []:', 'Room Number []:', 'Work Phone []:', 'Home Phone []:', 'Other []:']) {
    await p.expect(field);
    p.sendLine('');
  }
  await p.expect('Enter new UNIX password:');
  p.sendLine(password);
  await p.expect('Retype new UNIX password:');
  p.sendLine(password);
  const done = await p.expect('Done...');
  await p.expect(prompt);
  return summary + done;
}

describe.skipIf(skip !== null)(`practice routers, ncs5500 and asr9k side by side${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ncs: LabInfo;
  let asr: LabInfo;
  let tmp: string;
  let image: TestImage;
  let registry: TestRegistry | undefined;
  const sessions: PtyExpect[] = [];
  const track = (p: PtyExpect): PtyExpect => (sessions.push(p), p);

  beforeAll(async () => {
    await Promise.all([labDown({ name: NCS }).catch(() => undefined), labDown({ name: ASR }).catch(() => undefined)]);
    tmp = mkdtempSync(join(tmpdir(), 'xrcl-itest-'));
    image = writeBusyboxImage(join(tmp, 'busybox.tar'), 'xrcl/busybox:asr');
    [ncs, asr] = await Promise.all([
      labUp({ platform: 'ncs5500', name: NCS, diskMb: 64, timing: { dockerRestartMs: RESTART_MS, certsSyncMs: 1000 } }),
      labUp({ platform: 'asr9k', name: ASR, diskMb: 64, user: 'admin', password: 'asr pass', timing: { dockerRestartMs: RESTART_MS, certsSyncMs: 1000 } }),
    ]);
  });

  afterAll(async () => {
    sessions.forEach((s) => s.kill());
    await registry?.stop();
    await Promise.all([labDown({ name: NCS }).catch(() => undefined), labDown({ name: ASR }).catch(() => undefined)]);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    removeKnownHosts();
  });

  it('two routers get their own address, docker bridge and namespaces', async () => {
    expect(ncs.labAddress).not.toBe(asr.labAddress);
    expect(ncs.endpoints.xrCli?.user).toBe('root');
    expect(asr.endpoints.xrCli?.user).toBe('admin');
    const subnet = async (l: LabInfo) =>
      (await dockerCli(l.dockerSocket, ['network', 'inspect', 'bridge', '--format', '{{(index .IPAM.Config 0).Subnet}}'])).stdout.trim();
    const [a, b] = [await subnet(ncs), await subnet(asr)];
    expect(a).toMatch(/^198\.19\.\d+\.0\/24$/);
    expect(b).toMatch(/^198\.19\.\d+\.0\/24$/);
    expect(a).not.toBe(b);
    expect((await labExec(NCS, ['hostname'])).stdout.trim()).toBe('ncs5508');
    expect((await labExec(ASR, ['hostname'])).stdout.trim()).toBe('asr9k');
    const st = await labStatus();
    expect(st.find((l) => l.name === NCS)?.autoRestart).toBe(true);
    expect(st.find((l) => l.name === ASR)?.autoRestart).toBe(false);
  });

  it('ncs5500: only the XR CLI answers at first; committed config shows in show running-config', async () => {
    await expect(sshBanner(ncs.labAddress, 57722)).rejects.toThrow();
    expect(ncs.endpoints.xrShell?.enabled).toBe(false);
    const p = track(sshInteractive(ncs.endpoints.xrCli as Endpoint));
    await p.expect(NCS_EXEC);
    p.sendLine('configure');
    await p.expect('(config)#');
    p.sendLine('ssh server v2');
    await p.expect('(config)#');
    p.sendLine('commit');
    await p.expect('(config)#');
    p.sendLine('end');
    await p.expect(NCS_EXEC);
    p.sendLine('show running-config ssh');
    expect(await p.expect(NCS_EXEC)).toContain('ssh server v2');
    p.sendLine('exit');
    await p.waitExit();
  });

  it('ncs5500: onboarding by hand (adduser, %sudo, sshd_operns) opens 57722 with sudo -i and docker', async () => {
    const cli = track(sshInteractive(ncs.endpoints.xrCli as Endpoint));
    await cli.expect(NCS_EXEC);
    cli.sendLine('bash');
    await cli.expect(NCS_ROOT);
    const dialog = await adduserDialog(cli, NCS_ROOT, 'cisco', 'cisco123', 'sudo');
    expect(dialog).toContain('New login name: cisco');
    expect(dialog).toContain('passwd: password updated successfully');
    cli.sendLine(`sed -i 's/^# %sudo/%sudo/' /etc/sudoers`);
    await cli.expect(NCS_ROOT);
    cli.sendLine('service sshd_operns start');
    const started = await cli.expect(NCS_ROOT);
    expect(started).toContain('Found nic, Mg0_RP0_CPU0_0');
    expect(started).toContain('Starting OpenBSD Secure Shell server: sshd');
    cli.sendLine('service sshd_operns status');
    expect(await cli.expect(NCS_ROOT)).toMatch(/sshd_operns \(pid \d+\) is running\.\.\./);
    cli.sendLine('exit');
    await cli.expect(NCS_EXEC);

    const shell: Endpoint = { host: ncs.labAddress, port: 57722, user: 'cisco', password: 'cisco123' };
    const p = track(sshInteractive(shell));
    await p.expect('ncs5508:~$ ');
    p.sendLine('sudo -i');
    await p.expect('Password: ');
    p.sendLine('cisco123');
    await p.expect(NCS_ROOT);
    p.sendLine('docker ps');
    expect(await p.expect(NCS_ROOT)).toContain('CONTAINER ID');
    p.sendLine('exit');
    await p.expect('ncs5508:~$ ');
    // Plain sudo keeps the user's environment, which has no DOCKER_HOST: no daemon there.
    p.sendLine('sudo docker ps; echo "rc=$?"');
    const plain = await p.expect(/rc=\d+/);
    expect(plain).toContain('Cannot connect to the Docker daemon at unix:///var/run/docker.sock');
    expect(plain).toMatch(/rc=1/);
    await p.expect('ncs5508:~$ ');
    p.sendLine('exit');
    await p.waitExit();
  });

  it('ncs5500: docker bind mounts work from /misc/app_host only (the host layer); asr9k: from /etc too', async () => {
    for (const l of [ncs, asr]) expect((await dockerCli(l.dockerSocket, ['load', '-i', image.file])).code).toBe(0);
    expect((await labExec(NCS, ['bash', '-c', 'mkdir -p /home/data && echo home > /home/data/f && echo app > /misc/app_host/f && echo xr > /etc/xrcl-bind-test'])).code).toBe(0);
    const docker = (name: string, args: string) => labExec(name, ['bash', '-lc', `docker ${args}`]);
    const home = await docker(NCS, 'run --rm -v /home/data:/d xrcl/busybox:asr cat /d/f');
    expect(home.code).not.toBe(0);
    expect(home.stderr).toMatch(/read-only file system|does not exist/);
    const etc = await docker(NCS, 'run --rm --mount type=bind,source=/etc/xrcl-bind-test,target=/d xrcl/busybox:asr cat /d');
    expect(etc.code).not.toBe(0);
    expect(etc.stderr).toContain('bind source path does not exist');
    const app = await docker(NCS, 'run --rm -v /misc/app_host:/d xrcl/busybox:asr cat /d/f');
    expect(app.stderr).toBe('');
    expect(app.stdout.trim()).toBe('app');

    const asrEtc = await docker(ASR, 'run --rm -v /etc:/d xrcl/busybox:asr cat /d/hostname');
    expect(asrEtc.stderr).toBe('');
    expect(asrEtc.stdout.trim()).toBe('asr9k');
  });

  it('ncs5500: the automatic restart after /etc/sysconfig/docker takes as long as on the router', async () => {
    await labTiming(NCS, { dockerRestartMs: null });
    try {
      expect(await dockerPing(ncs.dockerSocket)).toBe(true);
      const t0 = Date.now();
      expect((await labExec(NCS, ['bash', '-c', `echo '# xrcl realistic restart' >> /etc/sysconfig/docker`])).code).toBe(0);
      await waitFor(async () => (await labStatus()).find((l) => l.name === NCS)?.dockerState === 'restarting', { timeoutMs: 10_000, intervalMs: 100, what: 'the daemon to stop for its restart' });
      expect(await dockerPing(ncs.dockerSocket)).toBe(false);
      const st = (await labStatus()).find((l) => l.name === NCS);
      expect(st?.dockerState).toBe('restarting');
      expect(st?.ready).toBe(false);
      await waitFor(() => dockerPing(ncs.dockerSocket), { timeoutMs: 20_000, intervalMs: 200, what: 'dockerd to answer again' });
      const took = Date.now() - t0;
      console.log(`ncs5500 automatic restart (realistic): ${took} ms`);
      expect(took).toBeGreaterThanOrEqual(10_000);
      expect(took).toBeLessThanOrEqual(17_500);
    } finally {
      await labTiming(NCS, { dockerRestartMs: RESTART_MS });
    }
  });

  it('ncs5500: adduser takes names and passwords with quotes, spaces and $(...) literally', async () => {
    const name = `o'brien $(touch pwned) "x"`;
    const password = `pa ss'"$(touch pwned2)\`id\``;
    const cli = track(sshInteractive(ncs.endpoints.xrCli as Endpoint));
    await cli.expect(NCS_EXEC);
    cli.sendLine('bash');
    await cli.expect(NCS_ROOT);
    await adduserDialog(cli, NCS_ROOT, name, 'plain123', '');
    // OpenSSH's client refuses such user names, so the odd password gets its own plain user.
    await adduserDialog(cli, NCS_ROOT, 'oddpass', password, '');
    cli.sendLine('exit');
    await cli.expect(NCS_EXEC);

    const entry = await labExec(NCS, ['getent', 'passwd', name]);
    expect(entry.code).toBe(0);
    expect(entry.stdout.split(':')[0]).toBe(name);
    expect(entry.stdout.split(':')[5]).toBe(`/home/${name}`);
    const pwned = await labExec(NCS, ['bash', '-c', 'ls /root/pwned /root/pwned2 /home/pwned* 2>/dev/null | wc -l']);
    expect(pwned.stdout.trim()).toBe('0');
    // The password works exactly as typed (sshd checks it against the router's /etc/shadow).
    const who = await sshRun({ host: ncs.labAddress, port: 57722, user: 'oddpass', password }, 'id -un');
    expect(who.stderr).toBe('');
    expect(who.stdout.trim()).toBe('oddpass');
  });

  it('asr9k: --insecure-registry takes effect only after `service docker restart`', async () => {
    registry = await startTestRegistry();
    await registry.push(image.file, 'busybox:asr');
    const ref = `${registry.address}/busybox:asr`;
    const pull = () => dockerCli(asr.dockerSocket, ['pull', ref]);
    expect((await pull()).stderr).toContain('server gave HTTP response to HTTPS client');

    const p = track(sshInteractive(asr.endpoints.xrCli as Endpoint));
    await p.expect(ASR_EXEC);
    p.sendLine('bash');
    await p.expect(ASR_ROOT);
    p.sendLine(`echo 'DOCKER_OPTS=" --insecure-registry ${registry.address}"' >> /etc/sysconfig/docker`);
    await p.expect(ASR_ROOT);
    // No automatic restart on this platform: the running daemon keeps its old options.
    expect((await pull()).stderr).toContain('server gave HTTP response to HTTPS client');
    p.sendLine('service docker restart');
    const restarted = await p.expect(ASR_ROOT);
    expect(restarted).toMatch(/docker stop\/waiting\r\ndocker start\/running, process \d+/);
    const ok = await pull();
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    p.sendLine('exit');
    await p.expect(ASR_EXEC);
  });
});
