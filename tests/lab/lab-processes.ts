// Finding a lab's processes through /proc: by network or mount namespace (everything the
// supervisor started) and by cgroup (the containers its dockerd started, which live in their
// own namespaces). This is how `down` and the stale clean-up leave nothing running, even when
// the supervisor itself was killed.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { isZombie, pidAlive } from '../support/process-probes.js';

export { isZombie, pidAlive };

export function listPids(): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

/** e.g. "net:[4026532281]" -> "4026532281"; null if the process is gone. */
export function nsInode(pid: number | 'self', ns: 'net' | 'mnt' | 'pid'): string | null {
  try {
    const l = readlinkSync(`/proc/${pid}/ns/${ns}`);
    return /\[(\d+)\]/.exec(l)?.[1] ?? null;
  } catch {
    return null;
  }
}

export function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

export function inCgroupNamed(pid: number, cgroupName: string): boolean {
  try {
    const text = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
    return text.split('\n').some((line) => line.split(':').slice(2).join(':').split('/').includes(cgroupName));
  } catch {
    return false;
  }
}

/** Running (a zombie counts as gone: this machine's init may reap orphans late). */
export interface LabProcessMatch {
  netNs?: string | null;
  mntNs?: string | null;
  cgroupName?: string;
}

export function findLabProcesses(m: LabProcessMatch): number[] {
  const self = process.pid;
  return listPids().filter((pid) => {
    if (pid === self || pid === 1) return false;
    if (m.netNs && nsInode(pid, 'net') === m.netNs) return true;
    if (m.mntNs && nsInode(pid, 'mnt') === m.mntNs) return true;
    if (m.cgroupName && inCgroupNamed(pid, m.cgroupName)) return true;
    return false;
  });
}

/** SIGKILLs every matching process until none is left (new ones may fork meanwhile). */
export async function killLabProcesses(m: LabProcessMatch, timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  const killed = new Set<number>();
  for (;;) {
    const pids = findLabProcesses(m).filter((p) => !isZombie(p));
    if (pids.length === 0) return [...killed];
    for (const p of pids) {
      try {
        process.kill(p, 'SIGKILL');
        killed.add(p);
      } catch {
        /* already gone */
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`Could not stop lab processes ${pids.join(', ')} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}


/** The pid this machine sees for the process that is `nsPid` in the PID namespace `pidNs`; null if none. */
export function hostPidOf(pidNs: string, nsPid: number): number | null {
  for (const pid of listPids()) {
    if (nsInode(pid, 'pid') !== pidNs) continue;
    try {
      const m = /^NSpid:\s+([\d\s]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      const ids = (m?.[1] ?? '').trim().split(/\s+/).map(Number);
      if (ids[ids.length - 1] === nsPid) return pid;
    } catch {
      /* gone */
    }
  }
  return null;
}
