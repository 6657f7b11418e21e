// `docker pull` prints one line per layer and state (`a3ed95caeb02: Download complete`); a
// pull is drawn as one bar: each layer counts by how far along it is, all layers equally.

const STAGE: Array<[RegExp, number]> = [
  [/^(Pulling fs layer|Waiting)$/, 0],
  [/^Downloading/, 0.2],
  [/^(Verifying Checksum|Download complete)$/, 0.6],
  [/^Extracting/, 0.8],
  [/^(Pull complete|Already exists)$/, 1],
];
const LAYER_LINE = /^([0-9a-f]{12,64}): (.+)$/;

export interface PullProgress {
  /** 0..1 over the layers seen so far, or null before the first layer. */
  fraction: number | null;
  detail: string;
}

export class PullProgressFold {
  private readonly layers = new Map<string, number>();
  private partial = '';

  /** Feeds output as it arrives; returns the progress when a line changed it. */
  push(text: string): PullProgress | null {
    const lines = (this.partial + text).split(/\r?\n|\r/);
    this.partial = lines.pop() ?? '';
    let moved = false;
    for (const line of lines) {
      const m = LAYER_LINE.exec(line.trim());
      if (!m) continue;
      const stage = STAGE.find(([re]) => re.test(m[2]!.trim()));
      if (!stage) continue;
      // A layer never goes back (a retry restarts its download, but the bar should not jump).
      const before = this.layers.get(m[1]!) ?? -1;
      if (stage[1] > before || !this.layers.has(m[1]!)) {
        this.layers.set(m[1]!, Math.max(before, stage[1]));
        moved = true;
      }
    }
    return moved ? this.progress() : null;
  }

  progress(): PullProgress {
    const n = this.layers.size;
    if (n === 0) return { fraction: null, detail: 'Pulling' };
    const sum = [...this.layers.values()].reduce((a, b) => a + b, 0);
    const done = [...this.layers.values()].filter((v) => v >= 1).length;
    return { fraction: sum / n, detail: `${done} of ${n} layers` };
  }
}
