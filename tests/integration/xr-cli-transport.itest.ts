// The XR CLI transport against the project's emulated XR CLI (real SSH server, XR's prompts,
// timestamps, dialogs, commit semantics), on the NCS5500 and ASR9k prompt shapes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../src-main/services/events/event-hub';
import { KnownHosts } from '../../src-main/services/ssh/known-hosts';
import { SshPool } from '../../src-main/services/ssh/ssh-pool';
import type { SshTarget } from '../../src-main/services/ssh/ssh-target';
import { XrCliTransport } from '../../src-main/services/ssh/xr-cli-transport';
import { TaskManager } from '../../src-main/services/tasks/task-manager';
import { CommandRecorder } from '../../src-main/services/transport/command-recorder';
import { loggedRun } from '../../src-main/services/transport/logged-run';
import { startXrCli, type XrCliServer, type XrPlatform } from '../lab/xr-cli/xr-cli-server';
import { findCommand } from '../lab/lab-prereqs';
import { failure } from './support/failure';

const HAVE_KEYGEN = findCommand('ssh-keygen') !== null;
const USER = 'cisco';
const PASS = `cisco "pw"; $(x)`;

const platforms: { platform: XrPlatform; hostname: string; exec: string }[] = [
  { platform: 'ncs5500', hostname: 'ncs5508', exec: 'RP/0/RP0/CPU0:ncs5508#' },
  { platform: 'asr9k', hostname: 'asr9k', exec: 'RP/0/RSP1/CPU0:asr9k#' },
];

describe.skipIf(!HAVE_KEYGEN)('XR CLI transport against the emulated XR CLI', () => {
  let dir: string;
  let hostKey: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xrcl-xrcli-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    hostKey = readFileSync(join(dir, 'host_key'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe.each(platforms)('$platform', ({ platform, hostname, exec }) => {
    let server: XrCliServer;
    let pool: SshPool;
    let xr: XrCliTransport;
    beforeAll(async () => {
      server = await startXrCli({
        listen: { host: '127.0.0.1', port: 0 },
        hostKeys: [hostKey],
        platform,
        hostname,
        authenticate: (u, p) => u === USER && p === PASS,
        stateFile: join(dir, platform, 'xr-config.json'),
        shell: { file: '/bin/sh', args: [], env: { PATH: '/usr/bin:/bin' }, cwd: dir },
      });
      pool = new SshPool({ knownHosts: new KnownHosts(join(dir, `kh-${platform}`)) });
      const target: SshTarget = { host: '127.0.0.1', port: server.port, username: USER, auth: { password: PASS }, acceptNewHostKey: true };
      xr = new XrCliTransport({ pool, target });
    });
    afterAll(async () => {
      xr?.close();
      pool?.closeAll();
      await server?.close();
    });

    it('logs in, sets the terminal up, and returns output without echo, timestamp or prompt', async () => {
      const r = await xr.run('show version');
      expect(xr.prompt).toBe(exec);
      expect(r.exitStatus).toBe(0);
      expect(r.output).toContain('Cisco IOS XR Software, Version 6.1.2');
      expect(r.output).not.toContain('show version');
      expect(r.output).not.toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) /m);
      expect(r.output).not.toContain('CPU0:');
      expect(r.output).not.toContain('\r');
    });

    it('turns % Invalid input into an AppError with the command and the caret column', async () => {
      const err = await failure(xr.run('show runnning-config'));
      expect(err).toMatchObject({ code: 'XR_INVALID_INPUT', command: 'show runnning-config' });
      expect(err.message).toContain('column 6 ("runnning-config")');
      // The session is still usable.
      expect((await xr.run('show running-config hostname')).output).toContain(`hostname ${hostname}`);
    });

    it('configure commits the lines, logging each one as typed', async () => {
      const tasks = new TaskManager(new EventHub());
      const recorder = new CommandRecorder();
      const { id, done } = tasks.start({ title: 'ssh', kind: 'test', run: (ctx) => xr.configure(['ssh server v2', 'ssh server vrf default'], { task: ctx, recorder }) });
      await done;
      expect(xr.prompt).toBe(exec);
      const run = await xr.run('show running-config ssh');
      expect(run.output).toContain('ssh server v2\nssh server vrf default\n');
      const log = tasks.logOf(id);
      for (const l of ['configure', 'ssh server v2', 'ssh server vrf default', 'commit', 'end']) expect(log).toContain(`$ ${l}\r\n`);
      expect(recorder.list().map((r) => r.command)).toEqual(['configure', 'ssh server v2', 'ssh server vrf default', 'commit', 'end']);
      expect(recorder.list().every((r) => r.place === 'XR CLI')).toBe(true);
    });

    it('a failed commit reads show configuration failed, aborts, and applies nothing', async () => {
      const err = await failure(
        xr.configure(['interface Loopback7', 'ipv4 address 198.18.7.7 255.255.255.255', 'tpa', 'address-family ipv4', 'update-source gigabitEthernet 0/0/0/9']),
      );
      expect(err.code).toBe('CONFIG_COMMIT_FAILED');
      expect(err.detail).toContain('update-source GigabitEthernet0/0/0/9');
      expect(err.detail).toContain('!!%');
      expect(xr.prompt).toBe(exec);
      expect((await xr.run('show running-config interface')).output).not.toContain('Loopback7');
    });

    it('a rejected config line aborts the candidate and names the column', async () => {
      const err = await failure(xr.configure(['interface Loopback8', 'frobnicate now']));
      expect(err).toMatchObject({ code: 'XR_INVALID_INPUT', command: 'frobnicate now' });
      expect(err.message).toContain('column 1');
      expect(xr.prompt).toBe(exec);
      expect((await xr.run('show running-config interface')).output).not.toContain('Loopback8');
    });

    it('answers the crypto key dialogs: the modulus, then "replace them? [yes/no]"', async () => {
      const first = await xr.run('crypto key generate rsa');
      expect(first.output).toContain('Done w/ crypto generate keypair');
      const key1 = (await xr.run('show crypto key mypubkey rsa')).output;
      expect(key1).toContain('Size     : 2048');
      const again = await xr.run('crypto key generate rsa', { answers: { yesNo: 'yes', modulusBits: 4096 } });
      expect(again.output).toContain('Done w/ crypto generate keypair');
      expect((await xr.run('show crypto key mypubkey rsa')).output).toContain('Size     : 4096');
    });

    it('follows a new (long) host name: prompts are not anchored on it', async () => {
      await xr.configure(['hostname lab-router-with-a-rather-long-name-01']);
      expect(xr.prompt).toContain('lab-router-with-a-rather-long-name-01#');
      expect((await xr.run('show running-config hostname')).output).toContain('hostname lab-router-with-a-rather-long-name-01');
      await xr.configure([`hostname ${hostname}`]);
      expect(xr.prompt).toBe(exec);
    });

    it('streams long output line by line through loggedRun', async () => {
      const chunks: string[] = [];
      const r = await loggedRun(xr, 'show running-config', {}, { onOutput: (t) => chunks.push(t) });
      expect(chunks.join('')).toBe(r.output);
      expect(r.output.startsWith('Building configuration...\n')).toBe(true);
    });

    it('reconnects on the next command after the router dropped the session', async () => {
      server.dropConnections();
      await failure(xr.run('show version', { timeoutMs: 5000 })).catch(() => undefined);
      expect((await xr.run('show running-config hostname')).output).toContain(`hostname ${hostname}`);
    });
  });
});
