// Byte progress from the image services shown on a task: a fraction and a "12.0 of 210.5 MB"
// detail line, sent at most once per whole percent so a 2 GB build does not flood the bridge.
import type { TaskContext } from '../tasks/task-manager';

export type ByteProgressCallback = (done: number, total: number) => void;

const MB = 1e6;

/** A progress callback for buildImageTarball / buildContainerTarball / pulls that reports on `ctx`. */
export function taskByteProgress(ctx: Pick<TaskContext, 'progress'>, label = 'Written'): ByteProgressCallback {
  let lastPercent = -1;
  let lastTotal = -1;
  let highest = 0;
  return (done, total) => {
    // The bar never moves back when an estimated total becomes exact.
    const fraction = total > 0 ? (highest = Math.max(highest, Math.min(1, done / total))) : null;
    const percent = fraction === null ? -1 : Math.floor(fraction * 100);
    if (percent === lastPercent && total === lastTotal) return;
    lastPercent = percent;
    lastTotal = total;
    ctx.progress(fraction, `${label} ${(done / MB).toFixed(1)} of ${(total / MB).toFixed(1)} MB`);
  };
}
