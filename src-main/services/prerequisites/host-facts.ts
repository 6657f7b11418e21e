// What this computer has, measured with Node APIs only (no commands), so it is fast and
// works the same everywhere. Tests pass their own HostFacts instead.
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface HostFacts {
  platform: NodeJS.Platform;
  /** Node's arch of this process: 'x64', 'arm64', ... (x64 under Rosetta on Apple Silicon). */
  arch: string;
  /** The CPU's own name, e.g. "Apple M2": tells Apple Silicon apart even under Rosetta. */
  cpuModel: string;
  osRelease: string;
  /** Logical CPUs available to us. */
  cores: number;
  totalMemBytes: number;
  /** Linux reports available memory (MemAvailable); macOS counts its file cache as used. */
  freeMemBytes: number;
  /** The folder whose disk we measure: the app's data folder. */
  dataDir: string;
  /** Free bytes for an unprivileged user on dataDir's disk; null when it cannot be measured. */
  freeDiskBytes: number | null;
  /** Linux only: the distribution, from /etc/os-release (install fixes differ per distribution). */
  distro?: LinuxDistro | null;
  /** The user id this app runs as (POSIX); null on Windows. */
  uid?: number | null;
}

export interface LinuxDistro {
  /** ID, e.g. "debian", "ubuntu", "fedora". */
  id: string;
  /** ID_LIKE, e.g. ["ubuntu", "debian"] on Linux Mint. */
  idLike: string[];
  /** VERSION_ID, e.g. "12", "24.04"; empty when absent (rolling releases). */
  versionId: string;
  /** PRETTY_NAME, e.g. "Debian GNU/Linux 12 (bookworm)". */
  name: string;
}

export async function getHostFacts(opts: { dataDir?: string } = {}): Promise<HostFacts> {
  const dataDir = opts.dataDir ?? os.homedir();
  return {
    platform: process.platform,
    arch: process.arch,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    osRelease: os.release(),
    cores: os.availableParallelism(),
    totalMemBytes: os.totalmem(),
    freeMemBytes: os.freemem(),
    dataDir,
    freeDiskBytes: await freeDiskBytes(dataDir),
    distro: process.platform === 'linux' ? await readDistro() : null,
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
  };
}

/** Reads os-release (the systemd format every current distribution ships); null when absent. */
export async function readDistro(files = ['/etc/os-release', '/usr/lib/os-release']): Promise<LinuxDistro | null> {
  for (const file of files) {
    try {
      return parseOsRelease(await readFile(file, 'utf8'));
    } catch {
      // Try the next location.
    }
  }
  return null;
}

export function parseOsRelease(text: string): LinuxDistro {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) fields.set(m[1]!, m[2]!.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return {
    id: (fields.get('ID') ?? 'linux').toLowerCase(),
    idLike: (fields.get('ID_LIKE') ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    versionId: fields.get('VERSION_ID') ?? '',
    name: fields.get('PRETTY_NAME') ?? fields.get('NAME') ?? 'Linux',
  };
}

/** Free space on the disk holding `dir`, walking up to the nearest folder that exists yet. */
export async function freeDiskBytes(dir: string): Promise<number | null> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      const s = await statfs(current);
      return s.bavail * s.bsize;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return null;
      current = parent;
    }
  }
}
