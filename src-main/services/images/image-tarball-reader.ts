// The one reader of image tarballs for the whole app (inspector, builder base, registry push,
// thin delivery): `docker save` archives (the legacy `<id>/layer.tar` layout and the Docker 25+
// `blobs/sha256/…` layout), OCI image layouts, and `docker export` root file systems, gzipped or
// not. One streaming pass hashes every blob (and its uncompressed form) and keeps only the small
// JSON documents in memory; `readImageTarball` then checks every digest it can.
import type { TarballKind } from '../../../src-shared/types/images';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../../src-shared/errors';
import {
  CHUNK,
  drain,
  fileCompression,
  normalizeEntryName,
  readAll,
  sniffCompression,
  walkTar,
  type Compression,
  type TarEntryHeader,
  type WalkOptions,
} from './tarball-stream';

export type { TarballKind };

/** A file inside the tarball that matters for images (metadata or blob), with its digests. */
export interface TarballEntryInfo {
  path: string;
  size: number;
  /** sha256 (hex) of the bytes as stored. */
  sha256: string;
  compression: Compression;
  /** sha256 (hex) of the uncompressed bytes; equals sha256 when not compressed; null for zstd. */
  diffId: string | null;
  uncompressedSize: number | null;
}

export interface LayerRecord {
  /** Entry path inside the tarball. */
  path: string;
  /** sha256:… of the layer as stored (what a registry calls the blob digest). */
  digest: string;
  /** sha256:… of the uncompressed layer tar (what the config's rootfs.diff_ids lists). */
  diffId: string;
  /** Bytes as stored. */
  size: number;
  uncompressedSize: number | null;
  compression: Compression;
}

/** The parts of an image config this app reads and writes (others are kept as they are). */
export interface ImageConfigJson {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    User?: string;
    [k: string]: unknown;
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: Array<Record<string, unknown>>;
  [k: string]: unknown;
}

export interface ImageRecord {
  tags: string[];
  /** os/architecture[/variant], e.g. linux/amd64; null when unknown (export tarballs). */
  platform: string | null;
  /** sha256:… of the config JSON (the image ID Docker shows); null for export tarballs. */
  configDigest: string | null;
  config: ImageConfigJson | null;
  /** The config JSON bytes exactly as stored (their digest is the image ID). */
  configBytes: Buffer | null;
  layers: LayerRecord[];
}

export interface ImageTarballIndex {
  file: string;
  kind: TarballKind;
  compressed: boolean;
  fileSha256: string;
  fileBytes: number;
  /** sha256 and size of the tar stream after decompression. */
  tarSha256: string;
  tarBytes: number;
  images: ImageRecord[];
  /** Every digest mismatch, missing part or read error found; empty means all checks passed. */
  problems: string[];
  /** Image-relevant entries by normalised path (metadata files and blobs, not rootfs files). */
  entries: Map<string, TarballEntryInfo>;
  /** Number of entries of any kind in the tar stream. */
  entryCount: number;
}

/** How readImageTarball reads: `verify: false` hashes only the small JSON documents. */
export interface ReadOptions extends WalkOptions {
  /**
   * Default true: hash every blob and check every digest. A registry push passes false: the
   * registry hashes each blob it receives and refuses one that does not match its digest, so
   * a second pass over gigabytes before sending would only repeat that check. Layer digests
   * then come from the descriptors (OCI), the blob names, or the config's diffIDs for
   * uncompressed layers (docker save); a layer whose digest cannot be known that way is listed
   * in `problems`, and the caller reads again with verify.
   */
  verify?: boolean;
}

const JSON_LIMIT = 8 << 20;
const SHA256_BLOB = /^blobs\/sha256\/([a-f0-9]{64})$/;

/** Entries worth hashing and remembering: everything but the files of a root file system. */
function isImagePart(path: string): boolean {
  if (!path.includes('/')) return true;
  if (path.startsWith('blobs/')) return true;
  return /^[^/]+\/(layer\.tar|json|VERSION)$/.test(path);
}

function wantsBytes(path: string, size: number, head: Buffer): boolean {
  if (size > JSON_LIMIT) return false;
  if (!path.includes('/')) return path.endsWith('.json') || path === 'repositories' || path === 'oci-layout';
  return path.startsWith('blobs/') && head[0] === 0x7b; // '{': a manifest, index or config
}

interface Scan {
  entries: Map<string, TarballEntryInfo>;
  docs: Map<string, Buffer>;
  entryCount: number;
  verify: boolean;
}

/** A blob read without hashing (verify: false): its digests are not known from its bytes. */
const UNHASHED = '';

async function hashEntry(entry: Readable, size: number, path: string, scan: Scan): Promise<void> {
  const stored = createHash('sha256');
  let plain: ReturnType<typeof createHash> | null = null;
  let plainBytes = 0;
  let gunzip: ReturnType<typeof createGunzip> | null = null;
  let compression: Compression = 'none';
  let keep: Buffer[] | null = null;
  let first = true;
  let hashing = true;
  let gzipError: Error | null = null;
  for await (const chunk of entry as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      compression = sniffCompression(chunk);
      if (wantsBytes(path, size, chunk)) keep = [];
      // Without verify only the documents are hashed; blobs are read past.
      else if (!scan.verify) hashing = false;
      if (hashing && compression === 'gzip') {
        plain = createHash('sha256');
        gunzip = createGunzip({ chunkSize: CHUNK });
        gunzip.on('data', (d: Buffer) => {
          plain!.update(d);
          plainBytes += d.length;
        });
        gunzip.on('error', (e) => (gzipError ??= e));
      }
    }
    if (!hashing) continue;
    stored.update(chunk);
    keep?.push(chunk);
    if (gunzip && !gzipError && !gunzip.write(chunk)) {
      await Promise.race([once(gunzip, 'drain'), once(gunzip, 'error')]).catch(() => undefined);
    }
  }
  if (!hashing) {
    scan.entries.set(path, { path, size, sha256: UNHASHED, compression, diffId: null, uncompressedSize: compression === 'none' ? size : null });
    return;
  }
  if (gunzip && !gzipError) {
    gunzip.end();
    await Promise.race([once(gunzip, 'end'), once(gunzip, 'error')]).catch(() => undefined);
  }
  const sha = stored.digest('hex');
  let diffId: string | null = sha;
  let uncompressedSize: number | null = size;
  if (compression === 'gzip') {
    diffId = gzipError ? null : plain!.digest('hex');
    uncompressedSize = gzipError ? null : plainBytes;
  } else if (compression === 'zstd') {
    diffId = null;
    uncompressedSize = null;
  }
  scan.entries.set(path, { path, size, sha256: sha, compression, diffId, uncompressedSize });
  if (keep) scan.docs.set(path, Buffer.concat(keep));
}

/**
 * Reads a tarball once and checks every digest: layer diffIDs against the config's
 * rootfs.diff_ids, config digests against their names, OCI blobs against their descriptors.
 * Never throws for a damaged tarball: what is wrong lands in `problems`.
 */
export async function readImageTarball(file: string, options: ReadOptions = {}): Promise<ImageTarballIndex> {
  const scan: Scan = { entries: new Map(), docs: new Map(), entryCount: 0, verify: options.verify ?? true };
  const problems: string[] = [];
  let walk: Awaited<ReturnType<typeof walkTar>> | null = null;
  const compressed = (await fileCompression(file)) === 'gzip';
  try {
    walk = await walkTar(
      file,
      async (h: TarEntryHeader, entry) => {
        scan.entryCount++;
        const path = normalizeEntryName(h.name);
        if ((h.type === 'file' || h.type === 'contiguous-file') && isImagePart(path)) {
          await hashEntry(entry, h.size, path, scan);
        } else {
          await drain(entry);
        }
      },
      // Without verify the file's own digest is not needed either (export tarballs need it as their layer digest).
      { ...options, hashFile: options.hashFile ?? scan.verify },
    );
    if (!walk.endMarker) problems.push('The tarball ends without the end-of-archive marker: it is probably truncated.');
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    problems.push(err instanceof Error ? err.message : String(err));
  }
  const kind = kindOf(scan);
  const images: ImageRecord[] = [];
  checkBlobNames(scan, problems);
  if (kind === 'save') readSave(scan, images, problems);
  else if (kind === 'oci') readOci(scan, images, problems);
  else if (walk && !walk.fileSha256) problems.push('A container file system (docker export) has no digest on record: read it with verify.');
  else if (walk) {
    images.push({
      tags: [],
      platform: null,
      configDigest: null,
      config: null,
      configBytes: null,
      layers: [
        {
          path: '',
          digest: `sha256:${walk.fileSha256}`,
          diffId: `sha256:${walk.tarSha256}`,
          size: walk.fileBytes,
          uncompressedSize: walk.tarBytes,
          compression: walk.compression,
        },
      ],
    });
  }
  return {
    file,
    kind,
    compressed,
    fileSha256: walk?.fileSha256 ?? '',
    fileBytes: walk?.fileBytes ?? 0,
    tarSha256: walk?.tarSha256 ?? '',
    tarBytes: walk?.tarBytes ?? 0,
    images,
    problems,
    entries: scan.entries,
    entryCount: scan.entryCount,
  };
}

/** What the tarball is; for a damaged one, what its parts so far look like. */
function kindOf(scan: Scan): TarballKind {
  if (scan.entries.has('manifest.json')) return 'save';
  if (scan.entries.has('oci-layout') || scan.entries.has('index.json')) return 'oci';
  const paths = [...scan.entries.keys()];
  if (paths.some((p) => /^[a-f0-9]{64}(\/(layer\.tar|json|VERSION)|\.json)$/.test(p))) return 'save';
  if (paths.some((p) => SHA256_BLOB.test(p))) return 'oci';
  return 'export';
}

/** Throws a clear AppError when the tarball cannot serve as a base or be sent. */
export function assertUsable(index: ImageTarballIndex): void {
  if (index.problems.length === 0) return;
  throw new AppError(`${index.file} failed its checks: ${index.problems[0]}`, {
    code: 'BAD_TARBALL',
    fix: 'Save or copy the tarball again from a good source; XR Container Lab will not use or send a damaged image.',
    device: 'this computer',
    detail: index.problems.join('\n'),
  });
}

function checkBlobNames(scan: Scan, problems: string[]): void {
  for (const [path, info] of scan.entries) {
    const m = SHA256_BLOB.exec(path);
    if (m && info.sha256 !== UNHASHED && m[1] !== info.sha256) {
      problems.push(`${path}: its content does not match its digest (sha256:${info.sha256}); the blob is corrupted.`);
    }
  }
}

function parseJson<T>(scan: Scan, path: string, problems: string[], what: string): T | null {
  const bytes = scan.docs.get(path);
  if (!bytes) {
    problems.push(`${what} (${path}) is missing.`);
    return null;
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    problems.push(`${what} (${path}) is not valid JSON.`);
    return null;
  }
}

function platformOf(config: ImageConfigJson | null): string | null {
  if (!config?.os || !config.architecture) return null;
  return `${config.os}/${config.architecture}${config.variant ? `/${config.variant}` : ''}`;
}

/**
 * A layer read without hashing: its digest from the descriptor, else its blob name, else (an
 * uncompressed layer) the config's diffID. The registry checks it against the bytes on upload.
 */
function unhashedLayer(path: string, info: TarballEntryInfo, diffId: string | undefined, described: string | undefined): LayerRecord | null {
  const named = SHA256_BLOB.exec(path)?.[1];
  const digest = described ?? (named ? `sha256:${named}` : info.compression === 'none' ? diffId : undefined);
  if (!digest || info.compression === 'zstd') return null;
  return {
    path,
    digest,
    diffId: info.compression === 'none' ? digest : (diffId ?? ''),
    size: info.size,
    uncompressedSize: info.uncompressedSize,
    compression: info.compression,
  };
}

/** Layers listed by paths, checked against the config's diff_ids. */
function layersFor(
  scan: Scan,
  paths: string[],
  config: ImageConfigJson | null,
  problems: string[],
  expected?: Array<{ digest: string; size: number }>,
): LayerRecord[] {
  const diffIds = config?.rootfs?.diff_ids ?? [];
  if (config && diffIds.length !== paths.length) {
    problems.push(`The config lists ${diffIds.length} layer diffIDs but the manifest lists ${paths.length} layers.`);
  }
  const layers: LayerRecord[] = [];
  paths.forEach((path, i) => {
    const info = scan.entries.get(path);
    if (!info) {
      problems.push(`Layer ${i + 1} (${path}) is listed in the manifest but missing from the tarball.`);
      return;
    }
    const want = expected?.[i];
    if (want && want.size !== info.size) {
      problems.push(`Layer ${i + 1} (${path}) has ${info.size} bytes; its descriptor says ${want.size}: the layer is truncated or damaged.`);
    }
    if (info.sha256 === UNHASHED) {
      const layer = unhashedLayer(path, info, diffIds[i], want?.digest);
      if (layer) layers.push(layer);
      else problems.push(`Layer ${i + 1} (${path}) is compressed and has no digest on record: read it with verify.`);
      return;
    }
    if (info.compression === 'zstd') problems.push(`Layer ${i + 1} (${path}) is zstd-compressed, which Docker 20.10 cannot load.`);
    else if (info.diffId === null) problems.push(`Layer ${i + 1} (${path}) is not a readable gzip stream: the layer is damaged.`);
    const diffId = info.diffId ? `sha256:${info.diffId}` : '';
    if (info.diffId && diffIds[i] !== undefined && diffIds[i] !== diffId) {
      problems.push(`Layer ${i + 1} (${path}) does not match the config's diffID ${diffIds[i]} (content hashes to ${diffId}): the layer is corrupted.`);
    }
    layers.push({
      path,
      digest: want?.digest ?? `sha256:${info.sha256}`,
      diffId,
      size: info.size,
      uncompressedSize: info.uncompressedSize,
      compression: info.compression,
    });
  });
  return layers;
}

interface SaveManifestEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
}

function readSave(scan: Scan, images: ImageRecord[], problems: string[]): void {
  const manifest = parseJson<SaveManifestEntry[]>(scan, 'manifest.json', problems, 'manifest.json');
  if (!manifest) return;
  if (!Array.isArray(manifest) || manifest.length === 0) {
    problems.push('manifest.json lists no image.');
    return;
  }
  for (const m of manifest) {
    const configPath = normalizeEntryName(String(m.Config ?? ''));
    const configInfo = scan.entries.get(configPath);
    let config: ImageConfigJson | null = null;
    let configDigest: string | null = null;
    const configBytes = scan.docs.get(configPath) ?? null;
    if (!configInfo) {
      problems.push(`The image config ${configPath || '(none)'} named in manifest.json is missing.`);
    } else {
      configDigest = `sha256:${configInfo.sha256}`;
      const named = /(?:^|\/)([a-f0-9]{64})(?:\.json)?$/.exec(configPath)?.[1];
      if (named && named !== configInfo.sha256) {
        problems.push(`The image config ${configPath} does not match its name (content hashes to ${configDigest}): it is corrupted.`);
      }
      config = parseJson<ImageConfigJson>(scan, configPath, problems, 'The image config');
    }
    const layers = layersFor(scan, (m.Layers ?? []).map((p) => normalizeEntryName(String(p))), config, problems);
    images.push({ tags: m.RepoTags ?? [], platform: platformOf(config), configDigest, config, configBytes, layers });
  }
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
}

interface OciDoc {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

function blobPath(digest: string | undefined): string | null {
  const m = /^([a-z0-9]+):([a-f0-9]{32,})$/.exec(digest ?? '');
  return m ? `blobs/${m[1]}/${m[2]}` : null;
}

function checkDescriptor(scan: Scan, d: Descriptor, what: string, problems: string[]): string | null {
  const path = blobPath(d.digest);
  if (!path) {
    problems.push(`${what} has an invalid digest "${d.digest}".`);
    return null;
  }
  if (!path.startsWith('blobs/sha256/')) problems.push(`${what} ${d.digest} uses a digest algorithm this app cannot check (only sha256).`);
  const info = scan.entries.get(path);
  if (!info) {
    problems.push(`${what} ${d.digest} is missing from the tarball.`);
    return null;
  }
  if (typeof d.size === 'number' && d.size !== info.size) {
    problems.push(`${what} ${d.digest} has ${info.size} bytes; its descriptor says ${d.size}: it is truncated or damaged.`);
  }
  return path;
}

function readOci(scan: Scan, images: ImageRecord[], problems: string[]): void {
  const layout = parseJson<{ imageLayoutVersion?: string }>(scan, 'oci-layout', problems, 'The oci-layout file');
  if (layout && typeof layout.imageLayoutVersion !== 'string') problems.push('oci-layout has no imageLayoutVersion.');
  const index = parseJson<OciDoc>(scan, 'index.json', problems, 'index.json');
  if (!index) return;
  const visit = (doc: OciDoc, tagsFrom: string[], depth: number): void => {
    for (const d of doc.manifests ?? []) {
      const ann = d.annotations ?? {};
      const name = ann['io.containerd.image.name'] ?? ann['org.opencontainers.image.ref.name'];
      const tags = name ? [name] : tagsFrom;
      const path = checkDescriptor(scan, d, 'Manifest', problems);
      if (!path) continue;
      const child = parseJson<OciDoc>(scan, path, problems, 'Manifest');
      if (!child) continue;
      const isIndex = Array.isArray(child.manifests);
      if (isIndex) {
        if (depth < 4) visit(child, tags, depth + 1);
        continue;
      }
      let config: ImageConfigJson | null = null;
      let configDigest: string | null = null;
      let configBytes: Buffer | null = null;
      if (child.config) {
        const cPath = checkDescriptor(scan, child.config, 'Image config', problems);
        if (cPath) {
          configDigest = child.config.digest ?? null;
          configBytes = scan.docs.get(cPath) ?? null;
          config = parseJson<ImageConfigJson>(scan, cPath, problems, 'The image config');
        }
      } else {
        problems.push(`Manifest ${d.digest} has no config.`);
      }
      const layerDescs = child.layers ?? [];
      const paths: string[] = [];
      const expected: Array<{ digest: string; size: number }> = [];
      for (const l of layerDescs) {
        const p = blobPath(l.digest);
        if (!p) {
          problems.push(`A layer of manifest ${d.digest} has an invalid digest "${l.digest}".`);
          continue;
        }
        if (!p.startsWith('blobs/sha256/')) problems.push(`Layer ${l.digest} uses a digest algorithm this app cannot check (only sha256).`);
        paths.push(p);
        expected.push({ digest: l.digest!, size: typeof l.size === 'number' ? l.size : -1 });
      }
      const layers = layersFor(
        scan,
        paths,
        config,
        problems,
        expected.map((e) => (e.size < 0 ? { digest: e.digest, size: scan.entries.get(blobPath(e.digest)!)?.size ?? 0 } : e)),
      );
      const p = d.platform;
      const platform = p?.os && p.architecture ? `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}` : platformOf(config);
      images.push({ tags, platform, configDigest, config, configBytes, layers });
    }
  };
  visit(index, [], 0);
  if (images.length === 0 && problems.length === 0) problems.push('index.json lists no image manifest.');
}

/**
 * Streams chosen entries of a tarball, in file order, to `onEntry` (which must consume the
 * stream). Used to copy base layers and to send blobs without reading the tarball into memory.
 */
export async function streamEntries(
  file: string,
  wanted: ReadonlySet<string>,
  onEntry: (path: string, entry: Readable) => Promise<void>,
  options: WalkOptions = {},
): Promise<void> {
  const seen = new Set<string>();
  await walkTar(
    file,
    async (h, entry) => {
      const path = normalizeEntryName(h.name);
      if (wanted.has(path) && !seen.has(path)) {
        seen.add(path);
        await onEntry(path, entry);
      } else {
        await drain(entry);
      }
    },
    // Only the entries matter here, not the file's digest.
    { hashFile: false, ...options },
  );
  const missing = [...wanted].filter((p) => !seen.has(p));
  if (missing.length) {
    throw new AppError(`${file} no longer holds ${missing[0]}: it changed while being read.`, {
      code: 'BAD_TARBALL',
      fix: 'Leave the tarball untouched while XR Container Lab reads it, then try again.',
      device: 'this computer',
    });
  }
}

export { readAll };
