// An SSH shell session against a real sshd: typed text comes back, resize reaches the remote
// terminal, UTF-8 survives chunking, and the exit status is reported.
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionManager, type SessionEvent } from '../../src-main/services/sessions/session-manager';
import { KnownHosts } from '../../src-main/services/ssh/known-hosts';
import { connectSsh, type SshConnection } from '../../src-main/services/ssh/ssh-connection';
import { waitFor } from '../support/wait-for';
import { createTestUser, sshdSkipReason, startSshd, type TestSshd, type TestUser } from './support/test-sshd';

const skip = sshdSkipReason();

describe.skipIf(skip !== null)(`SSH shell session against real sshd${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let sshd: TestSshd;
  let user: TestUser;
  let dir: string;
  let conn: SshConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xrcl-session-'));
    sshd = await startSshd();
    user = createTestUser('session-pass');
    const profile = join(user.home, '.bash_profile');
    writeFileSync(profile, "PS1='ncs5508:~$ '\n");
    const uid = Number(execFileSync('id', ['-u', user.name], { encoding: 'utf8' }).trim());
    chownSync(profile, uid, uid);
    conn = await connectSsh(
      { host: '127.0.0.1', port: sshd.port, username: user.name, auth: { password: 'session-pass' }, acceptNewHostKey: true },
      { knownHosts: new KnownHosts(join(dir, 'known_hosts')) },
    );
  });
  afterAll(async () => {
    conn?.close();
    user?.remove();
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('echo hi comes back, stty size follows resize, UTF-8 stays whole, exit 3 is reported', async () => {
    const events: SessionEvent[] = [];
    const mgr = new SessionManager((e) => events.push(e));
    const info = await mgr.openSshShell(conn, { cols: 80, rows: 24 });
    expect(info).toMatchObject({ kind: 'ssh', title: `${user.name}@127.0.0.1:${sshd.port}`, exited: null });
    const out = (): string => events.filter((e) => e.type === 'data').map((e) => (e.type === 'data' ? e.data : '')).join('');
    await waitFor(() => out().includes('ncs5508:~$ '), { timeoutMs: 10_000, what: 'the shell prompt' });

    mgr.write(info.id, 'echo h""i\r');
    // What a person sees: the line `hi` (bash wraps its prompt in bracketed-paste sequences).
    const seen = (): string => out().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    await waitFor(() => /\n\r?hi\r\n/.test(seen()), { timeoutMs: 10_000, what: 'hi to come back' });

    mgr.resize(info.id, 132, 43);
    mgr.write(info.id, 'stty size\r');
    await waitFor(() => out().includes('43 132'), { timeoutMs: 10_000, what: 'stty size to show 43 132' });

    mgr.write(info.id, "for i in $(seq 1 20000); do printf 'é€😀'; done; echo; echo DONE-$((40+2))\r");
    await waitFor(() => out().includes('DONE-42'), { timeoutMs: 30_000, what: 'the UTF-8 output' });
    expect(out()).not.toContain('\uFFFD');
    expect(out()).toContain('é€😀'.repeat(20000));

    mgr.write(info.id, 'exit 3\r');
    await waitFor(() => events.find((e) => e.type === 'exited'), { timeoutMs: 10_000, what: 'the session to end' });
    expect(events.find((e) => e.type === 'exited')).toMatchObject({ id: info.id, exit: { code: 3 } });
    mgr.close(info.id);
    expect(mgr.list()).toEqual([]);
    // The connection itself stays usable for other work.
    expect((await conn.exec('echo still')).output).toBe('still\n');
  });
});
