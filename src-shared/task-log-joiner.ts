import type { TaskLogChunk, TaskLogText } from './types/tasks';

/**
 * Joins a task log's history (the `tasks.log` reply) and its live `task.log` chunks into one
 * exact text: nothing twice, nothing lost. The stored log runs ahead of the live events (they
 * are batched), so chunks may repeat text the history already holds; their offsets say how
 * much. Subscribe first, then ask for the history: chunks that arrive before it are held.
 */
export class TaskLogJoiner {
  /** Offset of the end of what has been written; null until the history arrived. */
  private position: number | null = null;
  private held: TaskLogChunk[] = [];

  constructor(private readonly write: (text: string) => void) {}

  chunk(chunk: TaskLogChunk): void {
    if (this.position === null) this.held.push(chunk);
    else this.apply(chunk);
  }

  /** The history reply; null when it could not be read (live chunks are then shown whole). */
  history(log: TaskLogText | null): void {
    if (this.position !== null) return;
    if (log) {
      if (log.text) this.write(log.text);
      this.position = log.end;
    } else {
      this.position = 0;
    }
    const held = this.held;
    this.held = [];
    for (const chunk of held) this.apply(chunk);
  }

  private apply(chunk: TaskLogChunk): void {
    const position = this.position ?? 0;
    const end = chunk.offset + chunk.data.length;
    if (end <= position) return;
    // A gap (offset beyond position) cannot be filled: show the chunk whole.
    this.write(chunk.data.slice(Math.max(0, position - chunk.offset)));
    this.position = end;
  }
}
