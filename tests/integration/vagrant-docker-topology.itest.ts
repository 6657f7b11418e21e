// Real Vagrant (2.3, docker provider) driven through node-pty: the generated docker variant of the
// topology brings up two containers of a locally built sshd image (no download), then status,
// ssh-config and the port fall-back, halt and destroy, a failing up, and a cancelled up.
import { readdirSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import type { TaskSnapshot } from '../../src-shared/types/tasks';
import { EventHub } from '../../src-main/services/events/event-hub';
import { TaskManager } from '../../src-main/services/tasks/task-manager';
import { generateTopology, writeTopology } from '../../src-main/services/vagrant/topology-generator';
import { VagrantRunner } from '../../src-main/services/vagrant/vagrant-runner';
import { runSync } from '../lab/run-command';
import { waitFor } from '../support/wait-for';
import { buildSshdImage, removeImage } from './support/sshd-image';
import {
  containersNamed,
  dockerNetworksOn,
  freeLabSubnet,
  removeDir,
  removeDockerLeftovers,
  tempDir,
  vagrantDockerProblem,
} from './support/vagrant-itest-env';

const problem = vagrantDockerProblem();
const tag = `xrcl-vagrant-itest/sshd:${process.pid}`;
const prefix = `xrcl-vitest-${process.pid}`;

/** Processes (by pid) whose working folder is dir: vagrant and its children for a topology. */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === dir) pids.push(Number(name));
    } catch {
      /* gone or not ours to read */
    }
  }
  return pids;
}

/** The first bytes a port answers with (sshd: "SSH-2.0-OpenSSH_..."). */
function banner(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    let data = '';
    s.setTimeout(5_000, () => s.destroy(new Error(`no banner on ${port}`)));
    s.on('data', (b) => {
      data += b.toString('latin1');
      if (data.includes('\n')) {
        s.destroy();
        resolve(data.trim());
      }
    });
    s.on('error', reject);
  });
}

describe.skipIf(problem !== null)(`vagrant docker topology${problem ? ` (skipped: ${problem})` : ''}`, () => {
  const home = problem ? '' : tempDir('xrcl-vagrant-home-');
  const topoDir = problem ? '' : tempDir('xrcl-vagrant-topo-');
  const link = problem ? { router: '', devbox: '', prefix: '' } : freeLabSubnet();
  const env = { VAGRANT_HOME: home };
  const streamed: string[] = [];
  let vagrant: VagrantRunner;
  let upOutput = '';

  beforeAll(async () => {
    buildSshdImage(tag);
    const topo = generateTopology({
      provider: 'docker',
      routerAddress: link.router,
      devboxAddress: link.devbox,
      routerMemoryMb: 5120,
      docker: { routerImage: tag, devboxImage: tag, containerPrefix: prefix },
    });
    await writeTopology(topoDir, topo);
    vagrant = new VagrantRunner({ cwd: topoDir, env, onData: (t) => streamed.push(t), interruptGraceMs: 30_000, killGraceMs: 3_000 });
  });

  afterAll(() => {
    if (problem) return;
    runSync('vagrant', ['destroy', '-f'], { cwd: topoDir, env: { ...process.env, ...env }, timeoutMs: 120_000 });
    removeDockerLeftovers(prefix, link.prefix);
    removeImage(tag);
    removeDir(topoDir);
    removeDir(home);
  });

  it('brings up rtr and devbox as a task, streaming output and phases', async () => {
    const hub = new EventHub();
    const updates: TaskSnapshot[] = [];
    hub.subscribe((name, payload) => {
      if (name === 'task.updated') updates.push(payload as TaskSnapshot);
    });
    const tasks = new TaskManager(hub);
    const started = tasks.start({ title: 'vagrant up', kind: 'vagrant', run: (ctx) => vagrant.up({ task: ctx, provider: 'docker' }) });
    const up = await started.done;
    upOutput = up.output;

    expect(up.progress.machines.map((m) => [m.machine, m.provider, m.phase])).toEqual([
      ['rtr', 'docker', 'done'],
      ['devbox', 'docker', 'done'],
    ]);
    // The file provisioner copied the day-0 config and the shell provisioner printed it.
    expect(up.output).toMatch(/rtr: interface GigabitEthernet0\/0\/0\/0/);
    expect(up.output).toContain(`ipv4 address ${link.router.split('/')[0]} 255.255.255.0`);
    // Live: the runner's callback saw the same text as the task log, in order.
    expect(streamed.join('')).toContain('Machine booted and ready!');
    const log = tasks.logOf(started.id);
    expect(log).toContain('$ vagrant up --provider docker');
    expect(log).toContain('Running provisioner: shell...');
    // Progress moved through the phases to done.
    const details = updates.map((u) => u.detail);
    expect(details.some((d) => /waiting for the machine to boot/.test(d))).toBe(true);
    expect(details.some((d) => /provisioning \(shell\)/.test(d))).toBe(true);
    expect(tasks.get(started.id)).toMatchObject({ state: 'succeeded', progress: 1 });
    expect(containersNamed(prefix).sort()).toEqual([`${prefix}-devbox running`, `${prefix}-rtr running`]);
  });

  it('status lists both machines running on docker', async () => {
    const status = await vagrant.status();
    expect(status.map((m) => [m.name, m.state, m.provider, m.running])).toEqual([
      ['rtr', 'running', 'docker', true],
      ['devbox', 'running', 'docker', true],
    ]);
  });

  it('finds the router ports: ssh-config where `vagrant port` is unsupported, and vagrant up lines', async () => {
    const fromSsh = await vagrant.routerPorts();
    expect(fromSsh.sources).toEqual({ shell: 'vagrant ssh-config' });
    expect(fromSsh.cli).toBeNull();
    expect(await banner(fromSsh.shell!)).toMatch(/^SSH-2\.0-OpenSSH/);

    const withUp = await vagrant.routerPorts({ upOutput });
    expect(withUp.sources).toEqual({ cli: 'vagrant up', shell: 'vagrant up' });
    expect(withUp.shell).toBe(fromSsh.shell);
    expect(await banner(withUp.cli!)).toMatch(/^SSH-2\.0-OpenSSH/);
    // Docker agrees on both.
    expect(runSync('docker', ['port', `${prefix}-rtr`, '57722/tcp']).stdout).toContain(`:${withUp.shell}`);
    expect(runSync('docker', ['port', `${prefix}-rtr`, '22/tcp']).stdout).toContain(`:${withUp.cli}`);
    expect(await vagrant.port('rtr')).toBeNull();
  });

  it('ssh-config names each machine with its key', async () => {
    const entries = await vagrant.sshConfig();
    expect(entries.map((e) => [e.host, e.user])).toEqual([
      ['rtr', 'vagrant'],
      ['devbox', 'vagrant'],
    ]);
    expect(entries[0]!.identityFiles[0]).toBe(path.join(home, 'insecure_private_key'));
  });

  it('halt stops both, streaming', async () => {
    const before = streamed.length;
    await vagrant.halt();
    expect(streamed.slice(before).join('')).toMatch(/Stopping container/);
    expect((await vagrant.status()).map((m) => m.state)).toEqual(['stopped', 'stopped']);
    expect(containersNamed(prefix).every((l) => !l.endsWith(' running'))).toBe(true);
  });

  it('destroy removes the containers and the link network', async () => {
    await vagrant.destroy();
    expect((await vagrant.status()).map((m) => m.state)).toEqual(['not_created', 'not_created']);
    expect(containersNamed(prefix)).toEqual([]);
    expect(dockerNetworksOn(link.prefix)).toEqual([]);
  });
});

describe.skipIf(problem !== null)(`vagrant up that fails or is cancelled${problem ? ` (skipped: ${problem})` : ''}`, () => {
  const home = problem ? '' : tempDir('xrcl-vagrant-home-');
  const dirs: string[] = [];
  const pfx = `xrcl-vitest-f${process.pid}`;
  const env = { VAGRANT_HOME: home };
  const failTag = `xrcl-vagrant-itest/sshd-c:${process.pid}`;

  async function topology(routerImage: string, devboxImage: string, name: string): Promise<string> {
    const dir = tempDir(`xrcl-vagrant-${name}-`);
    dirs.push(dir);
    const link = freeLabSubnet();
    await writeTopology(dir, generateTopology({ provider: 'docker', routerAddress: link.router, devboxAddress: link.devbox, docker: { routerImage, devboxImage, containerPrefix: `${pfx}-${name}` } }));
    return dir;
  }

  afterAll(() => {
    if (problem) return;
    for (const dir of dirs) {
      runSync('vagrant', ['destroy', '-f'], { cwd: dir, env: { ...process.env, ...env }, timeoutMs: 120_000 });
      removeDir(dir);
    }
    removeDockerLeftovers(pfx, '198.19.');
    removeImage(failTag);
    removeDir(home);
  });

  it('a missing image is reported with its cause and fix', async () => {
    const missing = `xrcl-vagrant-itest/not-built-${process.pid}:1`;
    const dir = await topology(missing, missing, 'missing');
    const vagrant = new VagrantRunner({ cwd: dir, env });
    const err = await vagrant.up({ machines: ['rtr'], provider: 'docker' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'IMAGE_NOT_FOUND', command: 'vagrant up rtr --provider docker' });
    expect((err as AppError).message).toContain(missing);
    expect((err as AppError).detail).toContain('Unable to find image');
    await vagrant.destroy();
    expect(containersNamed(`${pfx}-missing`)).toEqual([]);
  });

  it('cancel in the middle of up: vagrant cleans up, the next up works, destroy removes everything', async () => {
    buildSshdImage(failTag);
    const dir = await topology(failTag, failTag, 'cancel');
    const vagrant = new VagrantRunner({ cwd: dir, env, interruptGraceMs: 20_000, killGraceMs: 2_000 });
    const tasks = new TaskManager(new EventHub());
    let out = '';
    let id = '';
    const started = tasks.start({
      title: 'vagrant up',
      kind: 'vagrant',
      run: (ctx) =>
        vagrant.up({
          task: ctx,
          provider: 'docker',
          onData: (t) => {
            out += t;
            if (/Creating the container/.test(out) && tasks.get(id).state === 'running') tasks.cancel(id);
          },
        }),
    });
    id = started.id;
    await expect(started.done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(tasks.get(id).state).toBe('cancelled');
    // Vagrant got the interrupt and cleaned up rather than dying mid-command.
    expect(tasks.logOf(id)).toContain('Vagrant exited after cleanup due to external interrupt.');
    // The vagrant process tree is gone once the call returns.
    await waitFor(() => processesIn(dir).length === 0, { timeoutMs: 10_000, what: 'vagrant processes in the topology folder to end' });
    // The machines are in a state the next up can use...
    await vagrant.up({ provider: 'docker' });
    expect((await vagrant.status()).map((m) => m.state)).toEqual(['running', 'running']);
    // ...and destroy removes whatever was created.
    await vagrant.destroy();
    expect(containersNamed(`${pfx}-cancel`)).toEqual([]);
    expect((await vagrant.status()).map((m) => m.state)).toEqual(['not_created', 'not_created']);
  });

});
