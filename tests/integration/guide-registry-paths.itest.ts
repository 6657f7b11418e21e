// The Guide's registry image paths end to end on a practice router, through the wizard service
// as the app wires it (create-services, the real registry manager, push client, router side and
// container step): on the lab path, a registry started on this computer at the lab address
// 198.18.0.1, a busybox tarball pushed to it, the router's daemon made to trust it, the image
// pulled there, and the container step green on the router's network; once over plain HTTP, once
// with a self-signed certificate; then "your own registry" (a TLS registry signed by a private
// CA, its CA file given): checked from here, the CA installed on the router, the image you named
// pulled and run. The Docker Hub path is run to its diagnosis: the lab has no
// name server and no route out, and the step says so before any pull.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type AppServices } from '../../src-main/app/create-services';
import type { KeyValueStore } from '../../src-main/services/store/app-store';
import type { ImagePath, StepView } from '../../src-shared/types/wizard';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { HOST_ADDRESS } from '../lab/lab-config';
import { dockerCli, labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem, writeBusyboxImage, type TestImage } from '../lab/test-images';
import { waitFor } from '../support/wait-for';
import { freePort } from '../support/free-port';

const skip = labSuiteSkipReason(['docker-registry', 'busybox']) ?? testImageProblem();
const LAB = `gr-paths-${process.pid.toString(36)}`;
const PASSWORD = `gr corp pw '"$(id)`;
/** The self-signed path pushes from this computer's Docker engine instead of a tarball. */
const ENGINE_IMAGE = `gr-paths/busybox:${process.pid.toString(36)}`;
const LOCAL_DOCKER = '/var/run/docker.sock';


describe.skipIf(skip !== null)(`the Guide's registry image paths on a practice router${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: LabInfo;
  let home: string;
  let app: AppServices;
  let image: TestImage;
  const figures: string[] = [];

  const runStep = async (stepId: string, timeoutMs = 120_000): Promise<StepView> => {
    const t0 = Date.now();
    await app.handlers['wizard.runStep']({ stepId });
    const step = await waitFor(
      async () => {
        const s = (await app.handlers['wizard.get']()).steps.find((x) => x.id === stepId);
        return s && s.status !== 'running' && s.status !== 'ready' && s;
      },
      { timeoutMs, intervalMs: 200, what: `${stepId} to finish` },
    );
    figures.push(`  ${stepId}: ${Date.now() - t0} ms`);
    return step;
  };
  const expectDone = async (stepId: string): Promise<StepView> => {
    const s = await runStep(stepId);
    expect(s.status, `${stepId}: ${s.verdict?.summary} ${s.verdict?.fix ?? ''}`).toBe('done');
    return s;
  };
  const onRouter = async (script: string): Promise<string> => (await labExec(LAB, ['bash', '-lc', script])).stdout;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-gr-paths-'));
    image = writeBusyboxImage(join(home, 'busybox.tar'), 'gr/busybox:1');
    lab = await labUp({ platform: 'vagrant', name: LAB, diskMb: 64, timing: { dockerRestartMs: 2500, certsSyncMs: 1000 } });
    // The image in this computer's engine, under a name of this suite's own.
    const loaded = await dockerCli(LOCAL_DOCKER, ['load', '-i', image.file]);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect((await dockerCli(LOCAL_DOCKER, ['tag', 'gr/busybox:1', ENGINE_IMAGE])).code).toBe(0);
    await dockerCli(LOCAL_DOCKER, ['rmi', 'gr/busybox:1']);
    app = createServices({ shell: 'web', version: 't', dataDir: home, openStore: (o) => new Conf(o) as unknown as KeyValueStore });
    const cli = lab.endpoints.xrCli!;
    const shell = lab.endpoints.xrShell!;
    await app.handlers['targets.add']({
      target: { name: 'rtr', platform: 'vagrant', host: lab.labAddress, user: cli.user!, shellUser: shell.user! },
      password: cli.password!,
      shellPassword: shell.password!,
    });
    await app.handlers['targets.test']({ name: 'rtr', acceptNew: true });
    await app.handlers['wizard.dispatch']({ type: 'choosePath', path: 'lab' });
    await app.handlers['wizard.dispatch']({ type: 'chooseRouter', router: { target: 'rtr', newUser: shell.user! } });
    // The router's own steps once; the image paths below keep their results.
    for (const id of ['prerequisites', 'reach-cli', 'onboard']) {
      const s = await runStep(id, 180_000);
      expect(s.status === 'done' || s.status === 'attention', `${id}: ${s.verdict?.summary} ${s.verdict?.fix ?? ''}`).toBe(true);
    }
  }, 300_000);

  afterAll(async () => {
    if (app) {
      for (const r of await app.handlers['registries.list']()) await app.handlers['registries.remove']({ name: r.name }).catch(() => undefined);
      app.dispose();
    }
    await dockerCli(LOCAL_DOCKER, ['rmi', ENGINE_IMAGE]).catch(() => undefined);
    await labDown({ name: LAB }).catch(() => undefined);
    if (home) rmSync(home, { recursive: true, force: true });
    if (figures.length) console.log(`Guide step times:\n${figures.join('\n')}`);
  });

  const registryPath = (imagePath: Extract<ImagePath, 'insecure' | 'self-signed'>, repo: string, source: () => string) =>
    async () => {
      const port = await freePort(HOST_ADDRESS);
      // The user's choices, as the step's inputs send them; the address is left to the Guide (the lab link).
      await app.handlers['imageGuide.choose']({ port, source: source(), as: `${repo}:1` });
      const view = await app.handlers['wizard.dispatch']({ type: 'chooseImagePath', imagePath });
      expect(view.steps.filter((s) => s.imagePaths !== null).map((s) => [s.id, s.status])).toEqual([
        ['registry-start', 'ready'],
        ['registry-push', 'locked'],
        ['registry-trust', 'locked'],
        ['registry-pull', 'locked'],
        ['run-container', 'locked'],
      ]);

      const started = await expectDone('registry-start');
      const kind = imagePath === 'self-signed' ? 'tls' : 'plain';
      const name = `guide-${kind}-198-18-0-1-${port}`;
      expect(started.verdict?.summary).toBe(`${name} runs at ${HOST_ADDRESS}:${port} (${imagePath === 'self-signed' ? 'TLS with a self-signed certificate' : 'plain HTTP'}).`);
      const registry = (await app.handlers['registries.list']()).find((r) => r.name === name)!;
      expect(registry).toMatchObject({ state: 'running', hostPort: `${HOST_ADDRESS}:${port}`, kind: imagePath === 'self-signed' ? 'tls' : 'insecure' });
      // Run again: the running registry is reused, not started twice.
      expect((await expectDone('registry-start')).verdict?.summary).toBe(`Using ${name}, already running at ${HOST_ADDRESS}:${port} (${imagePath === 'self-signed' ? 'TLS with a self-signed certificate' : 'plain HTTP'}).`);

      const ref = `${HOST_ADDRESS}:${port}/${repo}:1`;
      const pushed = await expectDone('registry-push');
      expect(pushed.verdict?.summary).toMatch(new RegExp(`^${ref.replace(/[.]/g, '\\.')} is in ${name}: \\d+ blob\\(s\\) sent, 0 already there\\.$`));
      expect((await app.handlers['wizard.get']()).image).toBe(ref);
      const pushLog = (await app.handlers['tasks.log']({ id: pushed.taskId! })).text;
      if (source().startsWith('docker-daemon:')) expect(pushLog).toContain(`$ docker save ${ENGINE_IMAGE}`);
      else expect(pushLog).not.toContain('docker save');
      const tags = await app.handlers['registries.tags']({ name, repository: repo });
      expect(tags.map((t) => t.tag)).toEqual(['1']);

      const trusted = await expectDone('registry-trust');
      expect(trusted.verdict?.summary).toContain(`rtr now trusts ${HOST_ADDRESS}:${port}`);
      if (imagePath === 'insecure') expect(await onRouter('cat /etc/sysconfig/docker')).toContain(`--insecure-registry ${HOST_ADDRESS}:${port}`);
      else expect(await onRouter(`cat /etc/docker/certs.d/${HOST_ADDRESS}:${port}/ca.crt`)).toBe(registry.caPem!.trim() + '\n');

      const pulled = await expectDone('registry-pull');
      expect(pulled.verdict?.summary).toContain(`${ref} is on rtr`);
      expect(await onRouter(`docker images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}'`)).toContain(`${ref} ${image.id}`);

      const ran = await expectDone('run-container');
      const container = repo.split('/').pop()!;
      expect(ran.verdict?.summary).toMatch(new RegExp(`^Container ${container} running and reaching the router's network: it sees .*Mg0_RP0_CPU0_0 ${lab.labAddress.replace(/[.]/g, '\\.')}/24`));
      const inspect = await dockerCli(lab.dockerSocket, ['inspect', '--format', '{{.State.Running}} {{.Config.Image}}', container]);
      expect(inspect.stdout.trim()).toBe(`true ${ref}`);
      expect((await app.handlers['wizard.get']()).steps.every((s) => s.status === 'done' || s.status === 'attention')).toBe(true);
    };

  it('plain HTTP: registry started at the lab address, busybox pushed, trusted, pulled, and the container reaches the router\'s network', registryPath('insecure', 'gr/plain-app', () => image.file), 300_000);

  it('self-signed: the same with a TLS registry whose CA the router gets in certs.d, pushed from this computer\'s Docker engine', registryPath('self-signed', 'gr/tls-app', () => `docker-daemon:${ENGINE_IMAGE}`), 300_000);

  it('your own registry: checked from here with your CA, the CA installed on the router before the login step, the image you named pulled and run', async () => {
    // "Your registry": a TLS registry signed by a private CA (one the app makes), reached as https://198.18.0.1:PORT.
    const port = await freePort(HOST_ADDRESS);
    const corp = await app.handlers['registries.up']({ name: 'gr-corp', kind: 'tls', address: HOST_ADDRESS, port });
    const { taskId } = await app.handlers['registries.push']({ name: 'gr-corp', source: image.file, as: 'gr/ca-app:1' });
    await waitFor(async () => app.tasks.get(taskId).state === 'succeeded', { timeoutMs: 60_000, what: 'the push to gr-corp' });
    await app.handlers['imageGuide.choose']({ existingUrl: `https://${HOST_ADDRESS}:${port}`, existingUser: 'ci', existingCaFile: corp.caFile!, existingImage: 'gr/ca-app:1' });
    // The password is asked through the prompt center when the step runs, as the Guide's dialog does.
    const asked: string[] = [];
    const off = app.hub.on('prompt.asked', (p) => {
      asked.push(p.title);
      void app.handlers['prompts.answer']({ id: p.id, value: PASSWORD });
    });
    const view = await app.handlers['wizard.dispatch']({ type: 'chooseImagePath', imagePath: 'ca-registry' });
    expect(view.steps.filter((s) => s.imagePaths !== null).map((s) => s.id)).toEqual(['registry-existing', 'registry-login', 'registry-pull', 'run-container']);

    const checked = await expectDone('registry-existing');
    off();
    expect(asked).toEqual([`Password for ci at ${HOST_ADDRESS}:${port}`]);
    expect(checked.verdict?.summary).toBe(`${HOST_ADDRESS}:${port} answers to ci; kept as 198-18-0-1, its password in the secret store.`);
    expect((await app.handlers['registries.list']()).find((r) => r.name === '198-18-0-1')).toMatchObject({ kind: 'existing', caPem: corp.caPem });

    const login = await expectDone('registry-login');
    expect(login.verdict?.summary).toBe(`The docker daemon on rtr is logged in to ${HOST_ADDRESS}:${port} as ci.`);
    // docker login read the password on its standard input: no log, record or settings file holds it.
    const loginLog = (await app.handlers['tasks.log']({ id: login.taskId! })).text;
    expect(loginLog).toContain(`docker login --username ci --password-stdin ${HOST_ADDRESS}:${port}`);
    const everything = [
      ...app.tasks.list().map((t) => app.tasks.logOf(t.id)),
      JSON.stringify(app.recorder.list()),
      readFileSync(join(home, 'config.json'), 'utf8'),
    ].join('\n');
    expect(everything).not.toContain(PASSWORD);
    expect(await onRouter(`cat /etc/docker/certs.d/${HOST_ADDRESS}:${port}/ca.crt`)).toBe(corp.caPem!.trim() + '\n');

    const ref = `${HOST_ADDRESS}:${port}/gr/ca-app:1`;
    expect((await expectDone('registry-pull')).verdict?.summary).toContain(`${ref} is on rtr`);
    const ran = await expectDone('run-container');
    expect(ran.verdict?.summary).toMatch(/^Container ca-app running and reaching the router's network/);
  }, 300_000);

  it('Docker Hub: the missing name server and route out are named with their fixes before any pull', async () => {
    await app.handlers['imageGuide.choose']({ hubImage: 'busybox:latest' });
    await app.handlers['wizard.dispatch']({ type: 'chooseImagePath', imagePath: 'hub' });
    const hub = await runStep('hub-pull');
    expect(hub.status).toBe('failed');
    expect(hub.verdict?.summary).toContain('rtr has no name server in global-vrf (/etc/netns/global-vrf/resolv.conf)');
    expect(hub.verdict?.summary).toContain('no default route in global-vrf');
    expect(hub.verdict?.fix).toContain('echo "nameserver 8.8.8.8" >> /etc/netns/global-vrf/resolv.conf');
    // What it read is in the step's log, as typed by hand; no pull was tried.
    const log = (await app.handlers['tasks.log']({ id: hub.taskId! })).text;
    expect(log).toContain('cat /etc/netns/global-vrf/resolv.conf');
    expect(log).toContain('ip route show default');
    expect(log).not.toContain('docker pull');

    // With a name server given, the step adds it to global-vrf (a backup kept); only the route is missing then.
    await app.handlers['imageGuide.choose']({ hubNameServer: HOST_ADDRESS });
    const again = await runStep('hub-pull');
    expect(again.status).toBe('failed');
    expect(again.verdict?.summary).not.toContain('no name server');
    expect(again.verdict?.summary).toContain('no default route in global-vrf');
    expect(await onRouter('cat /etc/netns/global-vrf/resolv.conf')).toMatch(new RegExp(`^nameserver ${HOST_ADDRESS.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(await onRouter('cat /etc/netns/global-vrf/resolv.conf.xrcl-backup')).not.toContain('nameserver');
    expect((await app.handlers['tasks.log']({ id: again.taskId! })).text).toContain(`vi /etc/netns/global-vrf/resolv.conf  # nameserver ${HOST_ADDRESS}`);
  }, 120_000);
});
