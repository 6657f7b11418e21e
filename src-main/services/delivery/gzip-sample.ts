// gzip level 1 on the first MBs of a tarball: how fast it runs on this computer and how much it
// shrinks them, the two figures (with the measured link) the gzip decision needs.
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { LinkSample } from './compression-choice';

/** Bytes sent to measure the link before deciding on gzip. */
export const PROBE_BYTES = 8 << 20;
/** Below this, measuring costs more than it can save. */
export const PROBE_MIN_FILE = 32 << 20;

/** gzip level 1 on the first MBs of the file: its speed here and how much it shrinks them. */
export async function gzipSample(file: string): Promise<Omit<LinkSample, 'linkBps'>> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of createReadStream(file, { start: 0, end: PROBE_BYTES - 1, highWaterMark: 1 << 20 })) {
    chunks.push(c as Buffer);
    n += (c as Buffer).length;
  }
  const sample = Buffer.concat(chunks, n);
  const t = performance.now();
  const gz = gzipSync(sample, { level: 1 });
  const ms = Math.max(1, performance.now() - t);
  return { gzipBps: (sample.length * 1000) / ms, ratio: gz.length / Math.max(1, sample.length) };
}
