// Stock clients for the lab's own tests: OpenSSH (through sshpass), scp, ssh-keyscan and the
// docker CLI pointed at a lab socket. Also the "why this suite is skipped" check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtyExpect } from './xr-cli/pty-expect.js';
import { findCommand, labPrerequisiteProblems } from './lab-prereqs.js';
import { run, type RunResult } from './run-command.js';

export interface Endpoint {
  host: string;
  port: number;
  user: string | null;
  password: string | null;
}

/** Reason to skip a lab suite here (not root, a tool missing), or null to run it. */
export function labSuiteSkipReason(extraTools: string[] = []): string | null {
  const problems = labPrerequisiteProblems();
  const missing = ['ssh', 'sshpass', 'scp', 'ssh-keyscan', ...extraTools].filter((t) => !findCommand(t));
  if (missing.length) problems.push(`missing ${missing.join(', ')}`);
  return problems.length ? problems.join('; ') : null;
}

// One known_hosts per suite: made on first use, removed by the suite's afterAll.
let knownHostsDir: string | null = null;
function knownHostsFile(): string {
  knownHostsDir ??= mkdtempSync(join(tmpdir(), 'xrcl-known-hosts-'));
  return join(knownHostsDir, 'known_hosts');
}

export function removeKnownHosts(): void {
  if (knownHostsDir) rmSync(knownHostsDir, { recursive: true, force: true });
  knownHostsDir = null;
}

/** Options every ssh/scp call shares: no user config, a private known_hosts, passwords only. */
export function sshOptions(): string[] {
  return [
    '-F', '/dev/null',
    '-o', `UserKnownHostsFile=${knownHostsFile()}`,
    // A fresh lab has fresh keys: accept a new key, but still refuse a changed one.
    '-o', 'StrictHostKeyChecking=accept-new',
    '-o', 'PubkeyAuthentication=no',
    '-o', 'NumberOfPasswordPrompts=1',
    '-o', 'ConnectTimeout=5',
    '-o', 'LogLevel=ERROR',
  ];
}

function creds(ep: Endpoint, user?: string, password?: string): { user: string; password: string } {
  const u = user ?? ep.user;
  const p = password ?? ep.password;
  if (u === null || u === undefined || p === null || p === undefined) throw new Error('endpoint has no user/password');
  return { user: u, password: p };
}

/** Runs one command over SSH (no tty) and returns its result. */
export function sshRun(ep: Endpoint, command: string, o: { user?: string; password?: string; input?: string } = {}): Promise<RunResult> {
  const { user, password } = creds(ep, o.user, o.password);
  return run('sshpass', ['-p', password, 'ssh', ...sshOptions(), '-p', String(ep.port), '-l', user, ep.host, command], {
    input: o.input,
    timeoutMs: 60_000,
  });
}

/** An interactive login (ssh -tt) through a pty, for dialogs and prompts. */
export function sshInteractive(ep: Endpoint, o: { user?: string; password?: string } = {}): PtyExpect {
  const { user, password } = creds(ep, o.user, o.password);
  return new PtyExpect('sshpass', ['-p', password, 'ssh', ...sshOptions(), '-tt', '-p', String(ep.port), '-l', user, ep.host]);
}

/** Legacy-protocol scp (-O), whose errors carry the remote errno text (e.g. "No space left on device"). */
export function scpTo(ep: Endpoint, local: string, remotePath: string): Promise<RunResult> {
  const { user, password } = creds(ep);
  return run('sshpass', ['-p', password, 'scp', ...sshOptions(), '-O', '-P', String(ep.port), local, `${user}@${ep.host}:${remotePath}`], {
    timeoutMs: 120_000,
  });
}

/** The host key lines (type base64) a server offers, as ssh-keyscan sees them. */
export async function keyscan(host: string, port: number): Promise<string[]> {
  const r = await run('ssh-keyscan', ['-T', '5', '-p', String(port), host], { timeoutMs: 15_000 });
  return r.stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(' ').slice(1, 3).join(' '))
    .sort();
}

/** What a user does after a legitimate key change: drop the old key from known_hosts. */
export async function forgetHostKey(host: string, port: number): Promise<void> {
  await run('ssh-keygen', ['-q', '-f', knownHostsFile(), '-R', `[${host}]:${port}`]);
}

/** The docker CLI against a lab host's daemon. */
export function dockerCli(socket: string, args: string[], timeoutMs = 120_000): Promise<RunResult> {
  return run('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${socket}` }, timeoutMs });
}
