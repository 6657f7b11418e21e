// `node --expose-gc --import tsx bench/sessions.bench.ts` (root: it starts a real sshd and a test user): time to open
// a session and run one command on the XR CLI (the emulated CLI over real SSH) and the XR shell
// (real OpenSSH), commands per second over one kept session, memory per open session, and
// OpenSSH's `ssh` running the same one command, as a ratio measured in the same run.
// BENCH_RUNS=N sets the runs per figure (default 5).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KnownHosts } from '../src-main/services/ssh/known-hosts';
import { SshPool } from '../src-main/services/ssh/ssh-pool';
import type { SshTarget } from '../src-main/services/ssh/ssh-target';
import { XrCliTransport } from '../src-main/services/ssh/xr-cli-transport';
import { XrShellTransport } from '../src-main/services/ssh/xr-shell-transport';
import { startXrCli } from '../tests/lab/xr-cli/xr-cli-server';
import { createTestUser, startSshd } from '../tests/integration/support/test-sshd';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PASSWORD = 'bench pass';
const dir = mkdtempSync(join(tmpdir(), 'xrcl-sessions-bench-'));
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (v: number[]): string => `${median(v).toFixed(1)} ms (min ${Math.min(...v).toFixed(1)}, max ${Math.max(...v).toFixed(1)})`;

async function main(): Promise<void> {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'cli_host')]);
  const cli = await startXrCli({
    listen: { host: '127.0.0.1', port: 0 },
    hostKeys: [readFileSync(join(dir, 'cli_host'), 'utf8')],
    platform: 'ncs5500',
    hostname: 'ncs5508',
    authenticate: (u, p) => u === 'root' && p === PASSWORD,
    stateFile: join(dir, 'state.json'),
    shell: { file: '/bin/sh', args: ['-i'], env: { PATH: '/usr/bin:/bin' }, cwd: dir },
  });
  const sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
  const user = createTestUser(PASSWORD);
  const knownHostsFile = join(dir, 'known_hosts');
  const target = (port: number, username: string): SshTarget => ({ host: '127.0.0.1', port, username, auth: { password: PASSWORD }, acceptNewHostKey: true });
  const rows: string[] = [];
  try {
    // Opening a session and running one command, each time on a fresh connection.
    const openAndRun = async (make: (pool: SshPool) => { run(c: string): Promise<unknown>; close(): void }, command: string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const pool = new SshPool({ knownHosts: new KnownHosts(knownHostsFile) });
        const t0 = performance.now();
        const t = make(pool);
        await t.run(command);
        times.push(performance.now() - t0);
        t.close();
        pool.closeAll();
      }
      return times;
    };
    const cliOpen = await openAndRun((pool) => new XrCliTransport({ pool, target: target(cli.port, 'root') }), 'show version');
    const shellOpen = await openAndRun((pool) => new XrShellTransport({ pool, target: target(sshd.port, user.name) }), 'uname -r');

    // OpenSSH's client running the same command (sshpass types the password).
    writeFileSync(join(dir, 'pw'), PASSWORD);
    // Asynchronous: the emulated XR CLI answers from this very process.
    const run = promisify(execFile);
    const openssh = async (port: number, u: string, command: string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await run('sshpass', ['-f', join(dir, 'pw'), 'ssh', '-F', '/dev/null', '-p', String(port), '-o', `UserKnownHostsFile=${knownHostsFile}`, '-o', 'StrictHostKeyChecking=accept-new', '-o', 'PubkeyAuthentication=no', `${u}@127.0.0.1`, command], { timeout: 30_000 });
        times.push(performance.now() - t0);
      }
      return times;
    };
    const sshShell = await openssh(sshd.port, user.name, 'uname -r');
    const sshCli = await openssh(cli.port, 'root', 'show version');

    // Commands per second over one kept session.
    const rate = async (t: { run(c: string): Promise<unknown> }, command: string, n = 200): Promise<number> => {
      await t.run(command);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await t.run(command);
      return n / ((performance.now() - t0) / 1000);
    };
    const pool = new SshPool({ knownHosts: new KnownHosts(knownHostsFile) });
    const keptCli = new XrCliTransport({ pool, target: target(cli.port, 'root') });
    const keptShell = new XrShellTransport({ pool, target: target(sshd.port, user.name) });
    const cliRate = await rate(keptCli, 'show running-config hostname');
    const shellRate = await rate(keptShell, 'true');

    // Memory per open session: RSS growth over 20 extra XR CLI sessions, each on its own connection.
    const used = (): number => {
      global.gc?.();
      const m = process.memoryUsage();
      return m.heapUsed + m.external + m.arrayBuffers;
    };
    const before = used();
    const extra: XrCliTransport[] = [];
    const pools: SshPool[] = [];
    for (let i = 0; i < 20; i++) {
      const p = new SshPool({ knownHosts: new KnownHosts(knownHostsFile) });
      pools.push(p);
      const t = new XrCliTransport({ pool: p, target: target(cli.port, 'root') });
      await t.run('show version');
      extra.push(t);
    }
    const perSession = (used() - before) / 20 / 1024;
    extra.forEach((t) => t.close());
    pools.forEach((p) => p.closeAll());
    keptCli.close();
    keptShell.close();
    pool.closeAll();

    rows.push(`| Open + one command, XR CLI (\`show version\`) | ${ms(cliOpen)} | OpenSSH \`ssh\`: ${ms(sshCli)}; ratio ${(median(cliOpen) / median(sshCli)).toFixed(2)} |`);
    rows.push(`| Open + one command, XR shell (\`uname -r\`) | ${ms(shellOpen)} | OpenSSH \`ssh\`: ${ms(sshShell)}; ratio ${(median(shellOpen) / median(sshShell)).toFixed(2)} |`);
    rows.push(`| Commands per second, one kept XR CLI session | ${cliRate.toFixed(0)} /s | \`show running-config hostname\`, 200 in a row |`);
    rows.push(`| Commands per second, one kept XR shell connection | ${shellRate.toFixed(0)} /s | \`true\` on an exec channel each, 200 in a row |`);
    rows.push(`| Memory per open XR CLI session | ${perSession.toFixed(0)} KB | heap and buffers after GC, over 20 sessions each on its own connection; the emulated CLI's side of each session is in the same process and counted too |`);
    console.log(`| figure | value | notes |\n|---|---|---|\n${rows.join('\n')}`);
  } finally {
    user.remove();
    await sshd.stop();
    await cli.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
