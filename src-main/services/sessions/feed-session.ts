// A terminal whose output comes from a job the app runs itself (vagrant up, halt, destroy): the
// job pushes what its PTY prints, and the same xterm.js view that draws SSH shells draws it.
// Keystrokes are not passed on: the job answers its own questions, and Ctrl-C is its task's cancel.
import { randomUUID } from 'node:crypto';
import { SessionEvents, type Session, type SessionExit } from './session';

export class FeedSession implements Session {
  readonly id = randomUUID();
  readonly kind = 'pty' as const;
  private readonly events = new SessionEvents();

  constructor(readonly title: string) {}

  get exited(): SessionExit | null {
    return this.events.exited;
  }

  /** Output of the job, as it comes (already decoded on UTF-8 boundaries). */
  push(text: string): void {
    if (!this.events.exited) this.events.data(text);
  }

  /** The job ended; later output is dropped. */
  end(exit: SessionExit): void {
    this.events.exit(exit);
  }

  onData(cb: (data: string) => void): () => void {
    return this.events.onData(cb);
  }

  onExit(cb: (exit: SessionExit) => void): () => void {
    return this.events.onExit(cb);
  }

  write(): void {
    /* read-only: see the header */
  }

  resize(): void {
    /* the job's PTY keeps its own size */
  }

  close(): void {
    if (!this.events.exited) this.events.exit({ code: null, signal: 'closed' });
  }
}
