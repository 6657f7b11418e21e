import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a stream of small writes (PTY output, command output) into few, larger messages for
 * the bridge: bytes are decoded on UTF-8 boundaries, and flushed at most every `intervalMs`
 * or when `maxChunk` characters are waiting. Order is always preserved.
 */
export class LogCoalescer {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flushTo: (text: string) => void,
    private readonly intervalMs = 40,
    private readonly maxChunk = 64 * 1024,
  ) {}

  write(data: string | Buffer): void {
    const text = typeof data === 'string' ? data : this.decoder.write(data);
    if (!text) return;
    this.pending += text;
    if (this.pending.length >= this.maxChunk) {
      this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref?.();
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.flushTo(text);
  }

  /** Flushes everything, including a trailing incomplete UTF-8 sequence (as U+FFFD). */
  end(): void {
    const tail = this.decoder.end();
    if (tail) this.pending += tail;
    this.flush();
  }
}
