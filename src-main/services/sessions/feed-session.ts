// A terminal whose output comes from a job the app runs itself (vagrant up, halt, destroy): the
// job pushes what its PTY prints, and the same xterm.js view that draws SSH shells draws it.
// Keystrokes are not passed on: the job answers its own questions, and Ctrl-C is its task's cancel.
import { EventedSession, type SessionExit } from './session';

export class FeedSession extends EventedSession {
  readonly kind = 'pty' as const;

  constructor(readonly title: string) {
    super();
  }

  /** Output of the job, as it comes (already decoded on UTF-8 boundaries). */
  push(text: string): void {
    if (!this.events.exited) this.events.data(text);
  }

  /** The job ended; later output is dropped. */
  end(exit: SessionExit): void {
    this.events.exit(exit);
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
