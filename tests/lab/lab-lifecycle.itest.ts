// The lab's life cycle through the same command line users run: a devbox next to a router on
// the lab link, names in use, a supervisor killed with SIGKILL (containers running) cleared
// by the next `up`, and nothing the lab made left after `down --all`.
import { dirname, join, resolve } from 'node:path';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { labExec, labStatus, labUp, labDown, type LabInfo } from './lab-api.js';
import { leftovers } from './lab-cleanup.js';
import { netnsOf } from './lab-config.js';
import { pidAlive } from './lab-processes.js';
import { run } from './run-command.js';
import { dockerCli, labSuiteSkipReason, removeKnownHosts, sshRun, type Endpoint } from './stock-clients.js';
import { testImageProblem, writeBusyboxImage } from './test-images.js';
import { waitFor } from '../support/wait-for.js';

const skip = labSuiteSkipReason(['busybox']) ?? testImageProblem();
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ROUTER = 'itest-life-rtr';
const DEVBOX = 'itest-life-dev';
const CRASH = 'itest-life-crash';

/** `npm run lab -- <args>` without npm's banner: the same entry point (tsx tests/lab/cli.ts). */
async function labCli(args: string[]): Promise<{ code: number; json: unknown; stderr: string }> {
  const r = await run(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'tests/lab/cli.ts'), ...args], { cwd: REPO, timeoutMs: 120_000 });
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    /* errors go to stderr */
  }
  return { code: r.code, json, stderr: r.stderr };
}

describe.skipIf(skip !== null)(`practice lab life cycle${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'xrcl-itest-'));

  afterAll(async () => {
    for (const n of [ROUTER, DEVBOX, CRASH]) await labDown({ name: n }).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    removeKnownHosts();
  });

  it('up/status/down through `npm run lab`: a devbox and a router on one link', async () => {
    const t0 = Date.now();
    const [dev, rtr] = await Promise.all([
      labCli(['up', '--role', 'devbox', '--name', DEVBOX]),
      labCli(['up', '--platform', 'vagrant', '--name', ROUTER]),
    ]);
    console.log(`devbox + router up (in parallel, via the CLI) in ${Date.now() - t0} ms`);
    expect(dev.stderr).toBe('');
    expect(rtr.stderr).toBe('');
    const devbox = dev.json as LabInfo;
    const router = rtr.json as LabInfo;
    expect(devbox.hostname).toBe('devbox');
    expect(devbox.interface).toBe('eth0');
    const ssh = devbox.endpoints.ssh as Endpoint;
    const info = await sshRun(ssh, `sudo docker info --format '{{.Name}}'`);
    expect(info.stdout.trim()).toBe('devbox');

    // The devbox reaches the router's XR shell across the bridge (and nothing else: no default route).
    const banner = await labExec(DEVBOX, ['bash', '-c', `exec 3<>/dev/tcp/${router.labAddress}/57722; head -c 7 <&3`]);
    expect(banner.stdout).toBe('SSH-2.0');
    expect((await labExec(DEVBOX, ['ip', 'route', 'show', 'default'])).stdout.trim()).toBe('');

    const again = await labCli(['up', '--role', 'devbox', '--name', DEVBOX]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Lab name 'itest-life-dev' is in use/);

    const status = (await labCli(['status'])).json as { name: string; alive: boolean; ready: boolean; dockerState: string; problems: string[] }[];
    const ours = status.filter((s) => [DEVBOX, ROUTER].includes(s.name));
    expect(ours.every((s) => s.alive && s.ready && s.dockerState === 'running' && s.problems.length === 0)).toBe(true);

    // Asked wrongly, `fault` names the problem in one line and exits 2.
    for (const [args, msg] of [
      [['fault', 'melt-cpu', '--name', ROUTER], "unknown fault 'melt-cpu'"],
      [['fault', 'fill-disk'], '--name NAME is missing'],
      [['fault'], 'say which fault'],
    ] as const) {
      const r = await labCli([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }

    const down = await labCli(['down', '--name', DEVBOX]);
    expect(down.json).toEqual({ removed: [DEVBOX] });
    expect(existsSync(devbox.labDir)).toBe(false);
    expect((await run('ip', ['netns', 'list'])).stdout).not.toContain(netnsOf(DEVBOX));
  });

  it('a supervisor killed with SIGKILL is cleared by the next up; down --all leaves nothing', async () => {
    const crash = await labUp({ platform: 'ncs5500', name: CRASH });
    const image = writeBusyboxImage(join(tmp, 'bb.tar'), 'xrcl/busybox:crash');
    expect((await dockerCli(crash.dockerSocket, ['load', '-i', image.file])).code).toBe(0);
    const ran = await dockerCli(crash.dockerSocket, ['run', '-d', 'xrcl/busybox:crash', 'sleep', '600']);
    expect(ran.code).toBe(0);
    const containerPid = Number((await dockerCli(crash.dockerSocket, ['inspect', '-f', '{{.State.Pid}}', ran.stdout.trim()])).stdout);
    expect(containerPid).toBeGreaterThan(0);

    process.kill(crash.supervisorPid as number, 'SIGKILL');
    await waitFor(() => !pidAlive(crash.supervisorPid as number), { timeoutMs: 5000, what: 'the supervisor to die' });
    const dead = (await labStatus()).find((l) => l.name === CRASH);
    expect(dead?.alive).toBe(false);
    expect(dead?.phase).toBe('dead');

    // Any up clears stale labs first: processes (the container too), namespace, files.
    await labDown({ name: ROUTER });
    const next = await labUp({ role: 'devbox', name: DEVBOX });
    expect(existsSync(crash.labDir)).toBe(false);
    expect(pidAlive(containerPid)).toBe(false);
    expect((await run('ip', ['netns', 'list'])).stdout).not.toContain(netnsOf(CRASH));
    expect(next.name).toBe(DEVBOX);

    const t0 = Date.now();
    const all = await labCli(['down', '--all']);
    console.log(`down --all in ${Date.now() - t0} ms`);
    expect(all.code).toBe(0);
    const left = await waitFor(() => (leftovers().length === 0 ? [] : undefined), { timeoutMs: 10_000, what: 'no lab leftovers' }).catch(
      () => leftovers(),
    );
    expect(left).toEqual([]);
  });
});
