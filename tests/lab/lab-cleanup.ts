// Tearing a lab host down, and finding labs whose supervisor is gone (a crashed test, a
// SIGKILL) so the next `up` clears them first. Order matters: processes first (they hold the
// namespaces and mounts), then cgroups, the link, the files, and the bridge once unused.
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { controlRequest } from './control-socket.js';
import { cgroupNameOf, isValidName, LAB_PREFIX, labDirOf, labRoot, listLabDirs, netnsOf, readRecord, type LabRecord } from './lab-config.js';
import { checkLabRoot } from './lab-state.js';
import { bridgeExists, firewallRulesPresent, listLabNetns, listLabVeths, removeBridge, removeHostLink } from './lab-network.js';
import { cmdline, isZombie, killLabProcesses, listPids, nsInode, pidAlive } from './lab-processes.js';
import { runSync } from './run-command.js';
import { waitFor } from '../support/wait-for.js';

function supervisorLooksOurs(pid: number, labDir: string): boolean {
  if (!pidAlive(pid)) return false;
  const argv = cmdline(pid);
  return argv.some((a) => a.endsWith('tests/lab/supervisor.ts')) && argv.includes(labDir);
}

/** True while the recorded supervisor process still runs (and is ours, not a reused pid). */
export function supervisorAlive(rec: LabRecord): boolean {
  const pid = rec.runtime?.supervisorPid;
  return Boolean(pid) && supervisorLooksOurs(pid as number, rec.labDir);
}

function netnsInodeOf(netns: string): string | null {
  try {
    return String(statSync(`/run/netns/${netns}`).ino);
  } catch {
    return null;
  }
}

/** cgroup directories called `name` anywhere in the mounted cgroup hierarchies (shallow walk). */
export function findCgroupDirs(match: (dirName: string) => boolean, maxDepth = 6): string[] {
  const roots = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f[2] === 'cgroup' || f[2] === 'cgroup2')
    .map((f) => f[1] ?? '')
    .filter(Boolean);
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const p = join(dir, e.name);
      if (match(e.name)) found.push(p);
      else if (depth < maxDepth) walk(p, depth + 1);
    }
  };
  for (const r of roots) walk(r, 0);
  return found;
}

function removeCgroupTree(dir: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return;
  }
  for (const e of entries) removeCgroupTree(join(dir, e));
  try {
    rmdirSync(dir);
  } catch {
    /* still busy: reported by the caller's check */
  }
}

async function removeCgroups(cgroupName: string): Promise<void> {
  await waitFor(
    () => {
      const dirs = findCgroupDirs((n) => n === cgroupName);
      dirs.forEach(removeCgroupTree);
      return findCgroupDirs((n) => n === cgroupName).length === 0;
    },
    { timeoutMs: 5000, intervalMs: 100, what: `cgroups named ${cgroupName} to be removable` },
  );
}

/** Mounts of the host that lie under dir (there should be none: the lab mounts in its own namespace). */
function hostMountsUnder(dir: string): string[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' '))
    .filter((m) => m === dir || m.startsWith(dir + '/'));
}

export interface TeardownTarget {
  name: string;
  labDir: string;
  netns: string;
  hostVeth: string | null;
  supervisorPid: number | null;
  mntNs: string | null;
}

export function targetFromRecord(rec: LabRecord): TeardownTarget {
  return {
    name: rec.name,
    labDir: rec.labDir,
    netns: rec.netns,
    hostVeth: rec.hostVeth,
    supervisorPid: rec.runtime?.supervisorPid ?? null,
    mntNs: rec.runtime?.mntNs ?? null,
  };
}

/** Removes everything one lab host made. Safe to call on half-made or already dead labs. */
export async function teardown(t: TeardownTarget, graceful: boolean): Promise<void> {
  // Act only on what the naming rules allow: this lab's dir under the lab root, its own netns
  // and veth, and never this machine's own namespaces (a forged record must not reach them).
  if (!isValidName(t.name) || t.labDir !== labDirOf(t.name) || t.netns !== netnsOf(t.name)) {
    throw new Error(`Refusing to tear down '${t.name}': its directory or namespace does not follow the lab's naming rules.`);
  }
  if (t.hostVeth !== null && !new RegExp(`^${LAB_PREFIX}v\\d+$`).test(t.hostVeth)) t = { ...t, hostVeth: null };
  const own = { mnt: nsInode('self', 'mnt'), net: nsInode('self', 'net'), init: nsInode(1, 'mnt') };
  if (t.mntNs !== null && (t.mntNs === '' || t.mntNs === own.mnt || t.mntNs === own.init)) t = { ...t, mntNs: null };
  if (t.supervisorPid !== null && !supervisorLooksOurs(t.supervisorPid, t.labDir)) t = { ...t, supervisorPid: null };
  const sock = join(t.labDir, 'control.sock');
  if (graceful && t.supervisorPid && pidAlive(t.supervisorPid) && existsSync(sock)) {
    try {
      await controlRequest(sock, { op: 'shutdown' }, 3000);
      const pid = t.supervisorPid;
      await waitFor(() => !pidAlive(pid), { timeoutMs: 8000, what: 'the supervisor to stop' });
    } catch {
      /* fall through to the hard clean-up */
    }
  }
  let netNs = netnsInodeOf(t.netns);
  if (netNs === own.net || netNs === nsInode(1, 'net')) netNs = null;
  const mntNs = t.mntNs ?? (t.supervisorPid && pidAlive(t.supervisorPid) ? nsInode(t.supervisorPid, 'mnt') : null);
  await killLabProcesses({ netNs, mntNs, cgroupName: cgroupNameOf(t.name) });
  await removeCgroups(cgroupNameOf(t.name));
  removeHostLink(t.netns, t.hostVeth ?? '');
  for (const m of hostMountsUnder(t.labDir).reverse()) runSync('umount', ['-l', m]);
  rmSync(t.labDir, { recursive: true, force: true });
}

/** After the last lab: the bridge, its firewall rule and the empty lab root go too. */
export function removeSharedIfUnused(): void {
  if (listLabDirs().length === 0 && listLabNetns().length === 0) {
    removeBridge(); // and its firewall rule
    try {
      rmdirSync(labRoot());
    } catch {
      /* not empty or not there */
    }
  }
}

/** Clears labs whose supervisor is dead, and xrcl namespaces/veths/cgroups nobody owns. */
export async function clearStale(): Promise<string[]> {
  checkLabRoot();
  const cleared: string[] = [];
  const known = new Set<string>();
  for (const dir of listLabDirs()) {
    const rec = readRecord(dir);
    if (rec) known.add(rec.netns);
    if (rec && supervisorAlive(rec)) continue;
    // A record without runtime may be a lab that is starting right now: leave young ones be.
    if (rec && !rec.runtime && Date.now() - Date.parse(rec.createdAt) < 60_000) continue;
    const name = rec?.name ?? dir.split('/').pop() ?? '';
    await teardown(
      rec ? targetFromRecord(rec) : { name, labDir: labDirOf(name), netns: netnsOf(name), hostVeth: null, supervisorPid: null, mntNs: null },
      false,
    );
    cleared.push(name);
  }
  for (const ns of listLabNetns()) {
    if (known.has(ns)) continue;
    const name = ns.slice(LAB_PREFIX.length + 1);
    if (!isValidName(name)) continue;
    await teardown({ name, labDir: join(labRoot(), name), netns: ns, hostVeth: null, supervisorPid: null, mntNs: null }, false);
    cleared.push(name);
  }
  // Host veths whose peer namespace is gone disappear by themselves; any other orphan goes here.
  const live = new Set(listLabDirs().map((d) => readRecord(d)?.hostVeth).filter(Boolean));
  for (const v of listLabVeths()) if (!live.has(v)) runSync('ip', ['link', 'del', v]);
  return cleared;
}

/** Everything named xrcl that still exists on this machine (used by the tests' "nothing left" check). */
export function leftovers(): string[] {
  const out: string[] = [];
  for (const ns of listLabNetns()) out.push(`netns ${ns}`);
  for (const v of listLabVeths()) out.push(`link ${v}`);
  if (bridgeExists()) out.push('bridge xrclbr0');
  for (const r of firewallRulesPresent() ?? ['firewall rules (iptables/ip6tables could not be asked)']) out.push(`firewall ${r}`);
  for (const d of findCgroupDirs((n) => n.startsWith(`${LAB_PREFIX}-`))) out.push(`cgroup ${d}`);
  for (const m of hostMountsUnder(labRoot())) out.push(`mount ${m}`);
  for (const l of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    if (l.includes('xrcl')) out.push(`mount ${l}`);
  }
  for (const pid of listPids()) {
    if (pid === process.pid || isZombie(pid)) continue;
    const cg = (() => {
      try {
        return readFileSync(`/proc/${pid}/cgroup`, 'utf8');
      } catch {
        return '';
      }
    })();
    if (/\/xrcl-/.test(cg) || cmdline(pid).some((a) => a.includes(labRoot()))) out.push(`process ${pid} ${cmdline(pid).join(' ')}`);
  }
  if (existsSync(labRoot())) out.push(`dir ${labRoot()}`);
  return [...new Set(out)];
}
