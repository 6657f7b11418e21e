// A real OpenSSH sshd for integration specs: its own config and host keys in a temp folder, on a
// free loopback port, run as root in the foreground (-D -e) and stopped by the spec. Test users
// are real Linux accounts (useradd), removed afterwards; passwords go through chpasswd's stdin.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCommand } from '../../lab/lab-prereqs';
import { freePort } from '../../support/free-port';
import { waitFor } from '../../support/wait-for';

export { freePort };

const SSHD = '/usr/sbin/sshd';

/** Why these specs cannot run here, or null when they can. */
export function sshdSkipReason(): string | null {
  if (process.platform !== 'linux') return 'needs Linux';
  if (process.getuid?.() !== 0) return 'needs root (sshd, useradd)';
  for (const tool of [SSHD, 'ssh-keygen', 'useradd', 'userdel', 'chpasswd']) {
    if (!(tool.startsWith('/') ? existsSync(tool) : findCommand(tool))) return `${tool} is not installed (Debian: openssh-server, passwd)`;
  }
  return null;
}


export function keygen(dir: string, name: string, type: 'ed25519' | 'rsa' | 'ecdsa', passphrase = ''): { key: string; pub: string; file: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', passphrase, '-C', name, '-f', file]);
  return { key: readFileSync(file, 'utf8'), pub: readFileSync(`${file}.pub`, 'utf8').trim(), file };
}

export interface TestSshd {
  port: number;
  dir: string;
  /** Host public keys, one `type base64 comment` line each. */
  hostPubs: string[];
  log(): string;
  stop(): Promise<void>;
}

export async function startSshd(opts: { extraConfig?: string[]; hostKeyTypes?: ('ed25519' | 'rsa' | 'ecdsa')[] } = {}): Promise<TestSshd> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'xrcl-sshd-'));
  chmodSync(dir, 0o755);
  const types = opts.hostKeyTypes ?? ['ed25519', 'rsa'];
  const keys = types.map((t) => keygen(dir, `ssh_host_${t}_key`, t));
  const port = await freePort();
  // sshd takes the first value it reads for a keyword, so the spec's own lines come first.
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    ...(opts.extraConfig ?? []),
    ...keys.map((k) => `HostKey ${k.file}`),
    `PidFile ${join(dir, 'sshd.pid')}`,
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'UsePAM no',
    'PermitRootLogin no',
    'StrictModes no',
    'AuthorizedKeysFile .ssh/authorized_keys',
    'PrintMotd no',
    'LogLevel VERBOSE',
    'MaxStartups 50',
    'AllowTcpForwarding yes',
  ];
  writeFileSync(join(dir, 'sshd_config'), config.join('\n') + '\n');
  let log = '';
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  await waitFor(
    () =>
      new Promise<boolean>((resolve, reject) => {
        if (exited) reject(Object.assign(new Error(`sshd exited: ${log}`), { fatal: true }));
        const s = connect(port, '127.0.0.1');
        s.once('data', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      }),
    { timeoutMs: 15_000, what: `sshd listening on 127.0.0.1:${port}` },
  );
  return {
    port,
    dir,
    hostPubs: keys.map((k) => k.pub),
    log: () => log,
    async stop() {
      if (!exited) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  name: string;
  home: string;
  remove(): void;
}

/** A real account with this password; `sudo: true` adds a sudoers.d line (password required). */
export function createTestUser(password: string, opts: { sudo?: boolean | 'nopasswd'; sudoPrompt?: string; authorizedKeys?: string[] } = {}): TestUser {
  const name = `xrcl${randomBytes(3).toString('hex')}`;
  execFileSync('useradd', ['-m', '-s', '/bin/bash', '--', name]);
  execFileSync('chpasswd', [], { input: `${name}:${password}\n` });
  const home = `/home/${name}`;
  const sudoers = `/etc/sudoers.d/${name}`;
  if (opts.sudo) {
    // A custom prompt, e.g. the bare `Password: ` XR's sudo shows (D612).
    const prompt = opts.sudoPrompt === undefined ? '' : `Defaults:${name} passprompt="${opts.sudoPrompt}", passprompt_override\n`;
    // 'nopasswd' is the Vagrant box's line (ISO): `vagrant ALL=(ALL) NOPASSWD: ALL`.
    const rule = opts.sudo === 'nopasswd' ? 'NOPASSWD: ALL' : 'ALL';
    writeFileSync(sudoers, `${prompt}${name} ALL=(ALL) ${rule}\n`, { mode: 0o440 });
  }
  if (opts.authorizedKeys) {
    mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, '.ssh', 'authorized_keys'), opts.authorizedKeys.join('\n') + '\n', { mode: 0o600 });
    execFileSync('chown', ['-R', `${name}:${name}`, join(home, '.ssh')]);
  }
  return {
    name,
    home,
    remove() {
      if (existsSync(sudoers)) rmSync(sudoers, { force: true });
      try {
        execFileSync('userdel', ['-r', '-f', '--', name], { stdio: 'ignore' });
      } catch {
        /* already gone */
      }
    },
  };
}
