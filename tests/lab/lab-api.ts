// The practice lab's programmatic API, shared by `npm run lab` (cli.ts) and the test suites:
// labUp, labDown, labStatus, labFault, labExec.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { controlRequest, type DockerState, type FaultName, type LabTiming, type SupervisorStatus } from './control-socket.js';
import { generateHostKeys } from './host-keys.js';
import {
  cliHostnameFor,
  HOST_ADDRESS,
  hostVethOf,
  labDirOf,
  labRoot,
  linuxHostnameFor,
  listLabDirs,
  MAX_INDEX,
  MIN_INDEX,
  netnsOf,
  readRecord,
  validateName,
  writeRecord,
  XR_SHELL_PORT,
  type LabConfig,
  type LabPlatform,
  type LabRecord,
  type LabRole,
} from './lab-config.js';
import { clearStale, removeSharedIfUnused, supervisorAlive, targetFromRecord, teardown } from './lab-cleanup.js';
import { createHostLink } from './lab-network.js';
import { assertLabPrerequisites, findCommand } from './lab-prereqs.js';
import { checkLabRoot, ensureLabRoot } from './lab-state.js';
import { hostPidOf, pidAlive } from './lab-processes.js';
import { writeRouterCommands, writeSshdConfig } from './router-commands.js';
import { APP_HOST, prepareEtc, ROUTER_DOCKER_SOCKET } from './router-filesystem.js';
import { run, type RunResult } from './run-command.js';
import { dockerPing, sshBanner } from './ssh-probe.js';
import { fatal, waitFor } from '../support/wait-for.js';

export type { DockerState, FaultName, LabTiming } from './control-socket.js';
export type { LabPlatform, LabRole } from './lab-config.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAB_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface LabUpOptions {
  platform?: LabPlatform;
  role?: LabRole;
  name?: string;
  /** Size of /misc/app_host in MB (routers). */
  diskMb?: number;
  /** XR CLI user on ncs5500/asr9k (default root / lab). */
  user?: string;
  password?: string;
  /**
   * Exact delays instead of the realistic random ones (as XRCL_LAB_DOCKER_RESTART_MS and
   * XRCL_LAB_CERTS_SYNC_MS set them); labTiming changes them later.
   */
  timing?: Partial<LabTiming>;
}

export interface LabEndpoint {
  host: string;
  port: number;
  user: string | null;
  password: string | null;
}

export interface LabInfo {
  name: string;
  role: LabRole;
  platform: LabPlatform;
  hostname: string;
  cliHostname: string;
  hostAddress: string;
  labAddress: string;
  interface: string;
  endpoints: {
    xrCli?: LabEndpoint & { available: boolean; error?: string };
    xrShell?: LabEndpoint & { enabled: boolean };
    ssh?: LabEndpoint;
  };
  /** Host-side path of the lab host's docker socket (DOCKER_HOST=unix://<this>). */
  dockerSocket: string;
  /** /misc/app_host, as seen inside the router; null on a devbox. */
  appHostPath: string | null;
  labDir: string;
  supervisorPid: number | null;
}

export interface LabStatusEntry extends LabInfo {
  alive: boolean;
  /** The supervisor's boot phase: `ready` once it has built the host and started its daemons. */
  phase: SupervisorStatus['phase'] | 'dead';
  /** Whether the lab host serves now: booted, and its docker daemon answers (see dockerState). */
  ready: boolean;
  /** running, starting, restarting (the automatic restart), stopped; unknown when the lab is dead. */
  dockerState: DockerState | 'unknown';
  /** What keeps the lab from being ready, one line each (empty when ready). */
  problems: string[];
  docker: SupervisorStatus['docker'] | null;
  sshd: SupervisorStatus['sshd'] | null;
  xrCli: SupervisorStatus['xrCli'];
  autoRestart: boolean;
}

function infoOf(rec: LabRecord, st?: SupervisorStatus): LabInfo {
  const router = rec.role === 'router';
  const endpoints: LabInfo['endpoints'] = {};
  if (router) {
    endpoints.xrCli = {
      host: rec.labAddress,
      port: 22,
      user: rec.cli.user,
      password: rec.cli.password,
      available: st?.xrCli?.running ?? false,
      ...(st?.xrCli?.error ? { error: st.xrCli.error } : {}),
    };
    endpoints.xrShell = {
      host: rec.labAddress,
      port: XR_SHELL_PORT,
      user: rec.linuxUser?.user ?? null,
      password: rec.linuxUser?.password ?? null,
      enabled: st?.sshd.running ?? false,
    };
  } else {
    endpoints.ssh = { host: rec.labAddress, port: 22, user: rec.linuxUser?.user ?? null, password: rec.linuxUser?.password ?? null };
  }
  return {
    name: rec.name,
    role: rec.role,
    platform: rec.platform,
    hostname: rec.hostname,
    cliHostname: rec.cliHostname,
    hostAddress: rec.hostAddress,
    labAddress: rec.labAddress,
    interface: rec.interface,
    endpoints,
    dockerSocket: join(rec.labDir, 'docker.sock'),
    appHostPath: router ? APP_HOST : null,
    labDir: rec.labDir,
    supervisorPid: rec.runtime?.supervisorPid ?? null,
  };
}

// One `up` at a time picks an index and name; a lock dir with the owner's pid, cleared if stale.
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(labRoot(), '.lock');
  await waitFor(
    () => {
      try {
        mkdirSync(lock);
        writeFileSync(join(lock, 'pid'), String(process.pid));
        return true;
      } catch {
        const owner = Number(readFileSafe(join(lock, 'pid')));
        if (!owner || !pidAlive(owner)) rmSync(lock, { recursive: true, force: true });
        return false;
      }
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `the lab lock ${lock}` },
  );
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

function allocateIndex(): number {
  const used = new Set(listLabDirs().map((d) => readRecord(d)?.index));
  for (let i = MIN_INDEX; i <= MAX_INDEX; i++) if (!used.has(i)) return i;
  throw new Error(`No free lab address: ${MAX_INDEX - MIN_INDEX + 1} labs are running. Run \`npm run lab -- down --all\`.`);
}

function logTail(labDir: string, lines = 15): string {
  const t = readFileSafe(join(labDir, 'supervisor.log')).trimEnd().split('\n');
  return t.slice(-lines).join('\n');
}

export async function labUp(opts: LabUpOptions = {}): Promise<LabInfo> {
  assertLabPrerequisites();
  const role = opts.role ?? 'router';
  const platform = opts.platform ?? 'vagrant';
  if (!['vagrant', 'ncs5500', 'asr9k'].includes(platform)) throw new Error(`Unknown platform '${platform}': use vagrant, ncs5500 or asr9k.`);
  if (!['router', 'devbox'].includes(role)) throw new Error(`Unknown role '${role}': use router or devbox.`);
  const name = opts.name ?? (role === 'devbox' ? 'devbox' : platform);
  validateName(name);
  const diskMb = opts.diskMb ?? 512;
  if (!Number.isInteger(diskMb) || diskMb < 8) throw new Error(`--disk-mb must be a whole number of MB, at least 8 (got ${opts.diskMb}).`);

  // Refuses (touching nothing) a state directory another user made or can write.
  ensureLabRoot();
  const rec = await withLock(async () => {
    await clearStale();
    const existing = readRecord(labDirOf(name));
    if (existing || existsSync(labDirOf(name))) {
      throw new Error(`Lab name '${name}' is in use: pick another --name, or run \`npm run lab -- down --name ${name}\`.`);
    }
    const index = allocateIndex();
    const vagrant = role === 'router' && platform === 'vagrant';
    const r: LabRecord = {
      name,
      role,
      platform,
      hostname: linuxHostnameFor(role, platform),
      cliHostname: cliHostnameFor(role, platform),
      index,
      hostAddress: HOST_ADDRESS,
      labAddress: `198.18.0.${index}`,
      interface: role === 'router' ? 'Mg0_RP0_CPU0_0' : 'eth0',
      netns: netnsOf(name),
      hostVeth: hostVethOf(index),
      diskMb,
      cli: vagrant ? { user: 'vagrant', password: 'vagrant' } : { user: opts.user ?? 'root', password: opts.password ?? 'lab' },
      linuxUser: vagrant || role === 'devbox' ? { user: 'vagrant', password: 'vagrant' } : null,
      labDir: labDirOf(name),
      repoRoot: REPO_ROOT,
      createdAt: new Date().toISOString(),
    };
    writeRecord(r); // claims the name and the index before the lock is released
    return r;
  });

  try {
    await prepareLabDir(rec);
    createHostLink({ netns: rec.netns, hostVeth: rec.hostVeth, interface: rec.interface, address: rec.labAddress });
    const st = await startSupervisor(rec, opts.timing);
    await waitForEndpoints(rec, st);
    return infoOf(readRecord(rec.labDir) ?? rec, st);
  } catch (e) {
    const tail = logTail(rec.labDir);
    await teardown(targetFromRecord(readRecord(rec.labDir) ?? rec), false).catch(() => undefined);
    removeSharedIfUnused();
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`Lab '${name}' did not start: ${msg}${tail ? `\n--- supervisor log (last lines) ---\n${tail}` : ''}`);
  }
}

async function prepareLabDir(c: LabConfig): Promise<void> {
  prepareEtc(c);
  writeRouterCommands(c);
  writeSshdConfig(c);
  await Promise.all([
    c.role === 'router' ? generateHostKeys(join(c.labDir, 'cli-keys'), ['rsa', 'ed25519']) : Promise.resolve([]),
    // The vagrant box and the devbox come with host keys; ncs5500/asr9k make them on
    // `service sshd_operns start`, as the tutorial shows.
    c.role === 'devbox' || c.platform === 'vagrant' ? generateHostKeys(join(c.labDir, 'sshd/keys')) : Promise.resolve([]),
  ]);
}

async function startSupervisor(rec: LabRecord, timing: Partial<LabTiming> = {}): Promise<SupervisorStatus> {
  const logFd = openSync(join(rec.labDir, 'supervisor.log'), 'a');
  // Own PID namespace: tini is the lab's init (pid 1, reaps orphans; when the supervisor dies
  // it exits and the kernel ends everything in the lab); --kill-child ends it if unshare dies.
  const init = findCommand('docker-init') ?? findCommand('tini');
  if (!init) throw new Error('Missing docker-init (tini): install with `apt-get install docker.io tini`.');
  const timingEnv = Object.fromEntries(
    ['XRCL_LAB_DOCKER_RESTART_MS', 'XRCL_LAB_CERTS_SYNC_MS'].filter((k) => process.env[k]).map((k) => [k, process.env[k] as string]),
  );
  if (timing.dockerRestartMs != null) timingEnv.XRCL_LAB_DOCKER_RESTART_MS = String(timing.dockerRestartMs);
  if (timing.certsSyncMs != null) timingEnv.XRCL_LAB_CERTS_SYNC_MS = String(timing.certsSyncMs);
  const child = spawn(
    'nsenter',
    [
      `--net=/run/netns/${rec.netns}`,
      'unshare', '--mount', '--uts', '--pid', '--fork', '--kill-child', '--propagation', 'private',
      init, '--',
      process.execPath, '--import', 'tsx', join(REPO_ROOT, 'tests/lab/supervisor.ts'), '--lab-dir', rec.labDir,
    ],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { PATH: `${LAB_PATH}:${process.env.PATH ?? ''}`, HOME: '/root', LANG: 'C.UTF-8', ...timingEnv },
    },
  );
  closeSync(logFd);
  let exited: string | null = null;
  child.on('exit', (code, sig) => (exited = `supervisor exited (${sig ?? `code ${code}`})`));
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error('could not start the supervisor (nsenter/unshare)');
  writeRecord({ ...rec, runtime: { supervisorPid: pid, mntNs: '', netNs: '' } });

  const sock = join(rec.labDir, 'control.sock');
  const st = await waitFor(
    async () => {
      if (exited) throw fatal(exited);
      if (!existsSync(sock)) return undefined;
      const r = await controlRequest(sock, { op: 'status' }, 2000);
      if (!r.ok || !r.status) return undefined;
      if (r.status.phase === 'failed') throw fatal(r.status.error ?? 'failed');
      return r.status.phase === 'ready' ? r.status : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 100, what: 'the supervisor to report ready' },
  );
  writeRecord({ ...rec, runtime: { supervisorPid: st.hostPid ?? pid, mntNs: st.mntNs, netNs: st.netNs } });
  return st;
}

async function waitForEndpoints(rec: LabRecord, st: SupervisorStatus): Promise<void> {
  const checks: Promise<unknown>[] = [];
  const sock = join(rec.labDir, 'docker.sock');
  checks.push(waitFor(() => dockerPing(sock), { timeoutMs: 20_000, what: `dockerd on ${sock}` }));
  const ssh = (port: number): Promise<string> =>
    waitFor(() => sshBanner(rec.labAddress, port), { timeoutMs: 10_000, what: `SSH on ${rec.labAddress}:${port}` });
  if (rec.role === 'devbox') checks.push(ssh(22));
  else {
    if (st.xrCli?.running) checks.push(ssh(22));
    if (rec.platform === 'vagrant') checks.push(ssh(XR_SHELL_PORT));
  }
  await Promise.all(checks);
}

async function supervisorStatus(rec: LabRecord): Promise<SupervisorStatus | undefined> {
  if (!supervisorAlive(rec)) return undefined;
  try {
    const r = await controlRequest(join(rec.labDir, 'control.sock'), { op: 'status' }, 3000);
    return r.ok ? r.status : undefined;
  } catch {
    return undefined;
  }
}

export async function labStatus(): Promise<LabStatusEntry[]> {
  const out: LabStatusEntry[] = [];
  checkLabRoot();
  for (const dir of listLabDirs()) {
    const rec = readRecord(dir);
    if (!rec) continue;
    const st = await supervisorStatus(rec);
    const dockerState = st?.docker.state ?? 'unknown';
    const problems: string[] = [];
    if (!st) problems.push(`the supervisor is gone: run \`npm run lab -- down --name ${rec.name}\``);
    else if (st.phase !== 'ready') problems.push(`the lab is ${st.phase}${st.error ? `: ${st.error}` : ''}`);
    if (st && dockerState !== 'running') {
      problems.push(
        {
          stopped: 'docker is stopped (`service docker start` as root in the lab host)',
          starting: 'docker is starting (not answering yet)',
          restarting: 'docker is restarting (automatic restart after /etc/sysconfig/docker changed)',
        }[dockerState as Exclude<DockerState, 'running'>] ?? `docker is ${dockerState}`,
      );
    }
    if (st?.xrCli && !st.xrCli.running) problems.push(`the XR CLI is not running${st.xrCli.error ? `: ${st.xrCli.error}` : ''}`);
    out.push({
      ...infoOf(rec, st),
      alive: Boolean(st),
      phase: st?.phase ?? 'dead',
      ready: problems.length === 0,
      dockerState,
      problems,
      docker: st ? { ...st.docker, pid: hostPidIn(st, st.docker.pid) } : null,
      sshd: st ? { ...st.sshd, pid: hostPidIn(st, st.sshd.pid) } : null,
      xrCli: st?.xrCli ?? null,
      autoRestart: st?.autoRestart ?? false,
    });
  }
  return out;
}

/** Pids in status are the lab's own (its PID namespace); status shows this machine's. */
function hostPidIn(st: SupervisorStatus, nsPid: number | null): number | null {
  if (nsPid === null || !st.pidNs) return nsPid;
  return hostPidOf(st.pidNs, nsPid) ?? nsPid;
}

export async function labInfo(name: string): Promise<LabInfo> {
  const rec = requireRecord(name);
  return infoOf(rec, await supervisorStatus(rec));
}

function requireRecord(name: string): LabRecord {
  validateName(name);
  checkLabRoot();
  const rec = readRecord(labDirOf(name));
  if (!rec) throw new Error(`No lab named '${name}'. Run \`npm run lab -- status\` to list labs.`);
  return rec;
}

/** Tears down one lab (name) or every lab and stale leftover (all). Returns the names removed. */
export async function labDown(opts: { name?: string; all?: boolean }): Promise<string[]> {
  if (!opts.all && !opts.name) throw new Error('Say which lab: --name NAME, or --all.');
  checkLabRoot();
  const removed: string[] = [];
  const recs = opts.all
    ? listLabDirs().map((d) => readRecord(d)).filter((r): r is LabRecord => r !== null)
    : [requireRecord(opts.name as string)];
  await Promise.all(
    recs.map(async (rec) => {
      // Hard stop: everything in the lab is disposable, and killing it all is much faster than
      // a graceful daemon shutdown. The supervisor's `shutdown` request remains for gentle stops.
      await teardown(targetFromRecord(rec), false);
      removed.push(rec.name);
    }),
  );
  if (opts.all) removed.push(...(await clearStale()));
  removeSharedIfUnused();
  return removed;
}

export async function labFault(name: string, fault: FaultName): Promise<string> {
  const rec = requireRecord(name);
  if (!supervisorAlive(rec)) throw new Error(`Lab '${name}' is not running (its supervisor is gone): run \`npm run lab -- down --name ${name}\`.`);
  const r = await controlRequest(join(rec.labDir, 'control.sock'), { op: 'fault', fault }, 60_000);
  if (!r.ok) throw new Error(`Fault ${fault} on lab '${name}' failed: ${r.error}`);
  return r.detail ?? '';
}

/**
 * Sets the router's delays (ms) for a running lab: dockerRestartMs (save of
 * /etc/sysconfig/docker to the automatic start), certsSyncMs (certs.d to the host layer).
 * null restores the realistic default. Lab suites use it for one realistic-time test.
 */
export async function labTiming(name: string, timing: Partial<LabTiming>): Promise<void> {
  const rec = requireRecord(name);
  if (!supervisorAlive(rec)) throw new Error(`Lab '${name}' is not running.`);
  const r = await controlRequest(join(rec.labDir, 'control.sock'), { op: 'timing', timing }, 10_000);
  if (!r.ok) throw new Error(`Setting the timing of lab '${name}' failed: ${r.error}`);
}

export interface LabExecOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Runs argv as root inside the lab host (its network, mount, UTS and PID namespaces). On a
 * router DOCKER_HOST is set as root's login sets it, so `docker` reaches the router's daemon.
 */
export async function labExec(name: string, argv: string[], opts: LabExecOptions = {}): Promise<RunResult> {
  const rec = requireRecord(name);
  const pid = rec.runtime?.supervisorPid;
  if (!pid || !supervisorAlive(rec)) throw new Error(`Lab '${name}' is not running.`);
  const docker: Record<string, string> = rec.role === 'router' ? { DOCKER_HOST: `unix://${ROUTER_DOCKER_SOCKET}` } : {};
  return run('nsenter', ['-t', String(pid), '--net', '--mount', '--uts', '--pid', '--', ...argv], {
    input: opts.input,
    timeoutMs: opts.timeoutMs ?? 120_000,
    env: { PATH: LAB_PATH, HOME: '/root', USER: 'root', LOGNAME: 'root', LANG: 'C.UTF-8', ...docker, ...opts.env },
  });
}
