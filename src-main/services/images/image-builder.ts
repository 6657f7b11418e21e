// Builds tarballs for the router without a Docker daemon:
//  - buildImageTarball: the `docker save` format (manifest.json, repositories, config, and one
//    `<id>/{VERSION,json,layer.tar}` folder per layer) that Docker 1.10 up to current engines
//    `docker load`; base layers are copied (decompressed) and the added files become one layer.
//  - buildContainerTarball: a flat root file system as `docker export` writes it, for
//    `docker import`; the base's layers are merged (whiteouts applied) and the added files put on top.
// Both are reproducible (fixed times, sorted added entries, root:root owners for added files,
// the sources' mode bits) and stream everything, so memory does not grow with the image.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../../src-shared/errors';
import { collectAddedEntries, writeAddedEntries, type AddedEntry, type AddSpec } from './added-files';
import { composeConfig, type ImageSettings } from './image-config';
import { parseImageReference } from './image-reference';
import { assertUsable, readImageTarball, type ImageConfigJson, type ImageTarballIndex } from './image-tarball-reader';
import { CHUNK, drain, normalizeEntryName, walkTar, walkTarStream, type Compression, type TarEntryHeader } from './tarball-stream';
import { producedTar, TarballWriter, type PackHeader } from './tarball-writer';

/**
 * Bytes done and bytes in all. The total starts as an estimate from file sizes and becomes exact
 * once the base has been read (a gzipped base grows it); done never goes back.
 */
export type BuildProgress = (done: number, total: number) => void;

export interface BuildCommonOptions {
  /** Where the tarball goes; written beside it first and renamed when complete. */
  output: string;
  /** A `docker save`, OCI or `docker export` tarball, gzipped or not; checked in full first. */
  base?: string;
  /** Which image of a multi-image base (a tag in it); default: the linux/amd64 one, or the only one. */
  baseTag?: string;
  add?: AddSpec[];
  /** gzip the whole tarball (zlib level 1); Docker loads and imports gzipped tarballs. */
  gzip?: boolean;
  /** Time written into the config and on every added entry; default 1970-01-01T00:00:00Z. */
  created?: string;
  signal?: AbortSignal;
  onProgress?: BuildProgress;
}

export interface ImageBuildOptions extends BuildCommonOptions, ImageSettings {
  /** NAME[:TAG] for each tag the loaded image gets; checked against Docker's reference grammar. */
  tags: string[];
  /** Only linux/amd64: the platform of IOS-XR's Docker. */
  platform?: 'linux/amd64';
}

export interface BuildResult {
  file: string;
  /** sha256 of the file as written. */
  sha256: string;
  bytes: number;
  /** The layers the engine will register: diffID and uncompressed size. */
  layers: Array<{ diffId: string; size: number }>;
  /** sha256:… of the config (what `docker images` shows as the image ID); image tarballs only. */
  imageId?: string;
}

const DEFAULT_CREATED = '1970-01-01T00:00:00Z';
const CREATED_BY = 'XR Container Lab image builder';

/** One layer to read from the base: an entry of the base tarball, or the whole (export) file. */
interface LayerSource {
  /** Entry path, or '' for the whole file. */
  path: string;
  diffId: string;
  uncompressedSize: number;
  compression: Compression;
}

interface Base {
  index: ImageTarballIndex;
  config: ImageConfigJson | null;
  layers: LayerSource[];
}

function createdDate(created: string | undefined): { iso: string; date: Date } {
  const iso = created ?? DEFAULT_CREATED;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    throw new AppError(`"${iso}" is not a valid creation time.`, { code: 'BAD_INPUT', fix: 'Give an ISO time such as 2024-01-01T00:00:00Z.' });
  }
  return { iso: date.toISOString().replace(/\.000Z$/, 'Z'), date: new Date(Math.floor(date.getTime() / 1000) * 1000) };
}

/** Ends a tarball being written as soon as the signal fires, mid-entry if need be. */
function abortWritesOn(signal: AbortSignal | undefined, writer: TarballWriter): () => void {
  if (!signal) return () => undefined;
  const onAbort = (): void => writer.pack.destroy(abortedError());
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

function abortedError(): Error {
  const e = new Error('The build was cancelled.');
  e.name = 'AbortError';
  return e;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortedError();
}

async function loadBase(opts: BuildCommonOptions, onRead: (n: number) => void): Promise<Base | null> {
  if (!opts.base) return null;
  const index = await readImageTarball(opts.base, { signal: opts.signal, onRead });
  assertUsable(index);
  if (index.kind === 'export') {
    // A flat root file system is one layer, with no config to inherit (as `docker import`).
    const l = index.images[0]!.layers[0]!;
    return { index, config: null, layers: [{ path: '', diffId: l.diffId, uncompressedSize: l.uncompressedSize ?? 0, compression: l.compression }] };
  }
  let candidates = index.images;
  if (opts.baseTag) {
    const want = parseImageReference(opts.baseTag).familiar;
    candidates = candidates.filter((i) => i.tags.some((t) => t === opts.baseTag || safeFamiliar(t) === want));
    if (!candidates.length) {
      throw new AppError(`${opts.base} holds no image tagged ${opts.baseTag}.`, {
        code: 'NOT_FOUND',
        fix: `Pick one of: ${index.images.flatMap((i) => i.tags).join(', ') || '(no tags)'}.`,
      });
    }
  }
  if (candidates.length > 1) candidates = candidates.filter((i) => i.platform === 'linux/amd64');
  const image = candidates[0];
  if (!image || candidates.length > 1) {
    throw new AppError(`${opts.base} holds ${index.images.length} images; say which one to build on.`, {
      code: 'BAD_INPUT',
      fix: `Give the base tag: ${index.images.flatMap((i) => i.tags).join(', ')}.`,
    });
  }
  if (image.platform && image.platform !== 'linux/amd64') {
    throw new AppError(`The base image is ${image.platform}; IOS-XR runs linux/amd64 containers.`, {
      code: 'BAD_INPUT',
      fix: 'Save a linux/amd64 variant of the base image (`docker pull --platform linux/amd64 …`, then `docker save`).',
    });
  }
  return {
    index,
    config: image.config,
    layers: image.layers.map((l) => ({ path: l.path, diffId: l.diffId, uncompressedSize: l.uncompressedSize ?? 0, compression: l.compression })),
  };
}

function safeFamiliar(tag: string): string {
  try {
    return parseImageReference(tag).familiar;
  } catch {
    return tag;
  }
}

function decoded(entry: AsyncIterable<Buffer>, compression: Compression): AsyncIterable<Buffer> {
  if (compression !== 'gzip') return entry;
  const gz = createGunzip({ chunkSize: CHUNK });
  pipeline(Readable.from(entry, { objectMode: false }), gz).catch((err) => gz.destroy(err as Error));
  return gz;
}

/**
 * Calls `fn` with the uncompressed bytes of each base layer. `ordered`: strictly in the image's
 * layer order (several passes over the file when the tarball stores them in another order);
 * otherwise in file order, one pass.
 */
async function forEachLayer(
  file: string,
  layers: LayerSource[],
  ordered: boolean,
  fn: (i: number, data: AsyncIterable<Buffer>) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (layers.length === 0) return;
  if (layers[0]!.path === '') {
    await fn(0, decoded(createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer> & Readable, layers[0]!.compression));
    return;
  }
  const pending = new Set(layers.keys());
  let next = 0;
  while (pending.size) {
    const before = pending.size;
    await walkTar(
      file,
      async (h, entry) => {
        const path = normalizeEntryName(h.name);
        let i = -1;
        if (ordered) {
          if (next < layers.length && layers[next]!.path === path) i = next++;
        } else {
          i = [...pending].find((k) => layers[k]!.path === path) ?? -1;
        }
        if (i < 0) return drain(entry);
        pending.delete(i);
        await fn(i, decoded(entry as unknown as AsyncIterable<Buffer>, layers[i]!.compression));
      },
      { signal },
    );
    if (pending.size === before) {
      throw new AppError(`${file} changed while it was being read: a layer is gone.`, {
        code: 'BAD_TARBALL',
        fix: 'Leave the base tarball untouched during the build, then build again.',
      });
    }
  }
}

/** Bytes done against bytes in all: estimated from file sizes, made exact once the base is read. */
class ByteProgress {
  private done = 0;
  constructor(
    private total: number,
    private readonly report?: BuildProgress,
  ) {
    report?.(0, total);
  }
  settle(total: number): void {
    this.total = Math.max(total, this.done);
    this.report?.(this.done, this.total);
  }
  finish(): void {
    this.done = this.total;
    this.report?.(this.done, this.total);
  }
  add = (n: number): void => {
    this.done = Math.min(this.total, this.done + n);
    this.report?.(this.done, this.total);
  };
  /** A WalkOptions.onRead that reports a running byte count as increments. */
  reader(): (bytesSoFar: number) => void {
    let last = 0;
    return (n) => {
      this.add(n - last);
      last = n;
    };
  }
}

const BASE_CHANGED_FIX = 'Leave the base tarball untouched during the build, then build again.';

function verifyingHash(what: string, expected: string, size: number, fix = BASE_CHANGED_FIX): { watch: (c: Buffer) => void; check: () => void } {
  const h = createHash('sha256');
  let n = 0;
  return {
    watch: (c) => {
      h.update(c);
      n += c.length;
    },
    check: () => {
      const got = `sha256:${h.digest('hex')}`;
      if (got !== expected || n !== size) {
        throw new AppError(`${what} changed while being read (no longer matching ${expected}).`, { code: 'CHANGED_DURING_BUILD', fix });
      }
    },
  };
}

/** Builds a `docker save` tarball; see the file comment. */
export async function buildImageTarball(opts: ImageBuildOptions): Promise<BuildResult> {
  if ((opts.platform ?? 'linux/amd64') !== 'linux/amd64') {
    throw new AppError(`Platform ${String(opts.platform)} is not supported.`, { code: 'BAD_INPUT', fix: 'IOS-XR runs linux/amd64 containers: build for linux/amd64.' });
  }
  if (!opts.tags.length) throw new AppError('The image needs at least one tag.', { code: 'BAD_INPUT', fix: 'Give a name such as xrcl/my-app:1.0.' });
  const refs = opts.tags.map(parseImageReference);
  const { iso, date } = createdDate(opts.created);
  const added = opts.add?.length ? await collectAddedEntries(opts.add) : null;
  const addedBytes = added?.reduce((s, e) => s + e.size, 0) ?? 0;
  // Settle the config's settings before reading anything large.
  composeConfig({ base: null, settings: opts, diffIds: [], created: iso, addedLayer: false, createdBy: CREATED_BY });

  const baseFileBytes = opts.base ? await fileSize(opts.base) : 0;
  const progress = new ByteProgress(addedBytes * 2 + baseFileBytes * 2, opts.onProgress);
  const tick = progress.add;
  const base = await loadBase(opts, progress.reader());
  const baseLayers = base?.layers ?? [];
  if (!baseLayers.length && !added) {
    throw new AppError('Nothing to build: no base image and no files to add.', {
      code: 'BAD_INPUT',
      fix: 'Give a base tarball, or add a root file system folder (--add ./rootfs:/).',
    });
  }
  progress.settle(baseFileBytes + addedBytes * 2 + baseLayers.reduce((s, l) => s + l.uncompressedSize, 0));

  const writer = new TarballWriter(opts.output, { gzip: opts.gzip, onData: tick });
  const stopWatching = abortWritesOn(opts.signal, writer);
  try {
    // The added files' layer is packed twice: once to learn its size and diffID (which the
    // layer's tar header and the config need first), then straight into the image tarball,
    // checked against the first pass. Nothing is spooled to disk.
    let addedLayer: { diffId: string; size: number } | null = null;
    if (added) {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of producedTar((p) => writeAddedEntries(p, added, date, opts.signal), { onData: tick, signal: opts.signal })) {
        hash.update(chunk);
        size += chunk.length;
      }
      addedLayer = { diffId: `sha256:${hash.digest('hex')}`, size };
    }
    const diffIds = [...baseLayers.map((l) => l.diffId), ...(addedLayer ? [addedLayer.diffId] : [])];
    const sizes = new Map<string, number>(baseLayers.map((l) => [l.diffId, l.uncompressedSize]));
    if (addedLayer) sizes.set(addedLayer.diffId, addedLayer.size);
    const config = composeConfig({ base: base?.config ?? null, settings: opts, diffIds, created: iso, addedLayer: !!addedLayer, createdBy: CREATED_BY });
    const configBytes = Buffer.from(JSON.stringify(config));
    const configHex = createHash('sha256').update(configBytes).digest('hex');

    // Legacy v1 folders (read by Docker before 1.10): named by diffID, chained by parent.
    const unique = [...new Set(diffIds)];
    const folder = (d: string): string => d.slice('sha256:'.length);
    const v1Json = (d: string): Buffer => {
      const i = unique.indexOf(d);
      const top = i === unique.length - 1;
      const doc: Record<string, unknown> = { id: folder(d) };
      if (i > 0) doc.parent = folder(unique[i - 1]!);
      doc.created = iso;
      doc.os = 'linux';
      doc.architecture = 'amd64';
      if (top) doc.config = config.config;
      return Buffer.from(JSON.stringify(doc));
    };
    const written = new Set<string>();
    const writeLayer = async (d: string, data: AsyncIterable<Buffer>, verify?: ReturnType<typeof verifyingHash>): Promise<void> => {
      const dir = folder(d);
      const meta = { mode: 0o644, uid: 0, gid: 0, mtime: date };
      await writer.add({ name: `${dir}/`, type: 'directory', mode: 0o755, uid: 0, gid: 0, mtime: date });
      await writer.add({ name: `${dir}/VERSION`, ...meta }, Buffer.from('1.0'));
      await writer.add({ name: `${dir}/json`, ...meta }, v1Json(d));
      await writer.addStream({ name: `${dir}/layer.tar`, ...meta, size: sizes.get(d)! }, data, verify?.watch);
      verify?.check();
      written.add(d);
    };
    if (base && baseLayers.length) {
      const firstOf = baseLayers.filter((l, i) => baseLayers.findIndex((o) => o.diffId === l.diffId) === i);
      await forEachLayer(
        opts.base!,
        firstOf,
        false,
        async (i, data) => {
          const l = firstOf[i]!;
          await writeLayer(l.diffId, data, verifyingHash(`Layer ${l.path} of ${opts.base}`, l.diffId, l.uncompressedSize));
        },
        opts.signal,
      );
    }
    if (addedLayer && added && !written.has(addedLayer.diffId)) {
      const again = producedTar((p) => writeAddedEntries(p, added, date, opts.signal), { signal: opts.signal });
      await writeLayer(addedLayer.diffId, again, verifyingHash('An added file', addedLayer.diffId, addedLayer.size, 'Leave the added files untouched during the build, then build again.'));
    }
    const meta = { mode: 0o644, uid: 0, gid: 0, mtime: date };
    await writer.add({ name: `${configHex}.json`, ...meta }, configBytes);
    const familiar = refs.map((r) => r.familiar);
    const manifest = [{ Config: `${configHex}.json`, RepoTags: [...new Set(familiar)], Layers: diffIds.map((d) => `${folder(d)}/layer.tar`) }];
    await writer.add({ name: 'manifest.json', ...meta }, Buffer.from(JSON.stringify(manifest)));
    const repositories: Record<string, Record<string, string>> = {};
    for (const r of refs) (repositories[r.repository] ??= {})[r.tag] = folder(unique[unique.length - 1]!);
    await writer.add({ name: 'repositories', ...meta }, Buffer.from(JSON.stringify(repositories)));
    throwIfAborted(opts.signal);
    const out = await writer.finish();
    progress.finish();
    return {
      file: opts.output,
      sha256: out.sha256,
      bytes: out.bytes,
      layers: diffIds.map((d) => ({ diffId: d, size: sizes.get(d)! })),
      imageId: `sha256:${configHex}`,
    };
  } catch (err) {
    await writer.abort(err as Error);
    throw opts.signal?.aborted ? abortedError() : err;
  } finally {
    stopWatching();
  }
}

/** Builds a flat root file system tarball (the `docker export` format); see the file comment. */
export async function buildContainerTarball(opts: BuildCommonOptions): Promise<BuildResult> {
  const { date } = createdDate(opts.created);
  const added = opts.add?.length ? await collectAddedEntries(opts.add) : [];
  const addedBytes = added.reduce((s, e) => s + e.size, 0);
  const baseFileBytes = opts.base ? await fileSize(opts.base) : 0;
  const progress = new ByteProgress(addedBytes + baseFileBytes * 3, opts.onProgress);
  const tick = progress.add;
  const base = await loadBase(opts, progress.reader());
  const layers = base?.layers ?? [];
  if (!layers.length && !added.length) {
    throw new AppError('Nothing to build: no base and no files to add.', {
      code: 'BAD_INPUT',
      fix: 'Give a base tarball, or add a root file system folder (--add ./rootfs:/).',
    });
  }
  progress.settle(baseFileBytes + addedBytes + 2 * layers.reduce((s, l) => s + l.uncompressedSize, 0));

  // Pass 1: which layer's copy of each path survives (later layers win; whiteouts delete).
  const winner = new Map<string, number>();
  const L = layers.length;
  if (base) {
    await forEachLayer(
      opts.base!,
      layers,
      true,
      async (i, data) => {
        const counted = countChunks(data, tick);
        await walkTarStream(counted, async (h, entry) => {
          await drain(entry);
          applyEntry(winner, normalizeEntryName(h.name), i);
        });
      },
      opts.signal,
    );
  }
  // Added files win over the base, except the parent folders they merely imply.
  for (const e of added) {
    if (e.type === 'directory' && winner.has(e.path) && !isExplicit(e, opts.add ?? [])) continue;
    winner.set(e.path, L);
  }

  // Base bytes are counted as they are read; added files as they are written.
  let countWrites = false;
  const writer = new TarballWriter(opts.output, { gzip: opts.gzip, onData: (n) => countWrites && tick(n) });
  const stopWatching = abortWritesOn(opts.signal, writer);
  try {
    if (base) {
      await forEachLayer(
        opts.base!,
        layers,
        true,
        async (i, data) => {
          const counted = countChunks(data, tick);
          await walkTarStream(counted, async (h, entry) => {
            const path = normalizeEntryName(h.name);
            if (path === '' || winner.get(path) !== i || isWhiteout(path)) return drain(entry);
            const header = copyHeader(h, path);
            if (header.type === 'file' || header.type === 'contiguous-file') await writer.addStream(header, entry as unknown as AsyncIterable<Buffer>);
            else {
              await drain(entry);
              await writer.add(header);
            }
          });
        },
        opts.signal,
      );
    }
    const mine = added.filter((e) => winner.get(e.path) === L);
    countWrites = true;
    await writeAddedEntries(writer, mine, date, opts.signal);
    throwIfAborted(opts.signal);
    const out = await writer.finish();
    progress.finish();
    return { file: opts.output, sha256: out.sha256, bytes: out.bytes, layers: [{ diffId: `sha256:${out.tarSha256}`, size: out.tarBytes }] };
  } catch (err) {
    await writer.abort(err as Error);
    throw opts.signal?.aborted ? abortedError() : err;
  } finally {
    stopWatching();
  }
}

function isExplicit(e: AddedEntry, adds: AddSpec[]): boolean {
  return adds.some((a) => posix.normalize(a.dest).replace(/^\/+|\/+$/g, '') === e.path);
}

function isWhiteout(path: string): boolean {
  return posix.basename(path).startsWith('.wh.');
}

function applyEntry(winner: Map<string, number>, path: string, layer: number): void {
  if (path === '') return;
  const name = posix.basename(path);
  const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  if (name === '.wh..wh..opq') {
    const prefix = dir ? `${dir}/` : '';
    for (const [p, l] of winner) if (l < layer && p.startsWith(prefix) && p !== dir) winner.delete(p);
    return;
  }
  if (name.startsWith('.wh.')) {
    const target = dir ? `${dir}/${name.slice(4)}` : name.slice(4);
    for (const [p, l] of winner) if (l < layer && (p === target || p.startsWith(`${target}/`))) winner.delete(p);
    return;
  }
  winner.set(path, layer);
}

const PAX_OWN = new Set(['path', 'linkpath', 'size', 'mtime', 'atime', 'ctime', 'uid', 'gid', 'uname', 'gname']);

function copyHeader(h: TarEntryHeader, path: string): PackHeader {
  const header: PackHeader = {
    name: path,
    type: h.type as PackHeader['type'],
    mode: h.mode,
    uid: h.uid,
    gid: h.gid,
    size: h.type === 'file' || h.type === 'contiguous-file' ? h.size : 0,
    mtime: h.mtime ?? new Date(0),
  };
  if (h.uname) header.uname = h.uname;
  if (h.gname) header.gname = h.gname;
  if (h.linkname) header.linkname = h.type === 'link' ? normalizeEntryName(h.linkname) : h.linkname;
  if (h.devmajor) header.devmajor = h.devmajor;
  if (h.devminor) header.devminor = h.devminor;
  const pax = Object.entries(h.pax ?? {}).filter(([k]) => !PAX_OWN.has(k));
  if (pax.length) header.pax = Object.fromEntries(pax);
  return header;
}

async function* countChunks(data: AsyncIterable<Buffer>, tick: (n: number) => void): AsyncIterable<Buffer> {
  for await (const c of data) {
    tick(c.length);
    yield c;
  }
}

async function fileSize(file: string): Promise<number> {
  return stat(file).then((st) => st.size, () => 0);
}
