// Gzip before the copy only when it pays. Compressing first costs size / gzipRate; the copy then
// moves size * ratio. Plain, it moves size. So gzip wins when ratio + link / gzipRate < 1: on a
// slow link with compressible content, never on a fast link (the practice lab's, a LAN to an
// NCS5500) where gzip level 1 (~50 MB/s) would be the bottleneck. Docker 20.10 loads gzip.
import { mb } from './disk-space';

export interface LinkSample {
  /** Measured copy speed (bytes per second) over the first bytes sent. */
  linkBps: number;
  /** Measured gzip level 1 speed on this computer, over the same first bytes. */
  gzipBps: number;
  /** Compressed size over plain size for those bytes (0..1+). */
  ratio: number;
}

export type CompressionMode = 'auto' | 'gzip' | 'none';

export interface CompressionChoice {
  gzip: boolean;
  /** Why, with the figures: recorded in the result. */
  reason: string;
  sample: LinkSample | null;
}

/** Keep a margin: a gain under 10 % is not worth the extra pass and the temp file. */
const MARGIN = 0.9;

export function chooseCompression(mode: CompressionMode, sample: LinkSample | null, alreadyCompressed: boolean): CompressionChoice {
  if (alreadyCompressed) return { gzip: false, reason: 'The tarball is already gzipped.', sample };
  if (mode === 'gzip') return { gzip: true, reason: 'Gzip was asked for.', sample };
  if (mode === 'none') return { gzip: false, reason: 'Compression was turned off.', sample };
  if (!sample) return { gzip: false, reason: 'The tarball is too small to measure the link; sent as it is.', sample };
  const figures = `link ${mb(sample.linkBps)}/s, gzip ${mb(sample.gzipBps)}/s, gzip to ${Math.round(sample.ratio * 100)} % of the size`;
  const relative = sample.ratio + sample.linkBps / sample.gzipBps;
  if (relative < MARGIN) {
    return { gzip: true, reason: `Gzipped: it takes ${Math.round(relative * 100)} % of the plain copy's time (${figures}).`, sample };
  }
  return {
    gzip: false,
    reason: `Sent as it is: gzip would take ${Math.round(relative * 100)} % of the plain copy's time (${figures}).`,
    sample,
  };
}
