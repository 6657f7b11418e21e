// The XR shell transport against a real sshd and a real sudo user: commands as the login user,
// and as root through `sudo -i` with a password full of shell metacharacters.
import { existsSync, mkdtempSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../src-main/services/events/event-hub';
import { PromptCenter, type PromptEvent } from '../../src-main/services/prompts/prompt-center';
import { KnownHosts } from '../../src-main/services/ssh/known-hosts';
import { SshPool } from '../../src-main/services/ssh/ssh-pool';
import type { SshTarget } from '../../src-main/services/ssh/ssh-target';
import { XrShellTransport } from '../../src-main/services/ssh/xr-shell-transport';
import { TaskManager } from '../../src-main/services/tasks/task-manager';
import { CommandRecorder } from '../../src-main/services/transport/command-recorder';
import { loggedRun } from '../../src-main/services/transport/logged-run';
import { failure } from './support/failure';
import { createTestUser, keygen, sshdSkipReason, startSshd, type TestSshd, type TestUser } from './support/test-sshd';

const skip = sshdSkipReason() ?? (existsSync('/usr/bin/sudo') ? null : 'sudo is not installed');
const PWNED = '/tmp/xrcl-sudo-pwned';
const PASSWORD = `it's a "sudo pass"; $(touch ${PWNED}) \`touch ${PWNED}\` end`;

describe.skipIf(skip !== null)(`XR shell transport against real sshd and sudo${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let sshd: TestSshd;
  let sudoer: TestUser;
  let plain: TestUser;
  let dir: string;
  let pool: SshPool;
  const target = (u: TestUser, password = PASSWORD): SshTarget => ({
    host: '127.0.0.1',
    port: sshd.port,
    username: u.name,
    auth: { password },
    acceptNewHostKey: true,
  });
  /** XR's login noise and user prompt (D612), from the account's own profile. */
  const xrProfile = (u: TestUser): void => {
    const f = join(u.home, '.bash_profile');
    writeFileSync(f, `echo '-sh: /var/log/boot.log: Permission denied' >&2\necho 'Last login: from 10.0.2.2'\nPS1='ncs5508:~$ '\n`);
    const uid = Number(execFileSync('id', ['-u', u.name], { encoding: 'utf8' }).trim());
    chownSync(f, uid, uid);
  };

  beforeAll(async () => {
    rmSync(PWNED, { force: true });
    dir = mkdtempSync(join(tmpdir(), 'xrcl-xrshell-'));
    sshd = await startSshd();
    sudoer = createTestUser(PASSWORD, { sudo: true });
    plain = createTestUser('plain-pass');
    xrProfile(sudoer);
    xrProfile(plain);
    pool = new SshPool({ knownHosts: new KnownHosts(join(dir, 'known_hosts')) });
  });
  afterAll(async () => {
    pool?.closeAll();
    sudoer?.remove();
    plain?.remove();
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs commands as the login user on an exec channel, with exit status and stdin', async () => {
    const t = new XrShellTransport({ pool, target: target(sudoer) });
    expect(t.place).toBe('XR shell');
    expect(t.describe()).toBe(`${sudoer.name}@127.0.0.1:${sshd.port}`);
    expect(await t.run('id -un')).toEqual({ output: `${sudoer.name}\n`, exitStatus: 0 });
    expect((await t.run('exit 7')).exitStatus).toBe(7);
    expect((await t.run('cat', { stdin: 'from stdin\n' })).output).toBe('from stdin\n');
  });

  it('runs as root through sudo -i: exact output and exit status, whatever the password holds', async () => {
    const t = new XrShellTransport({ pool, target: target(sudoer), asRoot: true });
    expect(await t.run('id -u')).toEqual({ output: '0\n', exitStatus: 0 });
    expect(await t.run('printf "no newline"')).toEqual({ output: 'no newline', exitStatus: 0 });
    expect(await t.run("sh -c 'echo to-stderr >&2; exit 42'")).toEqual({ output: 'to-stderr\n', exitStatus: 42 });
    // The root login environment (sudo -i, not plain sudo): HOME is root's.
    expect((await t.run('echo $HOME')).output).toBe('/root\n');
    expect((await t.run('cat', { stdin: 'a "b" $(c)\nline 2\n' })).output).toBe('a "b" $(c)\nline 2\n');
    // One printable line (a password) is typed to `read`, not put in a here-document file: exact, and the status kept.
    expect(await t.run('cat; exit 3', { stdin: `one 'line' "$(touch ${PWNED})" \\n \`id\`` })).toEqual({ output: `one 'line' "$(touch ${PWNED})" \\n \`id\``, exitStatus: 3 });
    expect((await t.run('compgen -v XRCLIN_ | wc -l')).output.trim()).toBe('0');
    expect(existsSync(PWNED)).toBe(false);
    // What the app typed as root stays out of root's shell history.
    const marker = `xrcl-history-probe-${Date.now()}`;
    await t.run(`echo ${marker} >/dev/null`);
    t.close();
    const history = await t.run('cat /root/.bash_history 2>/dev/null; true');
    expect(history.output).not.toContain(marker);
    t.close();
  });

  it('streams long output as it comes, and never shows the sudo password', async () => {
    const tasks = new TaskManager(new EventHub());
    const recorder = new CommandRecorder();
    const t = new XrShellTransport({ pool, target: target(sudoer), asRoot: true });
    const chunks: string[] = [];
    const { id, done } = tasks.start({
      title: 'long output',
      kind: 'test',
      run: (ctx) => loggedRun(t, 'seq 1 20000', { task: ctx, recorder, redact: [PASSWORD] }, { onOutput: (s) => chunks.push(s) }),
    });
    const r = await done;
    const expected = Array.from({ length: 20000 }, (_, i) => `${i + 1}\n`).join('');
    expect(r.output).toBe(expected);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(expected);
    expect(tasks.logOf(id)).not.toContain(PASSWORD);
    expect(tasks.logOf(id)).not.toContain('XRCL');
    expect(recorder.list()[0]).toMatchObject({ place: 'XR shell', command: 'seq 1 20000', exitStatus: 0 });
    t.close();
  });

  it('a command that times out is stopped, and the next one gets a fresh root shell', async () => {
    const t = new XrShellTransport({ pool, target: target(sudoer), asRoot: true });
    expect((await failure(t.run('sleep 30', { timeoutMs: 500 }))).code).toBe('TIMEOUT');
    expect((await t.run('id -u')).output).toBe('0\n');
    t.close();
  });

  it('answers the bare `Password: ` prompt XR\'s sudo shows, and serves a devbox the same way', async () => {
    const xrLike = createTestUser(PASSWORD, { sudo: true, sudoPrompt: 'Password: ' });
    try {
      const t = new XrShellTransport({ pool, target: target(xrLike), asRoot: true, place: 'devbox' });
      expect(t.place).toBe('devbox');
      expect(await t.run('id -u')).toEqual({ output: '0\n', exitStatus: 0 });
      t.close();
    } finally {
      xrLike.remove();
    }
  });

  it('logged in by key: asks for the sudo password through the prompt center, or needs none (NOPASSWD)', async () => {
    const key = keygen(dir, `user_key_${Date.now()}`, 'ed25519');
    const asking = createTestUser(PASSWORD, { sudo: true, authorizedKeys: [key.pub] });
    const vagrantLike = createTestUser('unused-pass', { sudo: 'nopasswd', authorizedKeys: [key.pub] });
    try {
      const byKey = (u: TestUser): SshTarget => ({ ...target(u), auth: { privateKey: key.key } });
      const events: PromptEvent[] = [];
      const prompts: PromptCenter = new PromptCenter((e) => {
        events.push(e);
        if (e.type === 'asked') queueMicrotask(() => prompts.answer(e.prompt.id, PASSWORD));
      });
      const t1 = new XrShellTransport({ pool, target: byKey(asking), asRoot: true, prompts });
      expect(await t1.run('id -u')).toEqual({ output: '0\n', exitStatus: 0 });
      expect(events[0]).toMatchObject({ type: 'asked', prompt: { kind: 'password' } });
      expect(JSON.stringify(events)).not.toContain(PASSWORD);
      t1.close();
      events.length = 0;
      // Without a password or a way to ask, the error says what is missing.
      const t0 = new XrShellTransport({ pool, target: byKey(asking), asRoot: true });
      expect(await failure(t0.run('id -u'))).toMatchObject({ code: 'SUDO_PASSWORD_NEEDED' });
      const t2 = new XrShellTransport({ pool, target: byKey(vagrantLike), asRoot: true, prompts });
      expect(await t2.run('id -u')).toEqual({ output: '0\n', exitStatus: 0 });
      expect(events).toEqual([]); // sudo never asked, so neither did the app
      t2.close();
    } finally {
      asking.remove();
      vagrantLike.remove();
    }
  });

  it('says so when sudo refuses: wrong password, or a user without sudo rights', async () => {
    const wrong = new XrShellTransport({ pool, target: target(sudoer), asRoot: true, sudoPassword: 'wrong-sudo-pw' });
    const e1 = await failure(wrong.run('id -u'));
    expect(e1).toMatchObject({ code: 'SUDO_FAILED' });
    expect(e1.message).toContain('did not accept the password');
    expect(JSON.stringify(e1)).not.toContain('wrong-sudo-pw');
    const noSudo = new XrShellTransport({ pool, target: target(plain, 'plain-pass'), asRoot: true });
    const e2 = await failure(noSudo.run('id -u'));
    expect(e2).toMatchObject({ code: 'SUDO_FAILED' });
    expect(e2.fix).toContain('sudoers');
    expect(JSON.stringify(e2)).not.toContain('plain-pass');
  });
});
