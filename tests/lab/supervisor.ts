// One long-lived supervisor per lab host. `up` starts it as
//   nsenter --net=/run/netns/xrcl-<name> unshare --mount --uts --propagation private node supervisor.ts
// so it already sits in the lab host's network namespace, with its own mount and UTS
// namespaces. It builds the lab host's file system, starts the real daemons (dockerd, sshd)
// through the lab's own `service` script, runs the XR CLI in-process, and answers the
// control socket (status, faults, shutdown).
import { readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveControl, type ControlReply, type ControlRequest, type FaultName, type SupervisorStatus } from './control-socket.js';
import { generateHostKeys, readHostKeys } from './host-keys.js';
import { readRecord, XR_SHELL_PORT, type LabConfig } from './lab-config.js';
import { comm, listPids, nsInode, pidAlive } from './lab-processes.js';
import { DEVBOX_SSHD_PIDFILE, SSHD_PIDFILE, sshdDir } from './router-commands.js';
import { APP_HOST, enterLabRoot, setUpAccounts } from './router-filesystem.js';
import { run, runOk } from './run-command.js';
import { watchSysconfigDocker, type SysconfigWatcher } from './sysconfig-watcher.js';
import { waitFor } from '../support/wait-for.js';
import { startXrCli as startXrCliServer, type XrCliServer } from './xr-cli/xr-cli-server.js';

const CLI_KEY_TYPES = ['rsa', 'ed25519'];
const ROUTER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const AUTO_RESTART_DEBOUNCE_MS = 2000;

function log(msg: string): void {
  process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
}

function arg(name: string): string {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (!v) throw new Error(`supervisor: missing ${name}`);
  return v;
}

const labDir = arg('--lab-dir');
const rec = readRecord(labDir);
if (!rec) throw new Error(`supervisor: no lab.json in ${labDir}`);
const c: LabConfig = rec;
const router = c.role === 'router';

const status: SupervisorStatus = {
  phase: 'starting',
  pid: process.pid,
  mntNs: nsInode('self', 'mnt') ?? '',
  netNs: nsInode('self', 'net') ?? '',
  docker: { running: false, pid: null },
  sshd: { running: false, pid: null },
  xrCli: router ? { running: false, port: null } : null,
  autoRestart: router && c.platform !== 'asr9k',
};

let cli: XrCliServer | null = null;
let watcher: SysconfigWatcher | null = null;

function pidFromFile(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return pid > 0 && pidAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

const sshdPidfile = router ? SSHD_PIDFILE : DEVBOX_SSHD_PIDFILE;
const sshdPort = router ? XR_SHELL_PORT : 22;
const sshdService = router ? 'sshd_operns' : 'ssh';

function refresh(): SupervisorStatus {
  const d = pidFromFile('/run/docker.pid');
  status.docker = { running: d !== null, pid: d };
  const s = pidFromFile(sshdPidfile);
  status.sshd = { running: s !== null, pid: s };
  return status;
}

async function service(name: string, action: string): Promise<string> {
  const r = await run('/usr/local/sbin/service', [name, action], { env: routerEnv() });
  log(`service ${name} ${action} -> ${r.code}\n${r.stdout}${r.stderr}`.trimEnd());
  if (r.code !== 0) throw new Error(`service ${name} ${action} failed: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

function routerEnv(): Record<string, string> {
  return { PATH: ROUTER_PATH, HOME: '/root', USER: 'root', LOGNAME: 'root', SHELL: '/bin/bash', LANG: 'C.UTF-8' };
}

async function startXrCli(): Promise<void> {
  const keys = readHostKeys(join(labDir, 'cli-keys'), CLI_KEY_TYPES);
  try {
    cli = await startXrCliServer({
      listen: { host: '0.0.0.0', port: 22 },
      hostKeys: keys,
      platform: c.platform,
      hostname: c.cliHostname,
      mgmtAddress: c.labAddress,
      authenticate: (user: string, password: string) => user === c.cli.user && password === c.cli.password,
      stateFile: join(labDir, 'xr-cli-state.json'),
      shell: {
        file: '/bin/bash',
        args: ['--login'],
        env: { ...routerEnv(), TERM: 'xterm' },
        cwd: '/root',
      },
    });
    status.xrCli = { running: true, port: cli.port };
    log(`XR CLI listening on port ${cli.port}`);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    status.xrCli = { running: false, port: null, error: msg };
    log(`XR CLI did not start: ${msg}`);
  }
}

async function boot(): Promise<void> {
  const keep = [c.repoRoot, join(labDir, '..'), join(process.execPath, '..')];
  enterLabRoot(c, keep);
  process.chdir(c.repoRoot);
  // hostname(1) refuses XR's underscores; the kernel does not. This is the UTS namespace's own.
  writeFileSync('/proc/sys/kernel/hostname', c.hostname);
  setUpAccounts(c);
  log(`lab root ready: ${c.hostname} (${c.role}/${c.platform})`);

  const jobs: Promise<unknown>[] = [service('docker', 'start')];
  if (!router || c.platform === 'vagrant') jobs.push(service(sshdService, 'start'));
  if (router) jobs.push(startXrCli());
  await Promise.all(jobs);

  if (status.autoRestart) {
    watcher = watchSysconfigDocker(
      '/etc/sysconfig/docker',
      async () => {
        await service('docker', 'restart');
      },
      AUTO_RESTART_DEBOUNCE_MS,
      log,
    );
  }
  refresh();
  status.phase = 'ready';
  log('ready');
}

/** The sshd processes that carry sessions (everything but the listeners) in this lab host. */
function sshSessionPids(): number[] {
  const listeners = new Set([pidFromFile(SSHD_PIDFILE), pidFromFile(DEVBOX_SSHD_PIDFILE)]);
  return listPids().filter(
    (p) => p !== process.pid && !listeners.has(p) && comm(p) === 'sshd' && nsInode(p, 'mnt') === status.mntNs,
  );
}

/** Reads the host key a server on 127.0.0.1:port offers (as `ssh-keyscan` sees it). */
async function offeredKey(port: number, type: string): Promise<string> {
  const r = await run('ssh-keyscan', ['-T', '2', '-t', type, '-p', String(port), '127.0.0.1'], { timeoutMs: 5000 });
  return r.stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(' ').slice(1, 3).join(' '))
    .join('\n');
}

async function fault(f: FaultName): Promise<string> {
  switch (f) {
    case 'drop-ssh': {
      cli?.dropConnections();
      const pids = sshSessionPids();
      for (const p of pids) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      return `dropped ${pids.length} OpenSSH session process(es)${cli ? ' and every XR CLI connection' : ''}`;
    }
    case 'stop-docker':
      return service('docker', 'stop');
    case 'restart-docker':
      return service('docker', 'restart');
    case 'fill-disk': {
      if (!router) throw new Error('fill-disk applies to routers (/misc/app_host); this lab host is a devbox');
      const st = statfsSync(APP_HOST);
      const free = Number(st.bavail) * Number(st.bsize);
      const file = join(APP_HOST, 'xrcl-fill');
      if (free > 0) await runOk('fallocate', ['-l', String(free), file + '.' + Date.now()]);
      const after = statfsSync(APP_HOST);
      return `filled ${APP_HOST}: ${Number(after.bavail) * Number(after.bsize)} bytes left`;
    }
    case 'rotate-host-keys': {
      const dir = join(sshdDir(labDir), 'keys');
      const [, cliKeys] = await Promise.all([
        generateHostKeys(dir),
        router ? generateHostKeys(join(labDir, 'cli-keys'), CLI_KEY_TYPES) : Promise.resolve([]),
      ]);
      if (cli) await cli.setHostKeys(cliKeys);
      const listener = pidFromFile(sshdPidfile);
      if (listener) {
        // sshd re-executes itself on SIGHUP and reads its host keys again.
        process.kill(listener, 'SIGHUP');
        const want = readFileSync(join(dir, 'ssh_host_ed25519_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
        await waitFor(async () => (await offeredKey(sshdPort, 'ed25519')) === want, {
          timeoutMs: 10_000,
          what: `sshd on port ${sshdPort} to offer its new host key`,
        });
      }
      return `new host keys for ${listener ? `sshd (port ${sshdPort})` : 'sshd (not running; used when it starts)'}${cli ? ' and the XR CLI' : ''}`;
    }
  }
}

let stopping: Promise<void> | null = null;
function shutdown(reason: string): Promise<void> {
  stopping ??= (async () => {
    log(`shutting down (${reason})`);
    status.phase = 'stopping';
    watcher?.close();
    await cli?.close().catch(() => undefined);
    await Promise.allSettled([service('docker', 'stop'), service(sshdService, 'stop')]);
    for (const p of sshSessionPids()) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(join(labDir, 'control.sock'), { force: true });
    log('stopped');
    process.exit(0);
  })();
  return stopping;
}

async function handle(req: ControlRequest): Promise<ControlReply> {
  switch (req.op) {
    case 'status':
      return { ok: true, status: refresh() };
    case 'fault':
      if (status.phase !== 'ready') return { ok: false, error: `lab is ${status.phase}` };
      return { ok: true, detail: await fault(req.fault) };
    case 'shutdown':
      void shutdown('control request');
      return { ok: true, detail: 'stopping' };
    default:
      return { ok: false, error: `unknown op` };
  }
}

async function main(): Promise<void> {
  log(`supervisor ${process.pid} for ${c.name} (${c.role}, ${c.platform}) in ${labDir}`);
  await serveControl(join(labDir, 'control.sock'), handle);
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  try {
    await boot();
  } catch (e) {
    status.phase = 'failed';
    status.error = e instanceof Error ? e.message : String(e);
    log(`start failed: ${status.error}`);
  }
}

process.on('uncaughtException', (e) => log(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

void main();
