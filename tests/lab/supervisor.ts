// One long-lived supervisor per lab host. `up` starts it as
//   nsenter --net=/run/netns/xrcl-<name> unshare --mount --uts --pid --fork --kill-child
//     --propagation private tini -- node supervisor.ts
// so it already sits in the lab host's network namespace, with its own mount, UTS and PID
// namespaces (tini is the lab's init, pid 1; the supervisor is pid 2). It builds the lab
// host's file system (and the host layer on vagrant/ncs5500), starts the real daemons (dockerd,
// sshd) through the lab's own `service` script, runs the XR CLI in-process, copies certs.d to
// the host layer, and answers the control socket (status, faults, timing, shutdown).
import { readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  serveControl,
  type ControlReply,
  type ControlRequest,
  type DockerState,
  type FaultName,
  type LabTiming,
  type SupervisorStatus,
} from './control-socket.js';
import { generateHostKeys, readHostKeys } from './host-keys.js';
import { readRecord, XR_SHELL_PORT, type LabConfig } from './lab-config.js';
import { comm, listPids, nsInode, pidAlive } from './lab-processes.js';
import { DEVBOX_SSHD_PIDFILE, SSHD_PIDFILE, sshdDir } from './router-commands.js';
import { APP_HOST, buildHostLayer, dockerInHostLayer, enterLabRoot, hostLayerEtcDir, setUpAccounts } from './router-filesystem.js';
import { run, runOk } from './run-command.js';
import { dockerPing } from './ssh-probe.js';
import { dockerPidfile } from './sysconfig-docker.js';
import { watchSysconfigDocker, type SysconfigWatcher } from './sysconfig-watcher.js';
import { waitFor } from '../support/wait-for.js';
import { startXrCli as startXrCliServer, type XrCliServer } from './xr-cli/xr-cli-server.js';

const CLI_KEY_TYPES = ['rsa', 'ed25519'];
const ROUTER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
// The router: the daemon stops ~2 s after a save of /etc/sysconfig/docker and answers again
// 10 to 15 s after it; a certificate under /etc/docker/certs.d reaches the host layer in 5 to
// 10 s. XRCL_LAB_DOCKER_RESTART_MS / XRCL_LAB_CERTS_SYNC_MS (or the `timing` request) set
// exact values instead, for the lab's own suites.
const REAL_DOCKER_RESTART_MS: [number, number] = [10_000, 14_000]; // + up to ~1 s for dockerd to answer
const REAL_CERTS_SYNC_MS: [number, number] = [5_000, 10_000];
const AUTO_RESTART_STOP_MS = 2000;

function log(msg: string): void {
  process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
}

function arg(name: string): string {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (!v) throw new Error(`supervisor: missing ${name}`);
  return v;
}

function envMs(name: string): number | null {
  const v = process.env[name];
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

const timing: LabTiming = {
  dockerRestartMs: envMs('XRCL_LAB_DOCKER_RESTART_MS'),
  certsSyncMs: envMs('XRCL_LAB_CERTS_SYNC_MS'),
};
const pick = (v: number | null, real: [number, number]): number => v ?? real[0] + Math.random() * (real[1] - real[0]);

// This process's pid as the host sees it: read from the host's /proc before the lab's own replaces it.
const hostPid = Number(/^NSpid:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) || undefined;

const labDir = arg('--lab-dir');
const rec = readRecord(labDir);
if (!rec) throw new Error(`supervisor: no lab.json in ${labDir}`);
const c: LabConfig = rec;
const router = c.role === 'router';

const status: SupervisorStatus = {
  phase: 'starting',
  pid: process.pid,
  hostPid,
  mntNs: nsInode('self', 'mnt') ?? '',
  netNs: nsInode('self', 'net') ?? '',
  pidNs: nsInode('self', 'pid') ?? '',
  docker: { running: false, pid: null, state: 'stopped', answering: false },
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

// Set while the automatic restart has stopped dockerd and will start it again.
let restarting = false;

async function refresh(): Promise<SupervisorStatus> {
  const d = pidFromFile(dockerPidfile(labDir));
  const answering = d !== null && (await dockerPing(join(labDir, 'docker.sock'), 1000));
  const state: DockerState = answering ? 'running' : d !== null ? (restarting ? 'restarting' : 'starting') : restarting ? 'restarting' : 'stopped';
  status.docker = { running: d !== null, pid: d, state, answering };
  const s = pidFromFile(sshdPidfile);
  status.sshd = { running: s !== null, pid: s };
  status.timing = {
    dockerRestartMs: timing.dockerRestartMs ?? REAL_DOCKER_RESTART_MS,
    certsSyncMs: dockerInHostLayer(c) ? (timing.certsSyncMs ?? REAL_CERTS_SYNC_MS) : null,
  };
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

/** A listing of a directory tree (paths, sizes, times) to notice changes by polling. */
function treeSignature(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      try {
        const st = statSync(p);
        out.push(`${relative(dir, p)} ${st.size} ${st.mtimeMs} ${st.mode}`);
        if (e.isDirectory()) walk(p);
      } catch {
        /* gone meanwhile */
      }
    }
  };
  walk(dir);
  return out.sort().join('\n');
}

// vagrant/ncs5500: XR's /etc/docker/certs.d reaches the host layer's only after a delay, as on
// the router, where the tutorial says to wait before pulling.
let certsTimer: NodeJS.Timeout | null = null;
function watchCertsD(): NodeJS.Timeout {
  const src = '/etc/docker/certs.d';
  const dst = join(hostLayerEtcDir(labDir), 'docker/certs.d');
  let synced = treeSignature(src);
  let pending: NodeJS.Timeout | null = null;
  return setInterval(() => {
    if (pending || treeSignature(src) === synced) return;
    const delay = pick(timing.certsSyncMs, REAL_CERTS_SYNC_MS);
    log(`${src} changed: the host layer gets it in ${Math.round(delay)} ms`);
    pending = setTimeout(() => {
      pending = null;
      const now = treeSignature(src);
      void (async () => {
        // Copy first, then drop what XR no longer has: a ca.crt already synced never goes
        // missing for a moment, which a pull at that instant would see as an unknown CA.
        await runOk('cp', ['-a', `${src}/.`, dst]);
        removeMissing(src, dst);
        synced = now;
        log(`${src} copied to the host layer`);
      })().catch((e: unknown) => log(`copying ${src} to the host layer failed: ${e instanceof Error ? e.message : String(e)}`));
    }, delay);
  }, 250);
}

/** Removes what is under dst but no longer under src (deepest first). */
function removeMissing(src: string, dst: string): void {
  for (const name of readdirSync(dst)) {
    const [from, to] = [join(src, name), join(dst, name)];
    let there: ReturnType<typeof statSync> | null = null;
    try {
      there = statSync(from);
    } catch {
      there = null;
    }
    if (!there) rmSync(to, { recursive: true, force: true });
    else if (there.isDirectory() && statSync(to).isDirectory()) removeMissing(from, to);
  }
}

async function autoRestart(savedAt: number): Promise<void> {
  const delay = pick(timing.dockerRestartMs, REAL_DOCKER_RESTART_MS);
  restarting = true;
  try {
    log(`automatic restart: dockerd starts again ${Math.round(delay)} ms after the save`);
    await service('docker', 'stop');
    const wait = savedAt + delay - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await service('docker', 'start');
  } finally {
    restarting = false;
  }
}

async function boot(): Promise<void> {
  enterLabRoot(c, [
    { path: c.repoRoot, readOnly: true },
    { path: dirname(process.execPath), readOnly: true },
    { path: labDir, readOnly: false },
  ]);
  process.chdir(c.repoRoot);
  // hostname(1) refuses XR's underscores; the kernel does not. This is the UTS namespace's own.
  writeFileSync('/proc/sys/kernel/hostname', c.hostname);
  setUpAccounts(c);
  if (dockerInHostLayer(c)) buildHostLayer(c);
  log(`lab root ready: ${c.hostname} (${c.role}/${c.platform})`);

  const jobs: Promise<unknown>[] = [service('docker', 'start')];
  if (!router || c.platform === 'vagrant') jobs.push(service(sshdService, 'start'));
  if (router) jobs.push(startXrCli());
  await Promise.all(jobs);

  if (status.autoRestart) {
    watcher = watchSysconfigDocker(
      '/etc/sysconfig/docker',
      autoRestart,
      () => Math.min(AUTO_RESTART_STOP_MS, pick(timing.dockerRestartMs, REAL_DOCKER_RESTART_MS) / 2),
      log,
    );
  }
  if (dockerInHostLayer(c)) certsTimer = watchCertsD();
  await refresh();
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
    case 'free-disk': {
      if (!router) throw new Error('free-disk applies to routers (/misc/app_host); this lab host is a devbox');
      const fills = readdirSync(APP_HOST).filter((f) => /^xrcl-fill\.\d+$/.test(f));
      for (const f of fills) rmSync(join(APP_HOST, f), { force: true });
      const after = statfsSync(APP_HOST);
      return `freed ${APP_HOST} (${fills.length} fill file(s) removed): ${Number(after.bavail) * Number(after.bsize)} bytes free`;
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
    if (certsTimer) clearInterval(certsTimer);
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
      return { ok: true, status: await refresh() };
    case 'timing': {
      for (const k of ['dockerRestartMs', 'certsSyncMs'] as const) {
        const v = req.timing?.[k];
        if (v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0)) timing[k] = v;
        else if (v !== undefined) return { ok: false, error: `timing.${k} must be a number of ms or null` };
      }
      return { ok: true, status: await refresh() };
    }
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
