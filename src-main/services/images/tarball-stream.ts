// The one low-level pass over a tar file, gzipped or not: entries arrive in file order, each as a
// stream the visitor must consume. Memory stays flat whatever the size: the file is read in 1 MiB
// chunks and every stage waits for the next one (backpressure) instead of buffering ahead.
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { AppError } from '../../../src-shared/errors';

export const CHUNK = 1 << 20;

export type Compression = 'gzip' | 'zstd' | 'none';

/** What the first bytes of a blob say about its compression. */
export function sniffCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

export async function fileCompression(file: string): Promise<Compression> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new AppError(`Cannot open the tarball ${file}: ${err.code ?? err.message}.`, {
      code: err.code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_INPUT',
      fix: 'Check the path and that this user may read the file.',
      device: 'this computer',
      cause: err,
    });
  });
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    return sniffCompression(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** A pass-through that lets a function watch every chunk (hashing, counting). */
export class Tap extends Transform {
  constructor(private readonly watch: (chunk: Buffer) => void) {
    super({ highWaterMark: CHUNK });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.watch(chunk);
    cb(null, chunk);
  }
}

export interface TarEntryHeader {
  name: string;
  type: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  mtime?: Date;
  linkname?: string | null;
  devmajor?: number;
  devminor?: number;
  pax?: Record<string, string> | null;
}

export interface WalkOptions {
  signal?: AbortSignal;
  /** Default true: hash the file and the tar stream; false leaves fileSha256 and tarSha256 empty. */
  hashFile?: boolean;
  /** Bytes of the file read so far (compressed bytes for a gzipped file). */
  onRead?: (bytes: number) => void;
}

export interface WalkResult {
  compression: Compression;
  /** sha256 of the file as stored. */
  fileSha256: string;
  fileBytes: number;
  /** sha256 and size of the tar stream after decompression (the diffID of an export tarball). */
  tarSha256: string;
  tarBytes: number;
  /** The stream ended with the end-of-archive marker (two zero blocks). */
  endMarker: boolean;
}

/** Entry names in tarballs come in several spellings ("./a", "a/"): this is the one we compare. */
export function normalizeEntryName(name: string): string {
  let n = name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  while (n.endsWith('/')) n = n.slice(0, -1);
  return n;
}

/**
 * Reads `file` once, calling `visit` for each entry in order. The visitor must consume or
 * `resume()` the entry stream. Throws an AppError when the file is not a readable tar (or gzip).
 */
export async function walkTar(
  file: string,
  visit: (header: TarEntryHeader, entry: Readable) => Promise<void>,
  options: WalkOptions = {},
): Promise<WalkResult> {
  const compression = await fileCompression(file);
  if (compression === 'zstd') {
    throw new AppError(`${file} is zstd-compressed, which Docker 20.10 and the routers cannot load.`, {
      code: 'BAD_INPUT',
      fix: 'Decompress it first (`zstd -d FILE`), or save the image again without compression.',
      device: 'this computer',
    });
  }
  const hashFile = options.hashFile ?? true;
  const fileHash = createHash('sha256');
  const tarHash = createHash('sha256');
  let fileBytes = 0;
  let tarBytes = 0;
  let tail: Buffer = Buffer.alloc(0);
  const src = createReadStream(file, { highWaterMark: CHUNK });
  const rawTap = new Tap((c) => {
    if (hashFile) fileHash.update(c);
    fileBytes += c.length;
    options.onRead?.(fileBytes);
  });
  const plainTap = new Tap((c) => {
    if (hashFile) tarHash.update(c);
    tarBytes += c.length;
    tail = c.length >= 1024 ? c.subarray(c.length - 1024) : Buffer.concat([tail, c]).subarray(-1024);
  });
  const extract = tar.extract();
  const stages: NodeJS.ReadWriteStream[] = [rawTap];
  if (compression === 'gzip') stages.push(createGunzip({ chunkSize: CHUNK }));
  stages.push(plainTap);
  let failure: Error | null = null;
  let visitorError: { err: unknown } | null = null;
  const fail = (err: Error): void => {
    failure ??= err;
    extract.destroy(err);
  };
  let chain: NodeJS.ReadableStream = src;
  src.on('error', fail);
  for (const s of stages) {
    (s as unknown as Readable).on('error', fail);
    chain = chain.pipe(s);
  }
  (chain as unknown as Readable).pipe(extract as unknown as NodeJS.WritableStream);
  const onAbort = (): void => fail(options.signal?.reason instanceof Error ? options.signal.reason : abortError());
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.signal?.aborted) onAbort();
    for await (const entry of extract) {
      const h = entry.header as TarEntryHeader;
      try {
        await visit(h, entry as unknown as Readable);
      } catch (err) {
        // The visitor's own failure (a digest check, a full disk) is not a damaged tarball;
        // a read error while it consumed the entry (the extractor died first) is.
        if (!(extract as unknown as { destroying?: boolean }).destroying && failure === null) visitorError = { err };
        throw err;
      }
    }
  } catch (err) {
    src.destroy();
    extract.destroy();
    if (visitorError) throw visitorError.err;
    throw toReadError(file, failure ?? err, compression);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw toReadError(file, failure, compression);
  return {
    compression,
    fileSha256: hashFile ? fileHash.digest('hex') : '',
    fileBytes,
    tarSha256: hashFile ? tarHash.digest('hex') : '',
    tarBytes,
    endMarker: tail.length === 1024 && tail.every((b) => b === 0),
  };
}

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

function toReadError(file: string, err: unknown, compression: Compression): Error {
  if (err instanceof AppError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.name === 'AbortError') return e;
  const msg = e?.message ?? String(err);
  const truncated = /unexpected end|end of file|premature/i.test(msg);
  return new AppError(
    truncated
      ? `${file} ends too early: the tarball is truncated (${msg}).`
      : `${file} is not a readable ${compression === 'gzip' ? 'gzipped ' : ''}tar archive (${msg}).`,
    {
      code: 'BAD_TARBALL',
      fix: truncated
        ? 'Copy or save the tarball again and compare its size with the original.'
        : 'Point at a tarball written by `docker save`, `docker export` or an OCI layout, gzipped or not.',
      device: 'this computer',
      cause: err,
    },
  );
}

/** Reads a small entry into memory, refusing more than `limit` bytes. */
export async function readAll(entry: Readable, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of entry as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > limit) throw new Error(`entry larger than ${limit} bytes`);
    parts.push(c);
  }
  return Buffer.concat(parts);
}

export async function drain(entry: Readable): Promise<void> {
  for await (const _ of entry as AsyncIterable<Buffer>) void _;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export type { Hash };

/** Walks a tar held in any byte stream (a layer inside a tarball), with backpressure. */
export async function walkTarStream(
  source: AsyncIterable<Buffer>,
  visit: (header: TarEntryHeader, entry: Readable) => Promise<void>,
): Promise<void> {
  const extract = tar.extract();
  let pumpError: unknown = null;
  const pump = (async () => {
    try {
      for await (const chunk of source) {
        if (!extract.write(chunk)) await once(extract as unknown as NodeJS.EventEmitter, 'drain');
      }
      extract.end(undefined);
    } catch (err) {
      pumpError = err;
      extract.destroy(err as Error);
    }
  })();
  try {
    for await (const entry of extract) await visit(entry.header as TarEntryHeader, entry as unknown as Readable);
  } catch (err) {
    throw pumpError ?? err;
  } finally {
    await pump;
  }
  if (pumpError) throw pumpError;
}
