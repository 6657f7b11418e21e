import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a stream of small writes (PTY output, command output) into few, larger messages for
 * the bridge, flushed at most every `intervalMs` or when `maxChunk` characters are waiting.
 * Order is always preserved, and each message says where it starts: the number of characters
 * flushed before it. Buffers are decoded on UTF-8 boundaries; a caller that keeps its own copy
 * of the text (the task manager's log) decodes once itself and passes strings, so both count
 * the same characters.
 */
export class LogCoalescer {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private flushed = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flushTo: (text: string, offset: number) => void,
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
    const offset = this.flushed;
    this.pending = '';
    this.flushed += text.length;
    this.flushTo(text, offset);
  }

  /** Flushes everything, including a trailing incomplete UTF-8 sequence (as U+FFFD). */
  end(): void {
    const tail = this.decoder.end();
    if (tail) this.pending += tail;
    this.flush();
  }
}
