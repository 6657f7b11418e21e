// One shape for every terminal the app shows: a local PTY (vagrant), an SSH shell, a
// `docker exec` into a container on a router. One xterm.js view draws them all.

import { randomUUID } from 'node:crypto';

export interface SessionExit {
  /** Exit status when the other side reported one. */
  code: number | null;
  signal?: string;
}

export interface Session {
  readonly id: string;
  readonly title: string;
  readonly kind: 'pty' | 'ssh' | 'docker';
  /** Text as it arrives, decoded as UTF-8 without splitting a character. Returns unsubscribe. */
  onData(cb: (data: string) => void): () => void;
  /** Once, when the session ends. Returns unsubscribe. */
  onExit(cb: (exit: SessionExit) => void): () => void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
  readonly exited: SessionExit | null;
}

/** The listener plumbing the implementations share. */
export class SessionEvents {
  private readonly dataListeners = new Set<(d: string) => void>();
  private readonly exitListeners = new Set<(e: SessionExit) => void>();
  exited: SessionExit | null = null;

  onData(cb: (data: string) => void): () => void {
    this.dataListeners.add(cb);
    return () => this.dataListeners.delete(cb);
  }

  onExit(cb: (exit: SessionExit) => void): () => void {
    if (this.exited) {
      const e = this.exited;
      queueMicrotask(() => cb(e));
      return () => undefined;
    }
    this.exitListeners.add(cb);
    return () => this.exitListeners.delete(cb);
  }

  data(text: string): void {
    if (!text) return;
    for (const l of this.dataListeners) {
      try {
        l(text);
      } catch {
        /* one broken view must not stop the others */
      }
    }
  }

  exit(e: SessionExit): void {
    if (this.exited) return;
    this.exited = e;
    for (const l of this.exitListeners) {
      try {
        l(e);
      } catch {
        /* ditto */
      }
    }
    this.exitListeners.clear();
    this.dataListeners.clear();
  }
}

/** Listener plumbing and the read-only parts of a Session, for every implementation. */
export abstract class EventedSession implements Session {
  readonly id = randomUUID();
  abstract readonly kind: Session['kind'];
  abstract readonly title: string;
  protected readonly events = new SessionEvents();

  get exited(): SessionExit | null {
    return this.events.exited;
  }

  onData(cb: (data: string) => void): () => void {
    return this.events.onData(cb);
  }

  onExit(cb: (exit: SessionExit) => void): () => void {
    return this.events.onExit(cb);
  }

  abstract write(data: string): void;
  abstract resize(cols: number, rows: number): void;
  abstract close(): void;
}

export function clampSize(cols: number, rows: number): { cols: number; rows: number } {
  const c = Number.isFinite(cols) ? Math.floor(cols) : 80;
  const r = Number.isFinite(rows) ? Math.floor(rows) : 24;
  return { cols: Math.min(1000, Math.max(1, c)), rows: Math.min(500, Math.max(1, r)) };
}
