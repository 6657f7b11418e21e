// Writes a tar file through tar-stream with backpressure all the way to the disk: entries go to a
// temp file beside the target (optionally gzipped, level 1), hashed on the way, and only a
// finished file is renamed into place, so a failure never leaves a half tarball behind.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar, { type Header } from 'tar-stream';
import { CHUNK, Tap } from './tarball-stream';

/** A tar entry header; `pax` carries extra PAX records (xattrs) copied from a base layer. */
export type PackHeader = Partial<Header> & { name: string; pax?: Record<string, string> };

/** A temp path beside `target` (same folder, so the final rename is atomic). */
export function tempPathBeside(target: string, suffix: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.${suffix}`);
}

export interface WrittenFile {
  /** sha256 and size of the file as written (after gzip when gzipped). */
  sha256: string;
  bytes: number;
  /** sha256 and size of the tar stream before compression. */
  tarSha256: string;
  tarBytes: number;
}

/**
 * Entries into a tar-stream pack with backpressure; the pack's bytes go wherever its reader
 * takes them (a file through TarballWriter, or straight into an entry of another tarball).
 */
export class TarPacker {
  readonly pack = tar.pack();

  /** `onData` sees the size of each chunk of entry data written (for progress). */
  constructor(protected readonly onData?: (bytes: number) => void) {}

  /** An entry with in-memory content (JSON documents, small files) or none (folders, links). */
  async add(header: PackHeader, content?: Buffer): Promise<void> {
    await new Promise<void>((res, rej) => {
      const cb = (err?: Error | null): void => (err ? rej(err) : res());
      if (content) this.pack.entry({ ...header, size: content.length }, content, cb);
      else this.pack.entry({ ...header, size: 0 }, cb);
    });
    if (content) this.onData?.(content.length);
  }

  /** An entry whose `header.size` bytes come from a stream (a file, a layer). */
  async addStream(header: PackHeader, source: AsyncIterable<Buffer>, watch?: (chunk: Buffer) => void): Promise<void> {
    let cbErr: Error | null | undefined;
    let finished!: () => void;
    const ended = new Promise<void>((res) => (finished = res));
    const sink = this.pack.entry(header, (err) => {
      cbErr = err;
      finished();
    });
    // Its errors arrive through the callback above; a source that fails mid-entry leaves the
    // entry open until the writer is aborted, and that must not surface as an unhandled 'error'.
    (sink as unknown as NodeJS.EventEmitter).on('error', () => undefined);
    for await (const chunk of source) {
      watch?.(chunk);
      this.onData?.(chunk.length);
      if (!sink.write(chunk)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
    }
    sink.end(undefined);
    await ended;
    if (cbErr) throw cbErr;
  }

  /** An entry copied from a file on disk. */
  async addFile(header: PackHeader, path: string): Promise<void> {
    await this.addStream(header, createReadStream(path, { highWaterMark: CHUNK }) as Readable & AsyncIterable<Buffer>);
  }

  /** Ends the archive (two zero blocks); the reader of `pack` then sees its end. */
  finalize(): void {
    this.pack.finalize();
  }
}

/**
 * A tar produced by `produce` into a fresh packer, as a byte stream (nothing touches the disk).
 * A failure of `produce` ends the stream with that error.
 */
export function producedTar(
  produce: (packer: TarPacker) => Promise<void>,
  options: { onData?: (bytes: number) => void; signal?: AbortSignal } = {},
): AsyncIterable<Buffer> {
  const packer = new TarPacker(options.onData);
  const { signal } = options;
  // Cancelling ends the stream at once, even in the middle of a large file.
  const onAbort = (): void => {
    const e = new Error('The operation was cancelled.');
    e.name = 'AbortError';
    packer.pack.destroy(e);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  produce(packer).then(
    () => packer.finalize(),
    (err: Error) => packer.pack.destroy(err),
  ).finally(() => signal?.removeEventListener('abort', onAbort));
  return packer.pack as unknown as AsyncIterable<Buffer>;
}

export class TarballWriter extends TarPacker {
  private readonly hash = createHash('sha256');
  private readonly tarHash = createHash('sha256');
  private bytes = 0;
  private tarBytes = 0;
  private readonly done: Promise<void>;
  readonly tempPath: string;

  constructor(
    readonly target: string,
    options: { gzip?: boolean; onData?: (bytes: number) => void; temp?: string } = {},
  ) {
    super(options.onData);
    this.tempPath = options.temp ?? tempPathBeside(target, 'tmp');
    const stages: NodeJS.ReadWriteStream[] = [
      new Tap((c) => {
        this.tarHash.update(c);
        this.tarBytes += c.length;
      }),
    ];
    if (options.gzip) stages.push(createGzip({ level: 1, chunkSize: CHUNK }));
    stages.push(
      new Tap((c) => {
        this.hash.update(c);
        this.bytes += c.length;
      }),
    );
    this.done = pipeline([Readable.from(this.pack as unknown as AsyncIterable<Buffer>, { objectMode: false, highWaterMark: CHUNK }), ...stages, createWriteStream(this.tempPath, { highWaterMark: CHUNK })]);
    this.done.catch(() => undefined);
  }

  /** Ends the archive, waits for the disk, renames into place. */
  async finish(): Promise<WrittenFile> {
    this.pack.finalize();
    await this.done;
    await rename(this.tempPath, this.target);
    return { sha256: this.hash.digest('hex'), bytes: this.bytes, tarSha256: this.tarHash.digest('hex'), tarBytes: this.tarBytes };
  }

  /** Stops writing and removes the temp file. */
  async abort(err?: Error): Promise<void> {
    this.pack.destroy(err ?? new Error('aborted'));
    await this.done.catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}

/**
 * Writes any byte stream (a `docker save` or `docker export` stream) to `target` the same way:
 * optional gzip, hashed on the way, to a temp file renamed only when complete.
 */
export async function writeStreamAtomically(
  source: NodeJS.ReadableStream | AsyncIterable<Buffer>,
  target: string,
  options: { gzip?: boolean; onData?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<WrittenFile> {
  const temp = tempPathBeside(target, 'tmp');
  const fileHash = createHash('sha256');
  const tarHash = createHash('sha256');
  let bytes = 0;
  let tarBytes = 0;
  const stages: NodeJS.ReadWriteStream[] = [
    new Tap((c) => {
      tarHash.update(c);
      tarBytes += c.length;
      options.onData?.(c.length);
    }),
  ];
  if (options.gzip) stages.push(createGzip({ level: 1, chunkSize: CHUNK }));
  stages.push(
    new Tap((c) => {
      fileHash.update(c);
      bytes += c.length;
    }),
  );
  try {
    const input = source instanceof Readable ? source : Readable.from(source as AsyncIterable<Buffer>, { objectMode: false });
    await pipeline([input, ...stages, createWriteStream(temp, { highWaterMark: CHUNK })], { signal: options.signal });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { sha256: fileHash.digest('hex'), bytes, tarSha256: tarHash.digest('hex'), tarBytes };
}
