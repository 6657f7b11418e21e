// Speed and time left for a copy, from the bytes acknowledged over the last few seconds (a
// whole-copy average hides a link that just slowed down; a one-sample rate jumps around).
import { mb } from './disk-space';

const WINDOW_MS = 3000;

export class TransferMeter {
  private readonly samples: Array<{ t: number; bytes: number }> = [];

  constructor(
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records that `bytes` (of the whole file, counting a resumed prefix) are on the router. */
  update(bytes: number): void {
    const t = this.now();
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - this.samples[1]!.t >= WINDOW_MS) this.samples.shift();
  }

  /** Bytes per second over the window; null until there are two samples apart in time. */
  get bytesPerSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.t - first.t < 50) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.t - first.t);
  }

  get secondsLeft(): number | null {
    const rate = this.bytesPerSecond;
    const done = this.samples[this.samples.length - 1]?.bytes ?? 0;
    if (!rate || rate <= 0) return null;
    return Math.max(0, (this.total - done) / rate);
  }

  /** "Copied 12.0 of 210.5 MB · 85.3 MB/s · 3 s left" */
  detail(label = 'Copied'): string {
    const done = this.samples[this.samples.length - 1]?.bytes ?? 0;
    const rate = this.bytesPerSecond;
    const left = this.secondsLeft;
    const parts = [`${label} ${mb(done).replace(' MB', '')} of ${mb(this.total)}`];
    if (rate !== null) parts.push(`${mb(rate)}/s`);
    if (left !== null) parts.push(`${formatLeft(left)} left`);
    return parts.join(' · ');
  }
}

export function formatLeft(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
