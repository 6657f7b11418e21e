// Onboarding against the practice router lab (real OpenSSH, real sudo and adduser, real
// dockerd; the XR CLI emulated), driven as a user would through xrcl: from a fresh NCS5500 and
// ASR9k that answer only on the XR CLI, to `docker ps` as the new user over 57722; a second run
// changes nothing; hostile names are refused before anything changes; passwords never leak.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OnboardingResult } from '../../src-shared/types/targets';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { jsonOf, runXrcl, type XrclRun } from '../support/xrcl-process';

const skip = labSuiteSkipReason();
const NEW_PASSWORD = `pa ss'"$(touch /tmp/xrcl-pwned);\`id\``;
const platforms = ['ncs5500', 'asr9k'] as const;

describe.skipIf(skip !== null)(`onboarding through xrcl against the practice lab${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const labs = new Map<string, LabInfo>();
  let home: string;
  const xrcl = (args: string[], stdin?: string): Promise<XrclRun> => runXrcl(home, args, stdin);
  const leaks: string[] = [];
  let sampler: NodeJS.Timeout | null = null;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-onboarding-'));
    await Promise.all(platforms.map((p) => labDown({ name: `ob-${p}` }).catch(() => undefined)));
    const up = await Promise.all(platforms.map((p) => labUp({ platform: p, name: `ob-${p}`, diskMb: 64 })));
    for (const l of up) labs.set(l.platform, l);
    for (const l of up) {
      const cli = l.endpoints.xrCli!;
      const add = await xrcl(['target', 'add', l.platform, '--platform', l.platform, '--host', l.labAddress, '--user', cli.user ?? 'root', '--password-stdin'], cli.password ?? '');
      expect(add.status, add.stderr).toBe(0);
    }
    // While onboarding runs, no process on this machine may carry the new password in its arguments.
    sampler = setInterval(() => {
      for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
        try {
          if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('$(touch /tmp/xrcl-pwned)')) leaks.push(pid);
        } catch {
          /* gone */
        }
      }
    }, 50);
  });

  afterAll(async () => {
    if (sampler) clearInterval(sampler);
    await Promise.all(platforms.map((p) => labDown({ name: `ob-${p}` }).catch(() => undefined)));
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('refuses a user name the router would not take exactly, before anything changes', async () => {
    const r = await xrcl(['onboard', 'ncs5500', '--new-user', "o'brien;reboot", '--new-password-stdin', '--accept-new', '--json'], 'x');
    expect(r.status).toBe(1);
    expect(jsonOf<{ error: { code: string; fix: string } }>(r).error).toMatchObject({ code: 'BAD_INPUT' });
    const sudoers = await labExec('ob-ncs5500', ['grep', '-c', '^# %sudo', '/etc/sudoers']);
    expect(sudoers.stdout.trim()).toBe('1');
  });

  for (const platform of platforms) {
    it(`${platform}: from the XR CLI alone to docker ps over 57722 as the new user; a second run changes nothing`, async () => {
      const lab = labs.get(platform)!;
      const first = await xrcl(['onboard', platform, '--new-user', 'cisco', '--new-password-stdin', '--accept-new', '--json'], NEW_PASSWORD);
      expect(first.status, first.stderr).toBe(0);
      const result = jsonOf<OnboardingResult>(first);
      expect(result.steps.map((s) => s.id)).toEqual(['rsa-keys', 'ssh-server', 'sudoers', 'sudo-user', 'sshd-operns', 'shell-docker']);
      expect(result.steps.filter((s) => s.changed).map((s) => s.id)).toEqual(['rsa-keys', 'ssh-server', 'sudoers', 'sudo-user', 'sshd-operns']);
      expect(result.shell).toEqual({ host: lab.labAddress, port: 57722, user: 'cisco' });
      // What the user asked for is on the router: the user in the sudo group, the %sudo line.
      expect((await labExec(lab.name, ['id', '-nG', 'cisco'])).stdout).toMatch(/\bsudo\b/);
      expect((await labExec(lab.name, ['grep', '-c', '^%sudo', '/etc/sudoers'])).stdout.trim()).toBe('1');
      // The log on stderr shows the commands, never the password.
      expect(first.stderr).toContain('$ service sshd_operns start');
      expect(first.stderr).not.toContain(NEW_PASSWORD);

      const second = await xrcl(['onboard', platform, '--new-user', 'cisco', '--new-password-stdin', '--json'], NEW_PASSWORD);
      expect(second.status, second.stderr).toBe(0);
      expect(jsonOf<OnboardingResult>(second).steps.every((s) => !s.changed)).toBe(true);

      // The saved shell login works for scripts: as the user, and as root through sudo -i.
      const who = await xrcl(['exec', platform, '--shell', 'id -un', '--json']);
      expect(jsonOf<{ output: string; exitStatus: number }>(who)).toEqual({ output: 'cisco\n', exitStatus: 0 });
      const docker = await xrcl(['exec', platform, '--shell', '--root', 'docker ps --format "{{.ID}}" && echo ok']);
      expect(docker.status, docker.stderr).toBe(0);
      expect(docker.stdout).toContain('ok');
      const failing = await xrcl(['exec', platform, '--shell', 'exit 3']);
      expect(failing.status).toBe(3);
      const show = await xrcl(['exec', platform, '--cli', 'show running-config ssh', '--json']);
      expect(jsonOf<{ output: string }>(show).output).toContain('ssh server v2');
    });
  }

  it('left no password in any process list, and nothing ran the password as a command', async () => {
    expect(leaks).toEqual([]);
    for (const platform of platforms) {
      const pwned = await labExec(`ob-${platform}`, ['sh', '-c', 'ls /tmp/xrcl-pwned 2>/dev/null | wc -l']);
      expect(pwned.stdout.trim()).toBe('0');
    }
  });
});
