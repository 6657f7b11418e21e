// Images for the container suites, loaded straight into a lab router's daemon: the busybox test
// image, and one with an extra layer of random bytes whose removal shows on `df`.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { labExec } from '../../lab/lab-api';
import { findCommand } from '../../lab/lab-prereqs';
import { busyboxLayer, writeBusyboxImage, writeTar } from '../../lab/test-images';

const findBusybox = (): string => findCommand('busybox') ?? 'busybox';

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** docker load on the router, from a tarball written on this computer. */
export async function loadIntoRouter(lab: string, file: string): Promise<void> {
  const r = await labExec(lab, ['docker', 'load'], { input: readFileSync(file) });
  if (r.code !== 0) throw new Error(`docker load on ${lab} failed: ${r.stderr}`);
}

export async function loadBusybox(lab: string, file: string, tag: string): Promise<void> {
  writeBusyboxImage(file, tag);
  await loadIntoRouter(lab, file);
}

/** An image without a shell: only /bin/busybox (no applet links), its command `busybox cat`. */
export function writeShellLessImage(file: string, tag: string): void {
  writeImage(file, tag, [writeTar([{ path: 'bin', type: 'dir' }, { path: 'bin/busybox', type: 'file', mode: 0o755, data: readFileSync(findBusybox()) }])], ['/bin/busybox', 'cat']);
}

/** A busybox image with a second layer holding `padMb` MB of random bytes (does not compress away). */
export function writePaddedImage(file: string, tag: string, padMb: number): void {
  writeImage(file, tag, [busyboxLayer(tag), writeTar([{ path: 'pad', type: 'file', data: randomBytes(padMb * 1024 * 1024) }])], ['sh']);
}

/** A docker-save tarball of these layers, tagged `tag`. */
function writeImage(file: string, tag: string, layers: Buffer[], cmd: string[]): void {
  const diffIds = layers.map((l) => sha256(l));
  const config = JSON.stringify({
    architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
    os: 'linux',
    created: '2024-01-01T00:00:00Z',
    config: { Env: ['PATH=/bin'], Cmd: cmd },
    rootfs: { type: 'layers', diff_ids: diffIds.map((d) => `sha256:${d}`) },
  });
  const configName = `${sha256(config)}.json`;
  writeFileSync(
    file,
    writeTar([
      ...layers.flatMap((l, i) => [
        { path: diffIds[i]!, type: 'dir' as const },
        { path: `${diffIds[i]}/layer.tar`, type: 'file' as const, data: l },
      ]),
      { path: configName, type: 'file', data: Buffer.from(config) },
      { path: 'manifest.json', type: 'file', data: Buffer.from(JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: diffIds.map((d) => `${d}/layer.tar`) }])) },
    ]),
  );
}
