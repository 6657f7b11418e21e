// Test images built on this machine, without any registry or host dockerd: a busybox rootfs
// (Debian's busybox-static plus one symlink per applet) written straight into a docker-save
// tarball that `docker load` and `skopeo copy docker-archive:...` both accept.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { runSync } from './run-command.js';
import { findCommand } from './lab-prereqs.js';

interface TarEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  mode?: number;
  data?: Buffer;
  linkname?: string;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

/** A plain ustar archive (names under 100 bytes are all we need). */
export function writeTar(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(512);
    const name = e.type === 'dir' && !e.path.endsWith('/') ? `${e.path}/` : e.path;
    if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
    const size = e.type === 'file' ? (e.data?.length ?? 0) : 0;
    h.write(name, 0, 100, 'utf8');
    h.write(octal(e.mode ?? (e.type === 'dir' ? 0o755 : 0o644), 8), 100, 8, 'ascii');
    h.write(octal(0, 8), 108, 8, 'ascii');
    h.write(octal(0, 8), 116, 8, 'ascii');
    h.write(octal(size, 12), 124, 12, 'ascii');
    h.write(octal(1_700_000_000, 12), 136, 12, 'ascii');
    h.write('        ', 148, 8, 'ascii');
    h.write(e.type === 'file' ? '0' : e.type === 'dir' ? '5' : '2', 156, 1, 'ascii');
    if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
    h.write('ustar\0', 257, 6, 'ascii');
    h.write('00', 263, 2, 'ascii');
    h.write('root', 265, 32, 'ascii');
    h.write('root', 297, 32, 'ascii');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
    blocks.push(h);
    if (size > 0 && e.data) {
      blocks.push(e.data);
      const pad = (512 - (size % 512)) % 512;
      if (pad) blocks.push(Buffer.alloc(pad));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function busyboxPath(): string {
  const p = findCommand('busybox');
  if (!p) throw new Error('busybox not found: install with `apt-get install busybox-static`.');
  return p;
}

/** Why the image helpers cannot run here, or null. */
export function testImageProblem(): string | null {
  const bb = findCommand('busybox');
  if (!bb) return 'busybox not found: `apt-get install busybox-static`';
  // A dynamically linked busybox would not run in an image without libc.
  const r = runSync('file', ['-L', bb]);
  if (r.code === 0 && r.stdout.includes('dynamically linked')) return 'busybox is dynamically linked: `apt-get install busybox-static`';
  return null;
}

/** The rootfs layer: /bin/busybox, one symlink per applet, /etc/xrcl-image naming the image. */
export function busyboxLayer(marker: string): Buffer {
  const bb = busyboxPath();
  const applets = runSync(bb, ['--list']).stdout.split('\n').filter((a) => /^[\w.[-]+$/.test(a) && a !== 'busybox');
  const entries: TarEntry[] = [
    { path: 'bin', type: 'dir' },
    { path: 'bin/busybox', type: 'file', mode: 0o755, data: readFileSync(bb) },
    ...applets.map((a): TarEntry => ({ path: `bin/${a}`, type: 'symlink', linkname: 'busybox' })),
    { path: 'etc', type: 'dir' },
    { path: 'etc/xrcl-image', type: 'file', data: Buffer.from(`${marker}\n`) },
    { path: 'tmp', type: 'dir', mode: 0o1777 },
  ];
  return writeTar(entries);
}

export interface TestImage {
  file: string;
  tag: string;
  /** Image ID as docker reports it (sha256:<config digest>). */
  id: string;
}

/** Writes a docker-save tarball of a busybox image named `tag` (e.g. xrcl/busybox:1) to file. */
export function writeBusyboxImage(file: string, tag: string, marker = tag): TestImage {
  return writeImageTarball(file, tag, [busyboxLayer(marker)], { Env: ['PATH=/bin'], Cmd: ['sh'], Labels: { 'xrcl.image': marker } });
}

/** A docker-save tarball of these layer tars, tagged `tag`, with `config` as the image's run config. */
export function writeImageTarball(file: string, tag: string, layers: Buffer[], config: Record<string, unknown>): TestImage {
  const diffIds = layers.map((l) => sha256(l));
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const configJson = JSON.stringify({
    architecture: arch,
    os: 'linux',
    created: '2024-01-01T00:00:00Z',
    config,
    rootfs: { type: 'layers', diff_ids: diffIds.map((d) => `sha256:${d}`) },
    history: layers.map(() => ({ created: '2024-01-01T00:00:00Z', created_by: 'xrcl test-images.ts (busybox-static)' })),
  });
  const configDigest = sha256(configJson);
  const [repo, t] = splitTag(tag);
  const tar = writeTar([
    ...layers.flatMap((layer, i): TarEntry[] => [
      { path: diffIds[i]!, type: 'dir' },
      { path: `${diffIds[i]}/VERSION`, type: 'file', data: Buffer.from('1.0') },
      { path: `${diffIds[i]}/json`, type: 'file', data: Buffer.from(JSON.stringify({ id: diffIds[i], os: 'linux' })) },
      { path: `${diffIds[i]}/layer.tar`, type: 'file', data: layer },
    ]),
    { path: `${configDigest}.json`, type: 'file', data: Buffer.from(configJson) },
    {
      path: 'manifest.json',
      type: 'file',
      data: Buffer.from(JSON.stringify([{ Config: `${configDigest}.json`, RepoTags: [tag], Layers: diffIds.map((d) => `${d}/layer.tar`) }])),
    },
    { path: 'repositories', type: 'file', data: Buffer.from(JSON.stringify({ [repo]: { [t]: diffIds[diffIds.length - 1] } })) },
  ]);
  writeFileSync(file, tar);
  return { file, tag, id: `sha256:${configDigest}` };
}

function splitTag(tag: string): [string, string] {
  const i = tag.lastIndexOf(':');
  return i > tag.lastIndexOf('/') ? [tag.slice(0, i), tag.slice(i + 1)] : [tag, 'latest'];
}
