// xrcl vagrant up as a user runs it, with real Vagrant's docker provider and a locally built sshd
// image standing in for the boxes: the output streams to stderr, the router and devbox become
// targets with the ports Vagrant reported and the box login, `xrcl target test` passes against
// them; a rebuilt box (new host keys) is refused without a terminal and, on a terminal, its old
// keys are forgotten when the user says yes; halt and destroy stream too.
import path from 'node:path';
import pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTest, Target } from '../../src-shared/types/targets';
import type { VagrantMachine } from '../../src-shared/types/vagrant';
import { generateTopology, writeTopology } from '../../src-main/services/vagrant/topology-generator';
import { runSync } from '../lab/run-command';
import { waitFor } from '../support/wait-for';
import { jsonOf, runXrcl } from '../support/xrcl-process';
import { buildSshdImage, removeImage } from './support/sshd-image';
import { containersNamed, freeLabSubnet, removeDir, removeDockerLeftovers, tempDir, vagrantDockerProblem } from './support/vagrant-itest-env';

const problem = vagrantDockerProblem();
const tag = `vg-xrcl-up/sshd:${process.pid}`;
const prefix = `vg-xrcl-up-${process.pid}`;
const root = path.join(import.meta.dirname, '..', '..');

interface UpJson {
  machines: VagrantMachine[];
  ports: { rtr: { '22': number; '57722': number } };
  targets: Target[];
  hostKeys: { target: string; endpoint: string; status: string }[];
  docker: { proven: boolean; note: string };
}

describe.skipIf(problem !== null)(`xrcl vagrant up${problem ? ` (skipped: ${problem})` : ''}`, () => {
  const home = problem ? '' : tempDir('vg-xrcl-home-');
  const vagrantHome = problem ? '' : tempDir('vg-vagrant-home-');
  const dir = problem ? '' : tempDir('vg-topology-');
  const link = problem ? { router: '', devbox: '', prefix: '' } : freeLabSubnet();
  let first: UpJson;

  beforeAll(async () => {
    // xrcl runs as a child process and inherits this.
    process.env.VAGRANT_HOME = vagrantHome;
    buildSshdImage(tag);
    await writeTopology(dir, generateTopology({ provider: 'docker', routerAddress: link.router, devboxAddress: link.devbox, docker: { routerImage: tag, devboxImage: tag, containerPrefix: prefix } }));
  });

  afterAll(() => {
    if (problem) return;
    runSync('vagrant', ['destroy', '-f'], { cwd: dir, env: { ...process.env, VAGRANT_HOME: vagrantHome }, timeoutMs: 120_000 });
    removeDockerLeftovers(prefix, link.prefix);
    removeImage(tag);
    for (const d of [dir, home, vagrantHome]) removeDir(d);
  });

  it('streams vagrant up to stderr, then adds rtr and devbox with the reported ports and the box login', async () => {
    const r = await runXrcl(home, ['vagrant', 'up', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    first = jsonOf<UpJson>(r);
    // vagrant's own output reached stderr (the docker provider's container lines and the provisioner).
    expect(r.stderr).toContain('$ vagrant up');
    expect(r.stderr).toMatch(/rtr: Creating the container/);
    expect(r.stderr).toMatch(/Running provisioner: shell/);
    expect(first.machines.map((m) => [m.name, m.state, m.provider])).toEqual([
      ['rtr', 'running', 'docker'],
      ['devbox', 'running', 'docker'],
    ]);
    // The ports are the ones docker really forwards to the router's 22 and 57722.
    expect(runSync('docker', ['port', `${prefix}-rtr`, '22/tcp']).stdout).toContain(`:${first.ports.rtr['22']}`);
    expect(runSync('docker', ['port', `${prefix}-rtr`, '57722/tcp']).stdout).toContain(`:${first.ports.rtr['57722']}`);
    const [rtr, devbox] = ['rtr', 'devbox'].map((n) => first.targets.find((t) => t.name === n)!);
    expect(rtr).toMatchObject({ platform: 'vagrant', host: '127.0.0.1', cliPort: first.ports.rtr['22'], shellPort: first.ports.rtr['57722'], cli: { user: 'vagrant', hasPassword: true }, shell: { user: 'vagrant', hasPassword: true } });
    expect(devbox).toMatchObject({ platform: 'devbox', host: '127.0.0.1', cliPort: null, shell: { user: 'vagrant', hasPassword: true } });
    expect(runSync('docker', ['port', `${prefix}-devbox`, '22/tcp']).stdout).toContain(`:${devbox!.shellPort}`);
    // Every key was new and is trusted now; the docker provider's stand-in has no engine to prove.
    expect(first.hostKeys.map((k) => `${k.target}/${k.endpoint}/${k.status}`).sort()).toEqual(['devbox/shell/new', 'rtr/cli/new', 'rtr/shell/new']);
    expect(first.docker.proven).toBe(false);
  });

  it('xrcl target test passes against both: keys trusted, login ok', async () => {
    for (const name of ['rtr', 'devbox']) {
      const r = await runXrcl(home, ['target', 'test', name, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const test = jsonOf<ConnectionTest>(r);
      const endpoints = Object.values(test.endpoints);
      expect(endpoints.length).toBe(name === 'rtr' ? 2 : 1);
      for (const e of endpoints) expect(e, `${name} ${e.port}`).toMatchObject({ reachable: true, trusted: true, login: 'ok' });
    }
    const exec = await runXrcl(home, ['exec', 'rtr', '--shell', 'id -un; hostname']);
    expect(exec.status, exec.stderr).toBe(0);
    expect(exec.stdout).toContain('vagrant');
  });

  it('a later process finds the machines again from the topology folder, ports included', async () => {
    const status = jsonOf<{ machines: VagrantMachine[] }>(await runXrcl(home, ['vagrant', 'status', dir, '--json']));
    expect(status.machines.map((m) => m.state)).toEqual(['running', 'running']);
    // The docker provider cannot list ports: the XR CLI port is the one the app kept from up.
    const ports = jsonOf<{ ports: UpJson['ports']; devbox: number }>(await runXrcl(home, ['vagrant', 'ports', dir, '--json']));
    expect(ports.ports).toEqual(first.ports);
    expect(ports.devbox).toBe(first.targets.find((t) => t.name === 'devbox')!.shellPort);
  });

  it('a second up changes nothing: the same targets, keys already trusted', async () => {
    const r = await runXrcl(home, ['vagrant', 'up', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const again = jsonOf<UpJson>(r);
    expect(again.ports).toEqual(first.ports);
    expect(again.hostKeys.every((k) => k.status === 'trusted')).toBe(true);
    expect(jsonOf<{ targets: Target[] }>(await runXrcl(home, ['target', 'list', '--json'])).targets.map((t) => t.name)).toEqual(['devbox', 'rtr']);
  });

  it('a rebuilt box has new keys: refused without a terminal (with the fix), forgotten on a terminal when the user says yes', async () => {
    expect((await runXrcl(home, ['vagrant', 'destroy', dir])).status).toBe(0);
    expect(containersNamed(prefix)).toEqual([]);
    // A new build of the image has new host keys, as a re-added box would.
    buildSshdImage(tag);

    const refused = await runXrcl(home, ['vagrant', 'up', dir, '--json']);
    expect(refused.status).toBe(1);
    const { error } = jsonOf<{ error: { code: string; fix: string } }>(refused);
    expect(error.code).toBe('HOST_KEY_CHANGED');
    expect(error.fix).toMatch(/forget/i);

    // On a terminal the question is asked, and "yes" forgets the old keys and trusts the new ones.
    const term = pty.spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src-main/cli/xrcl.ts'), 'vagrant', 'up', dir], {
      cwd: root,
      cols: 160,
      rows: 40,
      env: { ...process.env, XRCL_HOME: home } as Record<string, string>,
    });
    let out = '';
    let exit: number | null = null;
    let answered = 0;
    term.onData((d) => {
      out += d;
      // Each changed endpoint's key is asked about once; the answer forgets them all.
      const asked = out.split('Continue? (yes/no)').length - 1;
      if (asked > answered) {
        answered = asked;
        term.write('yes\r');
      }
    });
    term.onExit((e) => (exit = e.exitCode));
    await waitFor(() => exit !== null, { timeoutMs: 240_000, what: 'xrcl vagrant up on a terminal to end' });
    expect(exit, out).toBe(0);
    expect(out).toMatch(/host key changed/i);
    expect(out).toMatch(/old key forgotten, new one trusted/);
    expect(answered).toBeGreaterThanOrEqual(1);
    const test = jsonOf<ConnectionTest>(await runXrcl(home, ['target', 'test', 'rtr', '--json']));
    for (const e of Object.values(test.endpoints)) expect(e).toMatchObject({ trusted: true, login: 'ok' });
  });

  it('Ctrl-C in the middle of up: vagrant cleans up, xrcl says so, and destroy removes what was made', async () => {
    expect((await runXrcl(home, ['vagrant', 'destroy', dir])).status).toBe(0);
    const term = pty.spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src-main/cli/xrcl.ts'), 'vagrant', 'up', dir], {
      cwd: root,
      cols: 160,
      rows: 40,
      env: { ...process.env, XRCL_HOME: home } as Record<string, string>,
    });
    let out = '';
    let exit: number | null = null;
    let interrupted = false;
    term.onData((d) => {
      out += d;
      if (!interrupted && /Creating the container/.test(out)) {
        interrupted = true;
        term.write('\x03');
      }
    });
    term.onExit((e) => (exit = e.exitCode));
    await waitFor(() => exit !== null, { timeoutMs: 120_000, what: 'xrcl vagrant up to end after Ctrl-C' });
    expect(interrupted).toBe(true);
    expect(exit, out).toBe(1);
    expect(out).toContain('Vagrant exited after cleanup due to external interrupt');
    expect(out).toContain('Cancelled by the user.');
    const destroy = await runXrcl(home, ['vagrant', 'destroy', dir]);
    expect(destroy.status, destroy.stderr).toBe(0);
    expect(containersNamed(prefix)).toEqual([]);
    const status = jsonOf<{ machines: VagrantMachine[] }>(await runXrcl(home, ['vagrant', 'status', dir, '--json']));
    expect(status.machines.map((m) => m.state)).toEqual(['not_created', 'not_created']);
  });

  it('halt and destroy stream their output and leave nothing running', async () => {
    expect((await runXrcl(home, ['vagrant', 'up', dir])).status).toBe(0);
    const halt = await runXrcl(home, ['vagrant', 'halt', dir]);
    expect(halt.status, halt.stderr).toBe(0);
    expect(halt.stderr).toMatch(/Stopping container/);
    const status = jsonOf<{ machines: VagrantMachine[] }>(await runXrcl(home, ['vagrant', 'status', dir, '--json']));
    expect(status.machines.map((m) => m.state)).toEqual(['stopped', 'stopped']);
    const destroy = await runXrcl(home, ['vagrant', 'destroy', dir, '--json']);
    expect(destroy.status, destroy.stderr).toBe(0);
    expect(jsonOf(destroy)).toEqual({ dir, destroyed: true });
    expect(containersNamed(prefix)).toEqual([]);
  });
});
