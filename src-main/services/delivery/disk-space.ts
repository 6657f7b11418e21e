// Free space on the router before a copy: `df -P` (POSIX output, one line per file system even
// when the device name is long) read into numbers, and a refusal that shows them.
import { AppError } from '../../../src-shared/errors';

export interface DiskSpace {
  filesystem: string;
  mountedOn: string;
  totalBytes: number;
  usedBytes: number;
  availableBytes: number;
}

/** Reads `df -P PATH` output (1024-byte blocks). Throws when the output is not df's. */
export function parseDfP(output: string): DiskSpace {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const header = lines.findIndex((l) => /^Filesystem\s/.test(l));
  const row = header >= 0 ? lines[header + 1] : undefined;
  const blockSize = header >= 0 ? Number(/(\d+)-blocks/.exec(lines[header]!)?.[1] ?? 1024) : 1024;
  // The mount point may hold spaces: the five numeric-ish fields sit before it.
  const m = row ? /^(.+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(\/.*)$/.exec(row) : null;
  if (!m) {
    throw new AppError('The router did not answer `df -P` as expected.', {
      code: 'UNEXPECTED_OUTPUT',
      detail: output.slice(-1000),
      fix: 'Check that /misc/app_host exists on the router (`df -P /misc/app_host` in the XR shell).',
    });
  }
  return {
    filesystem: m[1]!,
    totalBytes: Number(m[2]) * blockSize,
    usedBytes: Number(m[3]) * blockSize,
    availableBytes: Number(m[4]) * blockSize,
    mountedOn: m[6]!,
  };
}

export const MB = 1e6;
export const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/**
 * Refuses a copy that would not fit, with the numbers. `needBytes` is what the copy still adds
 * (a resumed copy needs only the rest); `reserveBytes` is kept free for `docker load`'s own
 * writes next to the tarball.
 */
export function assertFits(space: DiskSpace, needBytes: number, where: string, reserveBytes = 0): void {
  if (needBytes + reserveBytes <= space.availableBytes) return;
  throw new AppError(
    `The tarball does not fit on ${where}: it needs ${mb(needBytes)}${reserveBytes ? ` (plus ${mb(reserveBytes)} kept free)` : ''}, ` +
      `and ${space.mountedOn} has ${mb(space.availableBytes)} free of ${mb(space.totalBytes)}.`,
    {
      code: 'NO_SPACE',
      device: where,
      command: `df -P ${space.mountedOn}`,
      fix:
        'Free space on the router first: remove images you no longer need (`docker rmi IMAGE`, or `docker image prune`), ' +
        'delete old tarballs in /misc/app_host, or send a smaller tarball (a thin one with --thin, or a gzipped one).',
    },
  );
}
