// The copy of one payload to one path on the router: passes of the SFTP upload, reconnecting
// after a drop and resuming from the prefix verified on the router, progress with speed and
// time left, and the copy recorded as the scp a user would type.
//
// Resume: the bytes already on the router are verified by hashing them there (`head -c N FILE |
// sha256sum`) against the same prefix here, rather than trusting a sidecar state file. A state
// file records what was sent, not what landed: writes in flight when the link dropped may or may
// not be on disk (out of order, leaving holes), and a file of the same name may be another
// attempt's. Reading the prefix on the router costs one local disk read there; sending it again
// costs the link.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { SFTPWrapper } from 'ssh2';
import { AppError } from '../../../src-shared/errors';
import type { SshConnection } from '../ssh/ssh-connection';
import { mb } from './disk-space';
import { parseSha256sum, remoteCommands, scpEquivalent } from './remote-file';
import type { DeliveryCtx, RouterSide } from './router-side';
import { uploadPass, UploadInterrupted } from './sftp-upload';
import { TransferMeter } from './transfer-meter';

/** Errors after which the copy reconnects and resumes. */
// Not a refused SFTP session or channel: those are settings of the server, not a dropped link.
const RETRYABLE = new Set(['CONNECTION_LOST', 'CONNECTION_REFUSED', 'UNREACHABLE', 'TIMEOUT']);
/** How long the copy keeps trying to reconnect after the link dropped. */
const RECONNECT_MS = 60_000;

/** What is copied: the tarball as given, or the thin or gzipped one made from it. */
export interface Payload {
  file: string;
  bytes: number;
  sha256: string;
  suffix: string;
}

/** The copy of one payload to one remote path: passes, reconnects, prefix checks, progress. */
export class CopySession {
  bytesSent = 0;
  resumed = false;
  /** Time spent copying (passes and reconnects), without the checks around the copy. */
  copyMs = 0;
  private readonly meter: TransferMeter;
  private sftp: SFTPWrapper[] | null = null;
  private conn: SshConnection | null = null;
  private recorded = false;

  constructor(
    private readonly side: RouterSide,
    private readonly ctx: DeliveryCtx,
    readonly payload: Payload,
    readonly remotePath: string,
  ) {
    this.meter = new TransferMeter(payload.bytes);
  }

  /** Two SFTP channels on the router connection (one when the server allows only one). */
  private async sessions(): Promise<SFTPWrapper[]> {
    if (this.sftp && this.conn?.isOpen) return this.sftp;
    const conn = await this.side.deps.pool.get(this.side.target, { signal: this.ctx.signal });
    this.conn = conn;
    const first = await conn.sftp();
    const second = await conn.sftp().catch((err: AppError) => {
      if (err.code === 'CONNECTION_LOST') throw err;
      return null;
    });
    const all = second ? [first, second] : [first];
    // The channels close with the connection; a copy that ends early leaves none open.
    conn.onClose(() => {
      if (this.sftp === all) this.sftp = null;
    });
    this.sftp = all;
    return all;
  }

  /** Closes the SFTP channels (the connection stays for the commands after the copy). */
  close(): void {
    for (const s of this.sftp ?? []) s.end();
    this.sftp = null;
  }

  /** Size of the file already on the router (0 when there is none). */
  async remoteSize(): Promise<number> {
    const sftp = (await this.sessions())[0]!;
    return new Promise((resolve) => sftp.stat(this.remotePath, (err, st) => resolve(err ? 0 : st.size)));
  }

  /**
   * How much of a file already on the router is a verified prefix of the payload: all of it
   * when its sha256 matches, else the part below the last in-flight window, when its hash matches
   * ours; 0 otherwise.
   */
  async verifiedPrefix(hint?: number): Promise<number> {
    const size = await this.remoteSize();
    if (size === 0) return 0;
    // A longer file (another attempt's) is checked short of its end, so the last pass truncates it.
    let n = Math.min(size, hint ?? size, size > this.payload.bytes ? this.payload.bytes - 1 : this.payload.bytes);
    // Writes in flight when a link dropped may have left holes in the last few MB.
    if (hint === undefined && n < this.payload.bytes) n = Math.max(0, n - (16 << 20));
    if (n === 0) return 0;
    const there = parseSha256sum((await this.side.run(remoteCommands.prefixSha256(this.remotePath, n), false, 10 * 60_000)).output);
    const here = await prefixSha256(this.payload.file, n);
    if (there !== here) {
      this.ctx.log(`The ${mb(n)} already on the router are not this tarball's; starting over.\r\n`);
      return 0;
    }
    this.resumed = true;
    this.ctx.log(`${mb(n)} already on the router match this tarball: resuming from there.\r\n`);
    return n;
  }

  /** Copies from `from` (up to `until`), reconnecting after drops; returns the bytes on the router. */
  async run(from: number, until?: number): Promise<number> {
    const started = new Date().toISOString();
    const t0 = performance.now();
    const deadline = () => Date.now() + RECONNECT_MS;
    let giveUpAt = deadline();
    let at = from;
    this.meter.update(at);
    for (;;) {
      try {
        const sftp = await this.sessions();
        const before = at;
        at = await uploadPass({
          sftp,
          localFile: this.payload.file,
          remotePath: this.remotePath,
          size: this.payload.bytes,
          from: at,
          until,
          signal: this.ctx.signal,
          where: this.side.name,
          onProgress: (bytes) => this.report(bytes),
        });
        this.bytesSent += at - before;
        break;
      } catch (err) {
        if (this.ctx.signal.aborted) {
          this.ctx.log(`Cancelled. What was copied stays in ${this.remotePath}: sending the same tarball again resumes from it.\r\n`);
          throw err;
        }
        if (!(err instanceof UploadInterrupted) && !(err instanceof AppError && RETRYABLE.has(err.code))) throw err;
        if (err instanceof UploadInterrupted) {
          this.bytesSent += Math.max(0, err.contiguous - at);
          at = err.contiguous;
          this.ctx.log(`The connection dropped at ${mb(at)} (${err.message}); reconnecting to resume.\r\n`);
          giveUpAt = deadline();
        }
        this.sftp = null;
        if (Date.now() > giveUpAt) {
          throw new AppError(`Lost the connection to ${this.side.name} during the copy, and it did not come back within ${RECONNECT_MS / 1000} s.`, {
            code: 'CONNECTION_LOST',
            device: this.side.name,
            fix: 'Check the router is reachable, then send again: the copy resumes from the bytes already there.',
          });
        }
        await new Promise((r) => setTimeout(r, 500));
        try {
          await this.sessions();
          at = await this.verifiedPrefix(at);
        } catch {
          /* not back yet */
        }
      }
    }
    this.copyMs += performance.now() - t0;
    if (!this.recorded && (until === undefined || at >= this.payload.bytes)) this.record(started, t0);
    return at;
  }

  private lastReport = { percent: -1, at: 0 };

  /** Progress on the task at most once per whole percent or half second: acks come every 32 KiB. */
  private report(bytes: number): void {
    this.meter.update(bytes);
    const percent = Math.floor((bytes / this.payload.bytes) * 100);
    const now = performance.now();
    if (percent === this.lastReport.percent && now - this.lastReport.at < 500) return;
    this.lastReport = { percent, at: now };
    this.ctx.progress(bytes / this.payload.bytes, this.meter.detail());
  }

  /** The copy in the runbook, as the scp a user would type (SFTP has no one-line form). */
  private record(startedAt: string, t0: number): void {
    this.recorded = true;
    const t = this.side.target;
    const seconds = (performance.now() - t0) / 1000;
    this.side.deps.recorder?.append({
      place: 'this computer',
      target: 'this computer',
      command: scpEquivalent(this.payload.file, t.username, t.host, t.port, this.remotePath),
      exitStatus: 0,
      outputTail: `${this.payload.bytes} bytes, ${this.bytesSent} sent in ${seconds.toFixed(1)} s${this.resumed ? ' (resumed)' : ''}`,
      startedAt,
      durationMs: Math.round(seconds * 1000),
    });
    this.ctx.log(`$ ${scpEquivalent(this.payload.file, t.username, t.host, t.port, this.remotePath)}\r\n(copied over SFTP: ${mb(this.bytesSent)} in ${seconds.toFixed(1)} s)\r\n`);
  }
}

async function prefixSha256(file: string, bytes: number): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file, { start: 0, end: bytes - 1, highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}
