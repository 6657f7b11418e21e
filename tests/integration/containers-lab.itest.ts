// Containers on a practice router (vagrant platform: the daemon in the host layer), driven with
// xrcl as a process and, for the terminal, through the services as the app wires them: run with
// global-vrf and SYS_ADMIN and see the router's Mg0_RP0_CPU0_0 address from inside; without the
// mount or the capability the check fails naming which; logs; a command typed into the exec
// terminal runs in the container; stop, remove, and removing the image frees disk (df); the
// sample web server in global-vrf answers this computer; a hostile name and a name in use.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerSummary, NetworkCheck, RemoveResult, RunResult } from '../../src-shared/types/containers';
import { createServices, type AppServices } from '../../src-main/app/create-services';
import type { KeyValueStore } from '../../src-main/services/store/app-store';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { dockerCli, labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem } from '../lab/test-images';
import { waitFor } from '../support/wait-for';
import { jsonOf, runXrcl } from '../support/xrcl-process';
import { loadBusybox, loadIntoRouter, writePaddedImage, writeShellLessImage } from './support/container-images';

const skip = labSuiteSkipReason() ?? testImageProblem();
const LAB = `ct-${process.pid.toString(36)}`;
const IMAGE = 'ct/busybox:1';
const PADDED = 'ct/padded:1';

describe.skipIf(skip !== null)(`containers on a practice router${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: LabInfo;
  let home: string;
  const xrcl = (args: string[], stdin?: string) => runXrcl(home, args, stdin);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-containers-'));
    lab = await labUp({ platform: 'vagrant', name: LAB });
    await loadBusybox(LAB, join(home, 'busybox.tar'), IMAGE);
    const cli = lab.endpoints.xrCli!;
    expect((await xrcl(['target', 'add', 'rtr', '--platform', 'vagrant', '--host', lab.labAddress, '--user', cli.user!, '--password-stdin'], cli.password!)).status).toBe(0);
    const test = await xrcl(['target', 'test', 'rtr', '--accept-new', '--json']);
    expect(test.status, test.stderr).toBe(0);
  });

  afterAll(async () => {
    await labDown({ name: LAB }).catch(() => undefined);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('runs with global-vrf mounted and SYS_ADMIN by default; the check sees the router\'s Mg0_RP0_CPU0_0 address', async () => {
    const run = await xrcl(['container', 'run', 'rtr', IMAGE, '--name', 'ct-app', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const result = jsonOf<RunResult>(run);
    expect(result.command).toBe(`docker run -itd --name ct-app -v /var/run/netns/global-vrf:/var/run/netns/global-vrf --cap-add SYS_ADMIN ${IMAGE}`);
    expect(result.id).toMatch(/^[0-9a-f]{64}$/);
    // Shown before it ran.
    expect(run.stderr).toContain(`$ ${result.command}`);

    const list = jsonOf<{ containers: ContainerSummary[] }>(await xrcl(['container', 'list', 'rtr', '--json'])).containers;
    expect(list.find((c) => c.name === 'ct-app')).toMatchObject({ state: 'running', image: IMAGE, status: expect.stringMatching(/^Up /), startedAt: expect.stringMatching(/^\d{4}-/) });

    const check = await xrcl(['container', 'check', 'rtr', 'ct-app', '--json']);
    expect(check.status, check.stderr).toBe(0);
    const c = jsonOf<NetworkCheck>(check);
    expect(c.interfaces).toContainEqual({ name: 'Mg0_RP0_CPU0_0', addresses: expect.arrayContaining([`${lab.labAddress}/24`]) });
    expect(c.routes).toContainEqual(expect.objectContaining({ dev: 'Mg0_RP0_CPU0_0', src: lab.labAddress }));
    expect(c).toMatchObject({ reachesRouterNetwork: true, missing: [] });
  });

  it('without the mount, or without the capability, the check fails and names which is missing', async () => {
    expect((await xrcl(['container', 'run', 'rtr', IMAGE, '--name', 'ct-nomount', '--vrf', 'tpnns'])).status).toBe(0);
    expect((await xrcl(['container', 'run', 'rtr', IMAGE, '--name', 'ct-nocap', '--cap', 'none'])).status).toBe(0);
    const noMount = await xrcl(['container', 'check', 'rtr', 'ct-nomount', '--json']);
    expect(noMount.status).toBe(1);
    expect(jsonOf<NetworkCheck>(noMount)).toMatchObject({ reachesRouterNetwork: false, missing: ['-v /var/run/netns/global-vrf:/var/run/netns/global-vrf'], interfaces: [] });
    const noCap = await xrcl(['container', 'check', 'rtr', 'ct-nocap', '--json']);
    expect(noCap.status).toBe(1);
    expect(jsonOf<NetworkCheck>(noCap)).toMatchObject({ reachesRouterNetwork: false, missing: ['--cap-add SYS_ADMIN'], error: expect.stringMatching(/Operation not permitted/) });
    const human = await xrcl(['container', 'check', 'rtr', 'ct-nocap']);
    expect(human.stdout).toContain('Missing: --cap-add SYS_ADMIN');
  });

  it('rejects a name with shell characters before anything runs, and reports a name in use without replacing it', async () => {
    const marker = `/tmp/ct-pwned-${process.pid}`;
    const hostile = await xrcl(['container', 'run', 'rtr', IMAGE, '--name', `x;touch ${marker}`, '--json']);
    expect(hostile.status).toBe(1);
    expect(jsonOf<{ error: { code: string; message: string } }>(hostile).error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('shell characters') });
    expect((await labExec(LAB, ['test', '-e', marker])).code).toBe(1);
    expect((await xrcl(['container', 'logs', 'rtr', '$(reboot)'])).status).toBe(1);

    const before = (await dockerCli(lab.dockerSocket, ['inspect', '--format', '{{.Id}}', 'ct-app'])).stdout.trim();
    const again = await xrcl(['container', 'run', 'rtr', IMAGE, '--name', 'ct-app', '--json']);
    expect(again.status).toBe(1);
    expect(jsonOf<{ error: { code: string; message: string } }>(again).error).toMatchObject({ code: 'NAME_IN_USE', message: expect.stringContaining(before.slice(0, 12)) });
    expect((await dockerCli(lab.dockerSocket, ['inspect', '--format', '{{.Id}}', 'ct-app'])).stdout.trim()).toBe(before);
  });

  it('shows logs, and exec runs a command with its exit status', async () => {
    expect((await xrcl(['container', 'run', 'rtr', IMAGE, '--name', 'ct-talker', '--', 'sh', '-c', 'echo hello from $(cat /etc/xrcl-image); sleep 600'])).status).toBe(0);
    const logs = await waitFor(async () => {
      const r = await xrcl(['container', 'logs', 'rtr', 'ct-talker']);
      return r.stdout.includes('hello from') && r;
    }, { timeoutMs: 20_000, what: 'the container\'s first line in its logs' });
    expect(logs.stdout).toContain(`hello from ${IMAGE}`);
    const exec = await xrcl(['container', 'exec', 'rtr', 'ct-talker', '--', 'sh', '-c', 'cat /etc/xrcl-image; exit 7']);
    expect(exec.status).toBe(7);
    expect(exec.stdout.trim()).toBe(IMAGE);
  });

  it('logs --follow streams new lines until interrupted, and the follow task in the app ends on cancel', async () => {
    expect((await xrcl(['container', 'run', 'rtr', IMAGE, '--name', 'ct-ticker', '--', 'sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.3; done'])).status).toBe(0);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../src-main/cli/xrcl.ts'), 'container', 'logs', 'rtr', 'ct-ticker', '--follow'], { env: { ...process.env, XRCL_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // A line printed after the follow began: the stream is live, not a one-off read.
    await waitFor(() => /tick-(\d+)/.test(out), { timeoutMs: 20_000, what: 'the first followed line' });
    const first = Math.max(...[...out.matchAll(/tick-(\d+)/g)].map((m) => Number(m[1])));
    await waitFor(() => [...out.matchAll(/tick-(\d+)/g)].some((m) => Number(m[1]) > first + 2), { timeoutMs: 20_000, what: 'newer lines while following' });
    child.kill('SIGINT');
    expect(await exited).toBe(0);

    const services: AppServices = createServices({ shell: 'web', version: 't', dataDir: home, openStore: (o) => new Conf(o) as unknown as KeyValueStore });
    try {
      const { taskId } = await services.handlers['containers.followLogs']({ target: 'rtr', name: 'ct-ticker' });
      await waitFor(async () => /tick-\d+/.test((await services.handlers['tasks.log']({ id: taskId })).text), { timeoutMs: 20_000, what: 'the follow task\'s log' });
      await services.handlers['tasks.cancel']({ id: taskId });
      await waitFor(async () => (await services.handlers['tasks.list']()).find((t) => t.id === taskId)?.state === 'cancelled', { timeoutMs: 15_000, what: 'the follow task cancelled' });
    } finally {
      services.dispose();
    }
  });

  it('the sample web server, busybox httpd bound in global-vrf, answers an HTTP request from this computer', async () => {
    const run = await xrcl(['container', 'run', 'rtr', IMAGE, '--name', 'ct-web', '--', 'nsenter', '--net=/var/run/netns/global-vrf', 'httpd', '-f', '-p', '8080', '-h', '/etc']);
    expect(run.status, run.stderr).toBe(0);
    const body = await waitFor(async () => {
      const res = await fetch(`http://${lab.labAddress}:8080/xrcl-image`, { signal: AbortSignal.timeout(2000) });
      return res.ok && (await res.text());
    }, { timeoutMs: 20_000, what: `http://${lab.labAddress}:8080 answering` });
    expect(body.trim()).toBe(IMAGE);
  });

  it('stop frees nothing; remove with the image frees the disk it used (df, du)', async () => {
    await loadIntoRouter(LAB, (writePaddedImage(join(home, 'padded.tar'), PADDED, 48), join(home, 'padded.tar')));
    expect((await xrcl(['container', 'run', 'rtr', PADDED, '--name', 'ct-big'])).status).toBe(0);
    const root = (await dockerCli(lab.dockerSocket, ['info', '--format', '{{.DockerRootDir}}'])).stdout.trim();
    const usedKb = (): number => Number(execFileSync('df', ['-k', '--output=used', root], { encoding: 'utf8' }).split('\n')[1]);
    const duKb = (): number => Number(execFileSync('du', ['-sk', root], { encoding: 'utf8' }).split('\t')[0]);

    expect((await xrcl(['container', 'stop', 'rtr', 'ct-big'])).stdout).toContain('frees no disk');
    expect(jsonOf<{ containers: ContainerSummary[] }>(await xrcl(['container', 'list', 'rtr', '--json'])).containers.find((c) => c.name === 'ct-big')?.state).toBe('exited');
    const [dfBefore, duBefore] = [usedKb(), duKb()];
    const rm = await xrcl(['container', 'remove', 'rtr', 'ct-big', '--image', '--json']);
    expect(rm.status, rm.stderr).toBe(0);
    expect(jsonOf<RemoveResult>(rm)).toMatchObject({ removedContainer: 'ct-big', removedImage: PADDED, imageBytes: expect.any(Number) });
    const [dfAfter, duAfter] = [usedKb(), duKb()];
    // The image held 48 MB of random bytes. The lab keeps the daemon's data on this machine's root
    // file system, which other work writes to as well, so df's figure is printed, and the space
    // the daemon's own directory gave back is what is asserted.
    expect(duBefore - duAfter).toBeGreaterThan(45 * 1024);
    console.log(`remove --image freed ${((dfBefore - dfAfter) / 1024).toFixed(1)} MB by df, ${((duBefore - duAfter) / 1024).toFixed(1)} MB by du`);
    expect((await dockerCli(lab.dockerSocket, ['image', 'inspect', PADDED])).code).not.toBe(0);
  });

  it('a command typed into the exec terminal runs in the container; resize reaches it', async () => {
    const services: AppServices = createServices({ shell: 'web', version: 't', dataDir: home, openStore: (o) => new Conf(o) as unknown as KeyValueStore });
    try {
      let seen = '';
      services.hub.on('session.data', (c) => {
        seen += c.data;
      });
      const view = await services.handlers['containers.shell']({ target: 'rtr', name: 'ct-app', cols: 80, rows: 24 });
      expect(view).toMatchObject({ kind: 'docker', target: 'rtr', exited: null });
      await services.handlers['sessions.write']({ id: view.id, data: 'echo $((6*7)) > /tmp/typed; echo typed-$((40+2))\r' });
      await waitFor(() => seen.includes('typed-42'), { timeoutMs: 15_000, what: 'the typed command\'s output in the terminal' });
      expect((await dockerCli(lab.dockerSocket, ['exec', 'ct-app', 'cat', '/tmp/typed'])).stdout.trim()).toBe('42');
      await services.handlers['sessions.resize']({ id: view.id, cols: 123, rows: 37 });
      await services.handlers['sessions.write']({ id: view.id, data: 'stty size\r' });
      await waitFor(() => seen.includes('37 123'), { timeoutMs: 15_000, what: 'stty size showing the new size' });
      await services.handlers['sessions.write']({ id: view.id, data: 'exit\r' });
      await waitFor(async () => (await services.handlers['sessions.list']()).find((s) => s.id === view.id)?.exited, { timeoutMs: 15_000, what: 'the exec session ending' });
    } finally {
      services.dispose();
    }
  });

  it('an image without a shell gets docker attach instead, in the same terminal view', async () => {
    const file = join(home, 'noshell.tar');
    writeShellLessImage(file, 'ct/noshell:1');
    await loadIntoRouter(LAB, file);
    expect((await xrcl(['container', 'run', 'rtr', 'ct/noshell:1', '--name', 'ct-cat'])).status).toBe(0);
    const services: AppServices = createServices({ shell: 'web', version: 't', dataDir: home, openStore: (o) => new Conf(o) as unknown as KeyValueStore });
    try {
      let seen = '';
      services.hub.on('session.data', (c) => {
        seen += c.data;
      });
      const view = await services.handlers['containers.shell']({ target: 'rtr', name: 'ct-cat', cols: 80, rows: 24 });
      expect(view.title).toBe('ct-cat on rtr (attached)');
      // The container's own process is `cat` on its tty: what is typed comes back.
      await services.handlers['sessions.write']({ id: view.id, data: 'attached-line\r' });
      await waitFor(() => (seen.match(/attached-line/g) ?? []).length >= 2, { timeoutMs: 15_000, what: 'cat echoing the typed line' });
      const records = (await services.handlers['runbook.export']()).markdown;
      expect(records).toContain('docker attach ct-cat');
      await services.handlers['sessions.close']({ id: view.id });
    } finally {
      services.dispose();
    }
  });
});
