// One pass of a file copy over SFTP, from a byte offset, with many writes in flight (one at a
// time would wait a round trip per 32 KiB). Positioned writes into a file opened 'r+' are what
// make resume possible (ssh2's fastPut always starts over). Writes may complete out of order, so
// the pass tracks the highest offset below which every write was acknowledged: after a dropped
// connection only that prefix counts, and the caller verifies it on the router before going on.
// Two SFTP channels on the one connection, taking requests in turn, nearly double the speed: each
// has its own sftp-server process on the router, so one writes while the other waits.
import { open } from 'node:fs/promises';
import type { SFTPWrapper } from 'ssh2';
import { AppError } from '../../../src-shared/errors';

export interface UploadPass {
  /** One or more SFTP sessions on the connection; requests go to each in turn. */
  sftp: SFTPWrapper[];
  localFile: string;
  remotePath: string;
  /** Size of the local file. */
  size: number;
  /** First byte to write; 0 creates (or truncates) the remote file. */
  from: number;
  /** Stop once this many bytes (of the whole file) are acknowledged: a link probe. */
  until?: number;
  signal?: AbortSignal;
  /** Bytes of the file that are on the router (acknowledged, contiguous from 0). */
  onProgress?: (bytes: number) => void;
  where: string;
}

/** A pass that ended early; `verified` bytes from the start were acknowledged in order. */
export class UploadInterrupted extends Error {
  constructor(
    readonly contiguous: number,
    readonly reason: unknown,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'UploadInterrupted';
  }
}

const WINDOW = 4 << 20;
const BLOCK = 4 << 20;

/** The largest write the server takes in one request (OpenSSH's limits extension), else 32 KiB. */
function requestSize(sftp: SFTPWrapper): number {
  const max = (sftp as unknown as { _maxWriteLen?: number })._maxWriteLen;
  return typeof max === 'number' && max >= 4096 ? Math.min(max, 256 * 1024) : 32 * 1024;
}

function closeAll(sessions: SFTPWrapper[], handles: Buffer[]): void {
  handles.forEach((h, i) => sessions[i]?.close(h, () => undefined));
}

const call = <T>(fn: (cb: (err: Error | null | undefined, v: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));

/** Runs one pass; resolves with the bytes on the router, rejects with UploadInterrupted. */
export async function uploadPass(p: UploadPass): Promise<number> {
  const end = Math.min(p.size, p.until ?? p.size);
  const handles: Buffer[] = [];
  try {
    // The first open creates (or truncates) the file; the others open what it made.
    for (const [i, sftp] of p.sftp.entries()) {
      handles.push(await call<Buffer>((cb) => sftp.open(p.remotePath, p.from === 0 && i === 0 ? 'w' : 'r+', cb)));
    }
  } catch (err) {
    closeAll(p.sftp, handles);
    const e = err as { code?: number; message?: string };
    // SFTP status 3: permission denied; 2: no such file (the folder is gone).
    if (e.code === 3 || e.code === 2) {
      throw new AppError(`${p.where} would not let this user write ${p.remotePath}: ${e.message}.`, {
        code: 'REMOTE_WRITE_REFUSED',
        device: p.where,
        command: `sftp put ${p.remotePath}`,
        fix: 'Check that the XR shell user may write the folder (on the Vagrant box it is in group app_host, which owns /misc/app_host/scratch).',
      });
    }
    throw new UploadInterrupted(p.from, err);
  }
  const fh = await open(p.localFile, 'r');
  const req = Math.min(...p.sftp.map(requestSize));
  // About 4 MiB in flight, shared by the channels: enough to keep the link full while this
  // process waits for a core, few enough that a drop loses little (and under the 16 MiB a later
  // resume re-checks), and memory flat (ssh2 holds a copy of every request in flight).
  const maxInFlight = Math.max(4, Math.ceil(WINDOW / req));
  let turn = 0;
  // Requests in the order issued; the front ones that are done move the contiguous mark.
  const inFlight: Array<{ offset: number; length: number; done: boolean }> = [];
  let contiguous = p.from;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const settle = (): void => {
    while (inFlight[0]?.done) {
      const r = inFlight.shift()!;
      contiguous = r.offset + r.length;
    }
    p.onProgress?.(contiguous);
    wake?.();
  };
  const onAbort = (): void => {
    failure ??= Object.assign(new Error('Cancelled by the user.'), { name: 'AbortError' });
    wake?.();
  };
  p.signal?.addEventListener('abort', onAbort, { once: true });
  if (p.signal?.aborted) onAbort();
  // The file is read in large blocks into two buffers used in turn: the next block is read while
  // the current one is being sent (ssh2 copies each request's bytes into its packet, so a block
  // is free again once its requests are written), one file read per 4 MiB, memory flat.
  const buffers = [Buffer.allocUnsafe(BLOCK), Buffer.allocUnsafe(BLOCK)];
  let bufferTurn = 0;
  const readBlock = async (at: number): Promise<Buffer> => {
    const length = Math.min(BLOCK, end - at);
    if (length <= 0) return Buffer.alloc(0);
    const buf = buffers[bufferTurn++ % 2]!.subarray(0, length);
    const { bytesRead } = await fh.read(buf, 0, length, at);
    if (bytesRead !== length) {
      throw new AppError(`${p.localFile} changed while it was being copied (it is shorter now).`, {
        code: 'CHANGED_DURING_COPY',
        device: 'this computer',
        fix: 'Leave the tarball untouched during the copy, then send it again.',
      });
    }
    return buf;
  };
  const waitForSlot = async (): Promise<void> => {
    while (failure === null && inFlight.length >= maxInFlight) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  };
  let pending: Promise<Buffer> | null = null;
  try {
    let at = p.from;
    pending = readBlock(at);
    while (failure === null && at < end) {
      const block: Buffer = await pending!;
      pending = at + block.length < end ? readBlock(at + block.length) : null;
      for (let off = 0; off < block.length && failure === null; off += req) {
        await waitForSlot();
        if (failure !== null) break;
        const length = Math.min(req, block.length - off);
        const r = { offset: at + off, length, done: false };
        inFlight.push(r);
        const which = turn++ % p.sftp.length;
        p.sftp[which]!.write(handles[which]!, block, off, length, r.offset, (err) => {
          if (err) failure ??= err;
          else r.done = true;
          settle();
        });
      }
      at += block.length;
    }
    await pending?.catch(() => undefined);
    while (failure === null && inFlight.length > 0) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    if (failure !== null) throw failure;
    if (end === p.size) {
      // A longer file from an earlier, different attempt keeps no stale tail.
      await call<void>((cb) => p.sftp[0]!.fsetstat(handles[0]!, { size: p.size } as never, (err) => cb(err, undefined)));
    }
    await Promise.all(p.sftp.map((sftp, i) => call<void>((cb) => sftp.close(handles[i]!, (err) => cb(err, undefined)))));
    return contiguous;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as Error)?.name === 'AbortError') throw err;
    closeAll(p.sftp, handles);
    throw new UploadInterrupted(contiguous, err);
  } finally {
    p.signal?.removeEventListener('abort', onAbort);
    await pending?.catch(() => undefined);
    await fh.close();
  }
}
