// SSH connections against a real OpenSSH sshd and real Linux accounts: host-key trust, the
// login methods, the errors a user sees, old algorithms, jump hosts and reconnect after a drop.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromptCenter, type PromptEvent } from '../../src-main/services/prompts/prompt-center';
import { hostKeyFromBlob } from '../../src-main/services/ssh/host-key-format';
import { KnownHosts } from '../../src-main/services/ssh/known-hosts';
import { connectSsh, type SshDeps } from '../../src-main/services/ssh/ssh-connection';
import { SshPool } from '../../src-main/services/ssh/ssh-pool';
import type { SshTarget } from '../../src-main/services/ssh/ssh-target';
import { waitFor } from '../support/wait-for';
import { failure } from './support/failure';
import { createTestUser, freePort, keygen, sshdSkipReason, startSshd, type TestSshd, type TestUser } from './support/test-sshd';

const skip = sshdSkipReason();
const PASSWORD = `it's a "pass" word; $(touch /tmp/pwned) \`id\``;

describe.skipIf(skip !== null)(`SSH connection against real sshd${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let sshd: TestSshd;
  let user: TestUser;
  let dir: string;
  let userKey: ReturnType<typeof keygen>;
  let agentKey: ReturnType<typeof keygen>;
  let agent: ChildProcess | null = null;
  const agentSock = (): string => join(dir, 'agent.sock');

  const fingerprintOf = (pubLine: string): string => {
    const f = join(dir, `fp-${Math.random().toString(36).slice(2)}.pub`);
    writeFileSync(f, pubLine + '\n');
    return execFileSync('ssh-keygen', ['-lf', f], { encoding: 'utf8' }).split(' ')[1]!;
  };
  const freshDeps = (answer?: boolean): SshDeps & { events: PromptEvent[] } => {
    const events: PromptEvent[] = [];
    const prompts: PromptCenter = new PromptCenter((e) => {
      events.push(e);
      if (e.type === 'asked' && answer !== undefined) queueMicrotask(() => prompts.answer(e.prompt.id, answer));
    });
    return { knownHosts: new KnownHosts(join(dir, `kh-${Math.random().toString(36).slice(2)}`)), prompts, events };
  };
  const target = (extra: Partial<SshTarget> = {}): SshTarget => ({
    host: '127.0.0.1',
    port: sshd.port,
    username: user.name,
    auth: { password: PASSWORD },
    readyTimeoutMs: 10_000,
    ...extra,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xrcl-ssh-itest-'));
    userKey = keygen(dir, 'user_key', 'ed25519', 'key pass phrase');
    agentKey = keygen(dir, 'agent_key', 'ecdsa');
    sshd = await startSshd();
    user = createTestUser(PASSWORD, { authorizedKeys: [userKey.pub, agentKey.pub] });
  });
  afterAll(async () => {
    if (agent?.pid) process.kill(agent.pid, 'SIGTERM');
    user?.remove();
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks about an unknown host key with its type and SHA256 fingerprint, saves it, and does not ask again', async () => {
    const deps = freshDeps(true);
    const conn = await connectSsh(target(), deps);
    const asked = deps.events.find((e) => e.type === 'asked');
    expect(asked?.type === 'asked' && asked.prompt.kind).toBe('hostKey');
    const details = asked?.type === 'asked' ? asked.prompt.details : {};
    expect(details.type).toBe('ED25519');
    expect(details.fingerprint).toBe(fingerprintOf(sshd.hostPubs[0]!));
    expect(await conn.exec('id -un')).toEqual({ output: `${user.name}\n`, exitStatus: 0 });
    expect((await conn.exec('echo out; echo err >&2; exit 3')).exitStatus).toBe(3);
    conn.close();
    expect(execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', deps.knownHosts.path], { encoding: 'utf8' })).toContain('ssh-ed25519');
    deps.events.length = 0;
    const again = await connectSsh(target(), deps);
    expect(deps.events).toEqual([]);
    again.close();
    expect(JSON.stringify(deps.events)).not.toContain(PASSWORD);
  });

  it('trusts keys OpenSSH recorded (ssh-keyscan), without asking', async () => {
    const deps = freshDeps();
    const scanned = execFileSync('ssh-keyscan', ['-p', String(sshd.port), '-t', 'ed25519,rsa', '127.0.0.1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(scanned).toContain(`[127.0.0.1]:${sshd.port} ssh-ed25519 `);
    writeFileSync(deps.knownHosts.path, scanned);
    const conn = await connectSsh(target(), { knownHosts: deps.knownHosts });
    conn.close();
    expect(deps.events).toEqual([]);
  });

  it('asks the server for the key type on record, so a known RSA key is used even where ED25519 is offered', async () => {
    const deps = freshDeps();
    const rsaOnly = execFileSync('ssh-keyscan', ['-p', String(sshd.port), '-t', 'rsa', '127.0.0.1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    writeFileSync(deps.knownHosts.path, rsaOnly);
    const conn = await connectSsh(target(), { knownHosts: deps.knownHosts });
    expect((await conn.exec('echo rsa')).output).toBe('rsa\n');
    conn.close();
  });

  it('without a way to ask, an unknown key is refused with its fingerprint', async () => {
    const deps = freshDeps();
    const err = await failure(connectSsh(target(), { knownHosts: deps.knownHosts }));
    expect(err.code).toBe('HOST_KEY_UNKNOWN');
    expect(err.message).toContain(fingerprintOf(sshd.hostPubs[0]!));
  });

  it('trusts on first use without asking when the caller says acceptNew', async () => {
    const deps = freshDeps();
    const conn = await connectSsh(target({ acceptNewHostKey: true, hashKnownHosts: true }), deps);
    conn.close();
    expect(deps.events).toEqual([]);
    expect(execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', deps.knownHosts.path], { encoding: 'utf8' })).toContain('|1|');
  });

  it('refuses a changed host key, naming both fingerprints and the fix', async () => {
    const deps = freshDeps(true);
    const other = keygen(dir, `other_${Date.now()}`, 'ed25519');
    writeFileSync(deps.knownHosts.path, `[127.0.0.1]:${sshd.port} ${other.pub}\n`);
    const err = await failure(connectSsh(target({ acceptNewHostKey: true }), deps));
    expect(err.code).toBe('HOST_KEY_CHANGED');
    expect(err.message).toContain(fingerprintOf(other.pub));
    expect(err.message).toContain(fingerprintOf(sshd.hostPubs[0]!));
    expect(err.fix).toContain('forget the old key if the router was rebuilt');
    expect(deps.events).toEqual([]);
  });

  it('the login deadline waits while a person reads the fingerprint', async () => {
    const events: PromptEvent[] = [];
    const prompts: PromptCenter = new PromptCenter((e) => {
      events.push(e);
      // A person takes longer to compare a fingerprint than the whole login may take.
      if (e.type === 'asked') setTimeout(() => prompts.answer(e.prompt.id, true), 1200).unref();
    });
    const conn = await connectSsh(target({ readyTimeoutMs: 400 }), { knownHosts: new KnownHosts(join(dir, 'kh-slow')), prompts });
    expect((await conn.exec('echo ok')).output).toBe('ok\n');
    conn.close();
  });

  it('a host-key question is withdrawn when the login is cancelled under it', async () => {
    const events: PromptEvent[] = [];
    const ac = new AbortController();
    const prompts = new PromptCenter((e) => {
      events.push(e);
      if (e.type === 'asked') queueMicrotask(() => ac.abort());
    });
    const err = await failure(connectSsh(target(), { knownHosts: new KnownHosts(join(dir, 'kh-withdrawn')), prompts }, { signal: ac.signal }));
    expect(err.code).toBe('CANCELLED');
    await waitFor(() => events.some((e) => e.type === 'settled'), { timeoutMs: 5000, what: 'the question to be withdrawn' });
    expect(prompts.pending()).toEqual([]);
  });

  it('a host-key question is withdrawn when the server gives up waiting for the login', async () => {
    const impatient = await startSshd({ extraConfig: ['LoginGraceTime 1'] });
    try {
      const events: PromptEvent[] = [];
      const prompts = new PromptCenter((e) => events.push(e)); // nobody answers
      const err = await failure(connectSsh(target({ port: impatient.port }), { knownHosts: new KnownHosts(join(dir, 'kh-impatient')), prompts }));
      expect(err.code).toBe('CONNECTION_LOST');
      await waitFor(() => events.some((e) => e.type === 'settled'), { timeoutMs: 5000, what: 'the question to be withdrawn' });
      expect(prompts.pending()).toEqual([]);
    } finally {
      await impatient.stop();
    }
  });

  it('stops when the user does not trust the key, and saves nothing', async () => {
    const deps = freshDeps(false);
    await expect(connectSsh(target(), deps)).rejects.toMatchObject({ code: 'HOST_KEY_REJECTED' });
    expect(await deps.knownHosts.keysFor('127.0.0.1', sshd.port)).toEqual([]);
  });

  it('says a wrong password plainly, without the password', async () => {
    const wrong = 'not-the-password';
    const err = await failure(connectSsh(target({ auth: { password: wrong }, acceptNewHostKey: true }), freshDeps()));
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toContain('All configured authentication methods failed');
    expect(JSON.stringify(err)).not.toContain(wrong);
  });

  it('fails fast when nothing listens, and times out on a silent server', async () => {
    const port = await freePort();
    const t0 = Date.now();
    await expect(connectSsh(target({ port }), freshDeps())).rejects.toMatchObject({ code: 'CONNECTION_REFUSED' });
    expect(Date.now() - t0).toBeLessThan(3000);
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const sport = (silent.address() as { port: number }).port;
    const err = await failure(connectSsh(target({ port: sport, readyTimeoutMs: 700 }), freshDeps()));
    silent.close();
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain(`127.0.0.1:${sport}`);
  });

  it('logs in with a passphrase-protected key and with ssh-agent', async () => {
    const deps = freshDeps();
    const byKey = await connectSsh(target({ auth: { privateKey: userKey.key, passphrase: 'key pass phrase' }, acceptNewHostKey: true }), deps);
    expect((await byKey.exec('id -un')).output.trim()).toBe(user.name);
    byKey.close();
    agent = spawn('ssh-agent', ['-D', '-a', agentSock()], { stdio: 'ignore' });
    await waitFor(() => {
      try {
        execFileSync('ssh-add', [agentKey.file], { env: { ...process.env, SSH_AUTH_SOCK: agentSock() }, stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    }, { timeoutMs: 10_000, what: 'ssh-agent to take the key' });
    const byAgent = await connectSsh(target({ auth: { agent: agentSock() }, acceptNewHostKey: true }), deps);
    expect((await byAgent.exec('id -un')).output.trim()).toBe(user.name);
    byAgent.close();
  });

  it('reaches the target through a jump host', async () => {
    const deps = freshDeps();
    const jump = target({ acceptNewHostKey: true });
    const conn = await connectSsh(target({ jump, acceptNewHostKey: true, host: 'localhost' }), deps);
    expect(conn.describe()).toBe(`${user.name}@localhost:${sshd.port} via ${user.name}@127.0.0.1:${sshd.port}`);
    expect(await conn.exec('echo through; exit 3')).toEqual({ output: 'through\n', exitStatus: 3 });
    conn.close();
    // The hop's own key was checked and saved under its own name.
    expect((await deps.knownHosts.keysFor('localhost', sshd.port)).length).toBe(1);
  });

  it('keepalive notices a link that went silent (no FIN, as when a router loses power)', async () => {
    // A real TCP relay in front of sshd that can stop passing bytes without closing anything.
    const relayed = new Set<Socket>();
    let freeze = false;
    const relay: Server = createServer((inbound) => {
      const outbound = connect(sshd.port, '127.0.0.1');
      const pass = (from: Socket, to: Socket): void => {
        from.on('data', (b) => {
          if (!freeze) to.write(b);
        });
      };
      pass(inbound, outbound);
      pass(outbound, inbound);
      const end = (): void => {
        inbound.destroy();
        outbound.destroy();
      };
      inbound.on('error', end).on('close', end);
      outbound.on('error', end).on('close', end);
      relayed.add(inbound);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const rport = (relay.address() as { port: number }).port;
    const deps = freshDeps();
    await deps.knownHosts.add('127.0.0.1', rport, hostKeyFromBlob(Buffer.from(sshd.hostPubs[0]!.split(' ')[1]!, 'base64')));
    const pool = new SshPool(deps);
    const t = target({ port: rport, keepaliveIntervalMs: 200 });
    const conn = await pool.get(t);
    expect((await conn.exec('echo up')).output).toBe('up\n');
    freeze = true;
    const t0 = Date.now();
    const err = await failure(conn.exec('sleep 30', { timeoutMs: 60_000 }));
    expect(err.code).toBe('CONNECTION_LOST');
    expect(err.message).toContain('dropped');
    expect(Date.now() - t0).toBeLessThan(10_000);
    freeze = false;
    expect((await (await pool.get(t)).exec('echo again')).output).toBe('again\n');
    pool.closeAll();
    for (const s of relayed) s.destroy();
    relay.close();
  });

  it('the pool reconnects on the next command after the connection dropped', async () => {
    const pool = new SshPool(freshDeps());
    const t = target({ acceptNewHostKey: true, keepaliveIntervalMs: 1000 });
    const first = await pool.get(t);
    expect(await pool.get(t)).toBe(first);
    // Kill this connection's sshd process from inside: a drop, as when a router reloads.
    const dropped = failure(first.exec('kill -9 $PPID'));
    expect(await dropped).toMatchObject({ code: 'CONNECTION_LOST' });
    await waitFor(() => !first.isOpen, { timeoutMs: 10_000, what: 'the drop to be noticed' });
    await expect(first.exec('true')).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    const second = await pool.get(t);
    expect(second).not.toBe(first);
    expect((await second.exec('echo back')).output).toBe('back\n');
    pool.closeAll();
  });
});

describe.skipIf(skip !== null)('keyboard-interactive login, as Cisco routers ask for the password', () => {
  let sshd: TestSshd;
  let user: TestUser;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xrcl-ssh-kbd-'));
    // Password authentication off: only keyboard-interactive (through PAM) is offered.
    sshd = await startSshd({ extraConfig: ['UsePAM yes', 'PasswordAuthentication no', 'KbdInteractiveAuthentication yes'] });
    user = createTestUser(PASSWORD);
  });
  afterAll(async () => {
    user?.remove();
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the Password: prompt with the password', async () => {
    const conn = await connectSsh(
      { host: '127.0.0.1', port: sshd.port, username: user.name, auth: { password: PASSWORD }, acceptNewHostKey: true },
      { knownHosts: new KnownHosts(join(dir, 'kh')) },
    );
    expect((await conn.exec('id -un')).output).toBe(`${user.name}\n`);
    conn.close();
    await waitFor(() => sshd.log().includes(`Accepted keyboard-interactive/pam for ${user.name}`), { timeoutMs: 5000, what: 'sshd to log the method' });
  });
});

describe.skipIf(skip !== null)('algorithms for older SSH servers', () => {
  let sshd: TestSshd;
  let user: TestUser;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xrcl-ssh-legacy-'));
    sshd = await startSshd({
      hostKeyTypes: ['rsa'],
      extraConfig: ['KexAlgorithms diffie-hellman-group14-sha1', 'Ciphers aes128-cbc', 'HostKeyAlgorithms ssh-rsa', 'MACs hmac-sha1'],
    });
    user = createTestUser('legacy-pass');
  });
  afterAll(async () => {
    user?.remove();
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('modern-only fails with a clear reason; the compatible profile connects', async () => {
    const deps = { knownHosts: new KnownHosts(join(dir, 'kh')) };
    const t: SshTarget = { host: '127.0.0.1', port: sshd.port, username: user.name, auth: { password: 'legacy-pass' }, acceptNewHostKey: true };
    await expect(connectSsh({ ...t, algorithms: 'modern' }, deps)).rejects.toMatchObject({ code: 'NO_COMMON_ALGORITHM' });
    const conn = await connectSsh({ ...t, algorithms: 'compatible' }, deps);
    expect((await conn.exec('echo old')).output).toBe('old\n');
    conn.close();
    expect((await deps.knownHosts.keysFor('127.0.0.1', sshd.port))[0]?.type).toBe('RSA');
  });
});
