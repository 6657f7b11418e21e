// Where the router's docker daemon runs decides what a container can bind-mount, and the
// platform caps its memory (xr-facts 2.5, 2.6). On a practice NCS5500 (daemon in the host
// layer) a mount from /misc/app_host works and one from elsewhere is refused before anything
// runs, naming /misc/app_host; memory above the 1 GB cap is refused. On a practice ASR9k
// (daemon in the XR VM) any path mounts. Both routers are onboarded first, as a user would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { dockerCli, labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem } from '../lab/test-images';
import { jsonOf, runXrcl } from '../support/xrcl-process';
import { waitFor } from '../support/wait-for';
import Conf from 'conf';
import { createServices, type AppServices } from '../../src-main/app/create-services';
import type { KeyValueStore } from '../../src-main/services/store/app-store';
import { loadBusybox } from './support/container-images';

const skip = labSuiteSkipReason() ?? testImageProblem();
const id = process.pid.toString(36);
const platforms = ['ncs5500', 'asr9k'] as const;
const labName = (p: string): string => `ct-${p.slice(0, 3)}-${id}`;
const IMAGE = 'ct/busybox:1';

describe.skipIf(skip !== null)(`bind mounts and limits per platform${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const labs = new Map<string, LabInfo>();
  let home: string;
  const xrcl = (args: string[], stdin?: string) => runXrcl(home, args, stdin);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-ct-platforms-'));
    const up = await Promise.all(platforms.map((p) => labUp({ platform: p, name: labName(p), diskMb: 64 })));
    for (const l of up) labs.set(l.platform, l);
    for (const l of up) {
      await loadBusybox(l.name, join(home, `${l.platform}.tar`), IMAGE);
      const cli = l.endpoints.xrCli!;
      expect((await xrcl(['target', 'add', l.platform, '--platform', l.platform, '--host', l.labAddress, '--user', cli.user!, '--password-stdin'], cli.password!)).status).toBe(0);
      const ob = await xrcl(['onboard', l.platform, '--new-user', 'cisco', '--new-password-stdin', '--accept-new', '--json'], 'ct pass 1');
      expect(ob.status, ob.stderr).toBe(0);
    }
  });

  afterAll(async () => {
    await Promise.all(platforms.map((p) => labDown({ name: labName(p) }).catch(() => undefined)));
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('ncs5500: a mount from /misc/app_host works; one from elsewhere is refused before anything runs, and so is memory above 1g', async () => {
    const lab = labs.get('ncs5500')!;
    expect((await labExec(lab.name, ['sh', '-c', 'mkdir -p /misc/app_host/ct-data && echo from-app-host > /misc/app_host/ct-data/file'])).code).toBe(0);
    const ok = await xrcl(['container', 'run', 'ncs5500', IMAGE, '--name', 'ct-mount', '--mount', '/misc/app_host/ct-data:/data:ro', '--memory', '256m', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(jsonOf<{ command: string }>(ok).command).toContain('--memory 256m -v /misc/app_host/ct-data:/data:ro');
    const read = await xrcl(['container', 'exec', 'ncs5500', 'ct-mount', '--', 'cat', '/data/file']);
    expect(read.stdout.trim()).toBe('from-app-host');

    const elsewhere = await xrcl(['container', 'run', 'ncs5500', IMAGE, '--name', 'ct-home', '--mount', '/root:/data', '--json']);
    expect(elsewhere.status).toBe(1);
    expect(jsonOf<{ error: { code: string; message: string } }>(elsewhere).error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('sees only /misc/app_host') });
    const big = await xrcl(['container', 'run', 'ncs5500', IMAGE, '--name', 'ct-big', '--memory', '2g', '--json']);
    expect(jsonOf<{ error: { message: string } }>(big).error.message).toContain("above this platform's cap of 1g");
    // Nothing was created for either.
    const names = (await dockerCli(lab.dockerSocket, ['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n');
    expect(names).not.toContain('ct-home');
    expect(names).not.toContain('ct-big');
  });

  it('ncs5500: the shell in a container asks sudo for the login\'s password, answered by the app, never shown', async () => {
    const services: AppServices = createServices({ shell: 'web', version: 't', dataDir: home, openStore: (o) => new Conf(o) as unknown as KeyValueStore });
    try {
      let seen = '';
      services.hub.on('session.data', (c) => {
        seen += c.data;
      });
      // cisco has no NOPASSWD, and sudo keeps its credentials per terminal: a new pty asks.
      // The command is typed at once, before sudo asks: it must wait, not be read as the password.
      const view = await services.handlers['containers.shell']({ target: 'ncs5500', name: 'ct-mount', cols: 80, rows: 24 });
      await services.handlers['sessions.write']({ id: view.id, data: 'cat /data/file\r' });
      await waitFor(() => seen.includes('from-app-host'), { timeoutMs: 15_000, what: 'the command typed in the container\'s shell' }).catch((e: Error) => {
        throw new Error(`${e.message}; the terminal showed: ${JSON.stringify(seen)}`);
      });
      expect(seen).not.toContain('ct pass 1');
      expect(seen).not.toMatch(/XRCL-SUDO/);
      await services.handlers['sessions.close']({ id: view.id });
    } finally {
      services.dispose();
    }
  });

  it('asr9k: the daemon runs in the XR VM, so any path can be mounted', async () => {
    const lab = labs.get('asr9k')!;
    expect((await labExec(lab.name, ['sh', '-c', 'mkdir -p /var/tmp/ct-data && echo from-xr-vm > /var/tmp/ct-data/file'])).code).toBe(0);
    const r = await xrcl(['container', 'run', 'asr9k', IMAGE, '--name', 'ct-mount', '--mount', '/var/tmp/ct-data:/data', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect((await xrcl(['container', 'exec', 'asr9k', 'ct-mount', '--', 'cat', '/data/file'])).stdout.trim()).toBe('from-xr-vm');
    const check = jsonOf<{ reachesRouterNetwork: boolean; interfaces: Array<{ name: string; addresses: string[] }> }>(await xrcl(['container', 'check', 'asr9k', 'ct-mount', '--json']));
    expect(check.reachesRouterNetwork).toBe(true);
    expect(check.interfaces.some((i) => i.addresses.includes(`${lab.labAddress}/24`))).toBe(true);
  });
});
