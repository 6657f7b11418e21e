// Images for the container suites, loaded straight into a lab router's daemon: the busybox test
// image, one without a shell, and one with an extra layer of random bytes whose removal shows on
// the disk.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { labExec } from '../../lab/lab-api';
import { findCommand } from '../../lab/lab-prereqs';
import { busyboxLayer, writeBusyboxImage, writeImageTarball, writeTar } from '../../lab/test-images';

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
  const busybox = readFileSync(findCommand('busybox') ?? 'busybox');
  const layer = writeTar([{ path: 'bin', type: 'dir' }, { path: 'bin/busybox', type: 'file', mode: 0o755, data: busybox }]);
  writeImageTarball(file, tag, [layer], { Env: ['PATH=/bin'], Cmd: ['/bin/busybox', 'cat'] });
}

/** A busybox image with a second layer holding `padMb` MB of random bytes (does not compress away). */
export function writePaddedImage(file: string, tag: string, padMb: number): void {
  const pad = writeTar([{ path: 'pad', type: 'file', data: randomBytes(padMb * 1024 * 1024) }]);
  writeImageTarball(file, tag, [busyboxLayer(tag), pad], { Env: ['PATH=/bin'], Cmd: ['sh'] });
}
