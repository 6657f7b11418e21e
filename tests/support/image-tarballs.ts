// Small image tarballs for the image specs, built in memory with tar-stream: the docker-save
// legacy layout (Docker up to 24), the blobs layout Docker 25+ writes (manifest.json plus an OCI
// index), an OCI image layout with gzipped layers, and a flat export. Content is tiny and fixed,
// so every digest is known and damage can be placed exactly.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface FileSpec {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink';
  linkname?: string;
  mode?: number;
}

export const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** A tar archive of the given entries, in order, with fixed times and root owners. */
export async function tarBuffer(files: FileSpec[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  })();
  for (const f of files) {
    const type = f.type ?? 'file';
    const header = { name: f.name, type, mode: f.mode ?? (type === 'directory' ? 0o755 : 0o644), uid: 0, gid: 0, mtime: new Date(1_700_000_000_000), ...(f.linkname ? { linkname: f.linkname } : {}) };
    await new Promise<void>((res, rej) => {
      const cb = (err?: Error | null): void => (err ? rej(err) : res());
      if (type === 'file') pack.entry(header, Buffer.from(f.data ?? ''), cb);
      else pack.entry(header, cb);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Two small layers: a file, then a second file and a whiteout of the first. */
export async function sampleLayers(): Promise<Buffer[]> {
  return [
    await tarBuffer([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/one.txt', data: 'one\n' },
      { name: 'etc/keep.txt', data: 'keep\n' },
    ]),
    await tarBuffer([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/two.txt', data: 'two\n' },
      { name: 'etc/.wh.one.txt', data: '' },
    ]),
  ];
}

function config(diffIds: string[], arch = 'amd64'): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: arch,
      os: 'linux',
      config: { Env: ['PATH=/bin'], Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: diffIds.map((d) => `sha256:${d}`) },
    }),
  );
}

/** A docker-save tarball in the legacy layout (<id>/layer.tar, <config>.json) or the blobs layout. */
export async function saveTarball(layers: Buffer[], tags: string[], layout: 'legacy' | 'blobs' = 'legacy'): Promise<Buffer> {
  const diffIds = layers.map((l) => sha(l));
  const cfg = config(diffIds);
  const cfgHex = sha(cfg);
  const files: FileSpec[] = [];
  if (layout === 'legacy') {
    layers.forEach((l, i) => {
      files.push({ name: `${diffIds[i]}/`, type: 'directory' }, { name: `${diffIds[i]}/VERSION`, data: '1.0' }, { name: `${diffIds[i]}/layer.tar`, data: l });
    });
    files.push({ name: `${cfgHex}.json`, data: cfg });
    files.push({ name: 'manifest.json', data: JSON.stringify([{ Config: `${cfgHex}.json`, RepoTags: tags, Layers: diffIds.map((d) => `${d}/layer.tar`) }]) });
  } else {
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${cfgHex}`, size: cfg.length },
        layers: layers.map((l, i) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${diffIds[i]}`, size: l.length })),
      }),
    );
    files.push({ name: 'blobs/', type: 'directory' }, { name: 'blobs/sha256/', type: 'directory' });
    const blobs: Array<[string, Buffer]> = [[cfgHex, cfg], [sha(manifest), manifest], ...layers.map((l, i): [string, Buffer] => [diffIds[i]!, l])];
    for (const [hex, data] of blobs.sort(([a], [b]) => (a < b ? -1 : 1))) files.push({ name: `blobs/sha256/${hex}`, data });
    files.push({
      name: 'index.json',
      data: JSON.stringify({
        schemaVersion: 2,
        manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha(manifest)}`, size: manifest.length, annotations: { 'io.containerd.image.name': `docker.io/${tags[0]}` } }],
      }),
    });
    files.push({ name: 'manifest.json', data: JSON.stringify([{ Config: `blobs/sha256/${cfgHex}`, RepoTags: tags, Layers: diffIds.map((d) => `blobs/sha256/${d}`) }]) });
    files.push({ name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' });
  }
  files.push({ name: 'repositories', data: '{}' });
  return tarBuffer(files);
}

/** An OCI image layout with gzipped layers, named by a ref.name annotation. */
export async function ociTarball(layers: Buffer[], refName: string, arch = 'amd64'): Promise<Buffer> {
  const diffIds = layers.map((l) => sha(l));
  const gz = layers.map((l) => gzipSync(l, { level: 1 }));
  const cfg = config(diffIds, arch);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha(cfg)}`, size: cfg.length },
      layers: gz.map((g) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${sha(g)}`, size: g.length })),
    }),
  );
  const index = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${sha(manifest)}`,
        size: manifest.length,
        platform: { os: 'linux', architecture: arch },
        annotations: { 'org.opencontainers.image.ref.name': refName },
      },
    ],
  };
  const blobs = [cfg, manifest, ...gz].map((b) => ({ name: `blobs/sha256/${sha(b)}`, data: b }));
  return tarBuffer([{ name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' }, { name: 'index.json', data: JSON.stringify(index) }, ...blobs]);
}

/** Offset of `needle` in `hay` (for placing damage exactly). */
export function offsetOf(hay: Buffer, needle: Buffer | string): number {
  const i = hay.indexOf(needle);
  if (i < 0) throw new Error('needle not found');
  return i;
}

/** A copy of `data` with one bit flipped at `offset`. */
export function flipByte(data: Buffer, offset: number): Buffer {
  const copy = Buffer.from(data);
  copy.writeUInt8(copy.readUInt8(offset) ^ 0x01, offset);
  return copy;
}
