import type { TaskLogText } from '../../../src-shared/types/tasks';

export const TRIMMED_MARKER = '[earlier output trimmed]\r\n';

/**
 * Keeps the tail of a task's log so a view opened late (or after a reload) can show history.
 * Bounded: a runaway job cannot grow memory without limit. Counts every character ever
 * appended, so a reader can join the history to live chunks by offset even after the head
 * was trimmed.
 */
export class LogBuffer {
  private chunks: string[] = [];
  private size = 0;
  private total = 0;
  private dropped = false;

  constructor(private readonly limit = 512 * 1024) {}

  append(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.size += text.length;
    this.total += text.length;
    while (this.size > this.limit && this.chunks.length > 1) {
      const first = this.chunks.shift()!;
      this.size -= first.length;
      this.dropped = true;
    }
    if (this.size > this.limit) {
      const only = this.chunks[0]!;
      this.chunks[0] = only.slice(only.length - this.limit);
      this.size = this.chunks[0].length;
      this.dropped = true;
    }
  }

  /** Length of everything ever appended: the offset the next chunk will start at. */
  get end(): number {
    return this.total;
  }

  text(): string {
    const body = this.chunks.join('');
    return this.dropped ? `${TRIMMED_MARKER}${body}` : body;
  }

  read(): TaskLogText {
    return { text: this.text(), end: this.total };
  }
}
