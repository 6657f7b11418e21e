// A router reached through the devbox as a jump host, as on a lab network where only the
// devbox is reachable: practice router and devbox from the lab (real OpenSSH on both), driven
// through xrcl. The router's sshd sees the connection come from the devbox's address.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTest } from '../../src-shared/types/targets';
import { labDown, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { jsonOf, runXrcl } from '../support/xrcl-process';

const skip = labSuiteSkipReason();

describe.skipIf(skip !== null)(`jump host through the lab devbox${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let router: LabInfo;
  let devbox: LabInfo;
  let home: string;
  const xrcl = (args: string[], stdin?: string) => runXrcl(home, args, stdin);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-jump-'));
    await Promise.all([labDown({ name: 'jump-rtr' }).catch(() => undefined), labDown({ name: 'jump-devbox' }).catch(() => undefined)]);
    [router, devbox] = await Promise.all([labUp({ platform: 'vagrant', name: 'jump-rtr' }), labUp({ role: 'devbox', name: 'jump-devbox' })]);
    const ssh = devbox.endpoints.ssh!;
    expect((await xrcl(['target', 'add', 'devbox', '--platform', 'devbox', '--host', devbox.labAddress, '--user', ssh.user ?? 'vagrant', '--password-stdin'], ssh.password ?? '')).status).toBe(0);
    const cli = router.endpoints.xrCli!;
    const add = await xrcl(['target', 'add', 'rtr', '--platform', 'vagrant', '--host', router.labAddress, '--user', cli.user ?? 'vagrant', '--jump', 'devbox', '--password-stdin'], cli.password ?? '');
    expect(add.status, add.stderr).toBe(0);
  });

  afterAll(async () => {
    await Promise.all([labDown({ name: 'jump-rtr' }).catch(() => undefined), labDown({ name: 'jump-devbox' }).catch(() => undefined)]);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('tests both endpoints through the devbox, and the router sees the devbox as the client', async () => {
    const test = await xrcl(['target', 'test', 'rtr', '--accept-new', '--json']);
    expect(test.status, test.stderr).toBe(0);
    const { endpoints } = jsonOf<ConnectionTest>(test);
    expect(endpoints.xrCli).toMatchObject({ reachable: true, trusted: true, login: 'ok' });
    expect(endpoints.xrShell).toMatchObject({ reachable: true, trusted: true, login: 'ok' });

    const who = await xrcl(['exec', 'rtr', '--shell', 'echo "$SSH_CLIENT"', '--json']);
    expect(who.status, `${who.stdout} ${who.stderr}`).toBe(0);
    const client = jsonOf<{ output: string }>(who).output.trim().split(' ')[0];
    expect(client).toBe(devbox.labAddress);
    // The remote exit status comes through the tunnel too.
    expect((await xrcl(['exec', 'rtr', '--shell', 'exit 4'])).status).toBe(4);
    const show = await xrcl(['exec', 'rtr', '--cli', 'show version', '--json']);
    expect(jsonOf<{ output: string }>(show).output).toContain('Cisco IOS XR Software');
  });

  it('onboarding the Vagrant box only proves docker: the box has the rest already', async () => {
    const r = await xrcl(['onboard', 'rtr', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { steps, shell } = jsonOf<{ steps: { id: string; changed: boolean }[]; shell: { user: string } }>(r);
    expect(steps).toEqual([expect.objectContaining({ id: 'shell-docker', changed: false })]);
    expect(shell.user).toBe(router.endpoints.xrShell?.user ?? 'vagrant');
  });
});
