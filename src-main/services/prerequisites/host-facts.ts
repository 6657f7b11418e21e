// What this computer has, measured with Node APIs only (no commands), so it is fast and
// works the same everywhere. Tests pass their own HostFacts instead.
import { statfs } from 'node:fs/promises';
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
