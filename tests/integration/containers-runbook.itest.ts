// The runbook export as a user would use it: after xrcl ran a container on one practice router,
// the exported Markdown, replayed line by line with stock OpenSSH (sshpass) against a fresh
// router, gives the same running container (same image, command, mount and capability), and
// the sample web server answers there too. Each xrcl run is its own process: the records come
// from the data folder's journal, not from one process's memory.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp, type LabInfo } from '../lab/lab-api';
import { dockerCli, labSuiteSkipReason, removeKnownHosts, sshRun } from '../lab/stock-clients';
import { testImageProblem } from '../lab/test-images';
import { waitFor } from '../support/wait-for';
import { jsonOf, runXrcl } from '../support/xrcl-process';
import { loadBusybox } from './support/container-images';

const skip = labSuiteSkipReason() ?? testImageProblem();
const id = process.pid.toString(36);
const [FIRST, FRESH] = [`ct-rb1-${id}`, `ct-rb2-${id}`];
const IMAGE = 'ct/busybox:1';

/** The commands of the runbook's root XR shell sections, in order, as written. */
function rootShellCommands(markdown: string): string[] {
  const out: string[] = [];
  let inRootSection = false;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) inRootSection = / \(root\)$/.test(line) && line.includes('In the XR shell');
    if (inRootSection && /^`{3,}sh$/.test(line)) {
      const fence = line.slice(0, -2);
      for (i++; lines[i] !== fence; i++) out.push(lines[i]!);
    }
  }
  return out;
}

describe.skipIf(skip !== null)(`runbook export replayed by hand${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let first: LabInfo;
  let fresh: LabInfo;
  let home: string;
  const xrcl = (args: string[], stdin?: string) => runXrcl(home, args, stdin);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-runbook-'));
    [first, fresh] = await Promise.all([labUp({ platform: 'vagrant', name: FIRST }), labUp({ platform: 'vagrant', name: FRESH })]);
    // The image reaches each router the same way (delivery is not what this suite is about).
    await Promise.all([loadBusybox(FIRST, join(home, 'a.tar'), IMAGE), loadBusybox(FRESH, join(home, 'b.tar'), IMAGE)]);
  });

  afterAll(async () => {
    await Promise.all([labDown({ name: FIRST }).catch(() => undefined), labDown({ name: FRESH }).catch(() => undefined)]);
    removeKnownHosts();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('replayed with ssh on a fresh router, gives the same running container', async () => {
    const cli = first.endpoints.xrCli!;
    expect((await xrcl(['target', 'add', 'rtr', '--platform', 'vagrant', '--host', first.labAddress, '--user', cli.user!, '--password-stdin'], cli.password!)).status).toBe(0);
    expect((await xrcl(['target', 'test', 'rtr', '--accept-new'])).status).toBe(0);
    const run = await xrcl(['container', 'run', 'rtr', IMAGE, '--name', 'ct-web', '--restart', 'unless-stopped', '--memory', '64m', '--', 'nsenter', '--net=/var/run/netns/global-vrf', 'httpd', '-f', '-p', '8080', '-h', '/etc']);
    expect(run.status, run.stderr).toBe(0);
    expect((await xrcl(['container', 'check', 'rtr', 'ct-web'])).status).toBe(0);

    const file = join(home, 'runbook.md');
    const exported = await xrcl(['runbook', 'export', '-o', file, '--json']);
    expect(exported.status, exported.stderr).toBe(0);
    const markdown = readFileSync(file, 'utf8');
    expect(jsonOf<{ commands: number }>(exported).commands).toBeGreaterThan(3);
    expect(markdown).toContain(`ssh -p 57722 ${cli.user}@${first.labAddress}\`, then \`sudo -i\``);
    const commands = rootShellCommands(markdown);
    expect(commands.some((c) => c.startsWith('docker run -itd --name ct-web'))).toBe(true);

    // By hand: ssh to the fresh router's XR shell, sudo -i, then type each line in order.
    const shell = fresh.endpoints.xrShell!;
    const replay = await sshRun({ host: fresh.labAddress, port: shell.port, user: shell.user, password: shell.password }, 'sudo -i', { input: `${commands.join('\n')}\n` });
    expect(replay.code, replay.stderr).toBe(0);

    const inspect = async (lab: LabInfo) => {
      const r = await dockerCli(lab.dockerSocket, ['inspect', '--format', '{{json .Config.Image}} {{json .Config.Cmd}} {{json .HostConfig.CapAdd}} {{json .HostConfig.Binds}} {{json .HostConfig.RestartPolicy.Name}} {{.HostConfig.Memory}} {{.State.Running}}', 'ct-web']);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const there = await inspect(fresh);
    expect(there).toBe(await inspect(first));
    expect(there.endsWith(' true')).toBe(true);
    const body = await waitFor(async () => {
      const res = await fetch(`http://${fresh.labAddress}:8080/xrcl-image`, { signal: AbortSignal.timeout(2000) });
      return res.ok && (await res.text());
    }, { timeoutMs: 20_000, what: `the replayed web server on ${fresh.labAddress}:8080` });
    expect(body.trim()).toBe(IMAGE);
  });
});
