// `xrcl target test` and `xrcl known-hosts forget` against a real OpenSSH sshd: the host key is
// shown before it is trusted, trusted on first use only when asked, a changed key is refused
// with both fingerprints, and forgetting lets it be trusted again only when accepted.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTest } from '../../src-shared/types/targets';
import { jsonOf, runXrcl } from '../support/xrcl-process';
import { createTestUser, freePort, keygen, sshdSkipReason, startSshd, type TestSshd, type TestUser } from './support/test-sshd';

const skip = sshdSkipReason();
const PASSWORD = `dev 'box" pw;$(touch /tmp/xrcl-pwned)`;

describe.skipIf(skip !== null)(`xrcl target test against real sshd${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let sshd: TestSshd;
  let user: TestUser;
  let home: string;
  let serverFingerprint: string;
  const xrcl = (args: string[], stdin?: string) => runXrcl(home, args, stdin);
  const fingerprint = (pubLine: string): string => {
    const f = join(home, 'fp.pub');
    writeFileSync(f, `${pubLine}\n`);
    return execFileSync('ssh-keygen', ['-lf', f], { encoding: 'utf8' }).split(' ')[1] as string;
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-target-test-'));
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    user = createTestUser(PASSWORD);
    serverFingerprint = fingerprint(sshd.hostPubs[0] as string);
    const add = await xrcl(['target', 'add', 'dev', '--platform', 'devbox', '--host', '127.0.0.1', '--shell-port', String(sshd.port), '--user', user.name, '--password-stdin'], PASSWORD);
    expect(add.status, add.stderr).toBe(0);
  });

  afterAll(async () => {
    user?.remove();
    await sshd?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('shows an unknown key with its SHA256 fingerprint and does not trust it or log in', async () => {
    const r = await xrcl(['target', 'test', 'dev', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const shell = jsonOf<ConnectionTest>(r).endpoints.xrShell;
    expect(shell).toMatchObject({ reachable: true, trusted: false, login: 'skipped', hostKey: { type: 'ED25519', fingerprint: serverFingerprint } });
    expect(readFileSyncOrEmpty(join(home, 'known_hosts'))).toBe('');
  });

  it('--accept-new trusts it on first use, logs in with the stored password, and OpenSSH can read the entry', async () => {
    const r = await xrcl(['target', 'test', 'dev', '--accept-new', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(jsonOf<ConnectionTest>(r).endpoints.xrShell).toMatchObject({ trusted: true, login: 'ok' });
    const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', join(home, 'known_hosts')], { encoding: 'utf8' });
    expect(found).toContain(`[127.0.0.1]:${sshd.port}`);
    const again = jsonOf<ConnectionTest>(await xrcl(['target', 'test', 'dev', '--json'])).endpoints.xrShell;
    expect(again).toMatchObject({ trusted: true, login: 'ok' });
  });

  it('refuses a changed key with both fingerprints, even with --accept-new; forget, then trust again only when accepted', async () => {
    // The router was "rebuilt": the key on record is not the one it presents now.
    const old = keygen(home, 'old_host_key', 'ed25519');
    const oldFingerprint = fingerprint(old.pub);
    writeFileSync(join(home, 'known_hosts'), `[127.0.0.1]:${sshd.port} ${old.pub.split(' ').slice(0, 2).join(' ')}\n`);
    for (const extra of [[], ['--accept-new']]) {
      const r = await xrcl(['target', 'test', 'dev', '--json', ...extra]);
      expect(r.status).toBe(1);
      const { error } = jsonOf<{ error: { message: string; fix: string; code: string } }>(r);
      expect(error.code).toBe('HOST_KEY_CHANGED');
      expect(error.message).toMatch(/host key changed/i);
      expect(error.message).toContain(oldFingerprint);
      expect(error.message).toContain(serverFingerprint);
      expect(error.fix).toContain('xrcl known-hosts forget dev');
    }
    const forget = await xrcl(['known-hosts', 'forget', 'dev', '--json']);
    expect(jsonOf(forget)).toEqual({ target: 'dev', removed: 1 });
    expect(jsonOf<ConnectionTest>(await xrcl(['target', 'test', 'dev', '--json'])).endpoints.xrShell).toMatchObject({ trusted: false, login: 'skipped' });
    expect(jsonOf<ConnectionTest>(await xrcl(['target', 'test', 'dev', '--json', '--accept-new'])).endpoints.xrShell).toMatchObject({ trusted: true, login: 'ok' });
  });

  it('reports a wrong password as a failed login, and nothing listening as unreachable, fast', async () => {
    expect((await xrcl(['target', 'add', 'wrongpw', '--platform', 'devbox', '--host', '127.0.0.1', '--shell-port', String(sshd.port), '--user', user.name, '--password-stdin'], 'not the password')).status).toBe(0);
    const bad = jsonOf<ConnectionTest>(await xrcl(['target', 'test', 'wrongpw', '--json'])).endpoints.xrShell;
    expect(bad).toMatchObject({ reachable: true, trusted: true, login: 'failed', error: { code: 'AUTH_FAILED' } });

    const closed = await freePort();
    expect((await xrcl(['target', 'add', 'nothing', '--platform', 'devbox', '--host', '127.0.0.1', '--shell-port', String(closed), '--user', 'x'])).status).toBe(0);
    const started = Date.now();
    const none = jsonOf<ConnectionTest>(await xrcl(['target', 'test', 'nothing', '--json'])).endpoints.xrShell;
    expect(none).toMatchObject({ reachable: false, error: { code: 'CONNECTION_REFUSED' } });
    expect(none?.error?.fix).toMatch(/Check the address and port/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps the password out of every file but the sealed store', async () => {
    const grep = spawnSync('grep', ['-rlF', '--', 'box" pw', home], { encoding: 'utf8' });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1);
  });
});

function readFileSyncOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
