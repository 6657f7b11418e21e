import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { AppError, toErrorEnvelope } from '../../../src-shared/errors';
import type { TaskLogText, TaskOutcome, TaskSnapshot } from '../../../src-shared/types/tasks';
import type { EventHub } from '../events/event-hub';
import { LogBuffer } from './log-buffer';
import { LogCoalescer } from './log-coalescer';

/** What a running job may do: report, log, and notice that it was cancelled. */
export interface TaskContext {
  readonly id: string;
  readonly signal: AbortSignal;
  /**
   * Append to the task's log (terminal text: use \r\n line ends for xterm). Buffers (SSH
   * channels, `docker exec`, PTYs) are decoded here, on UTF-8 boundaries: a character split
   * across two Buffers arrives whole. Strings are written at once; bytes of a character that
   * is still incomplete wait for the next Buffer.
   */
  log(text: string | Buffer): void;
  /** Fraction done in 0..1, or null when unknown; optional detail line (phase, speed, ETA). */
  progress(fraction: number | null, detail?: string): void;
  detail(text: string): void;
  /** What the job found (a step's verdict), shown beside whether the job ran to the end. */
  setOutcome(outcome: TaskOutcome): void;
}

export interface TaskSpec<T> {
  title: string;
  kind: string;
  target?: string;
  cancellable?: boolean;
  run(ctx: TaskContext): Promise<T>;
}

export interface StartedTask<T> {
  id: string;
  /** Settles when the job ends; rejects with the job's error (cancellation rejects with CANCELLED). */
  done: Promise<T>;
}

interface Entry {
  snapshot: TaskSnapshot;
  controller: AbortController;
  log: LogBuffer;
  decoder: StringDecoder;
  coalescer: LogCoalescer;
}

/** The one task model: every long job in the app runs through here and is drawn the same way. */
export class TaskManager {
  private readonly tasks = new Map<string, Entry>();

  constructor(
    private readonly hub: EventHub,
    private readonly options: { maxFinished?: number; now?: () => Date; logLimit?: number; logIntervalMs?: number } = {},
  ) {}

  start<T>(spec: TaskSpec<T>): StartedTask<T> {
    const id = randomUUID();
    const controller = new AbortController();
    const log = new LogBuffer(this.options.logLimit);
    const snapshot: TaskSnapshot = {
      id,
      title: spec.title,
      kind: spec.kind,
      target: spec.target ?? 'this computer',
      state: 'running',
      progress: null,
      detail: '',
      startedAt: this.now(),
      endedAt: null,
      error: null,
      cancellable: spec.cancellable ?? true,
      revision: 0,
    };
    // The buffer and the coalescer see the same decoded text, so chunk offsets match the log.
    const coalescer = new LogCoalescer(
      (data, offset) => this.hub.emit('task.log', { id, offset, data }),
      this.options.logIntervalMs,
    );
    const decoder = new StringDecoder('utf8');
    const entry: Entry = { snapshot, controller, log, decoder, coalescer };
    this.tasks.set(id, entry);
    this.publish(entry);

    const ctx: TaskContext = {
      id,
      signal: controller.signal,
      log: (text) => {
        this.append(entry, typeof text === 'string' ? text : decoder.write(text));
      },
      progress: (fraction, detail) => {
        if (entry.snapshot.state !== 'running') return;
        const p = fraction === null ? null : Math.min(1, Math.max(0, fraction));
        this.update(entry, { progress: p, ...(detail !== undefined ? { detail } : {}) });
      },
      detail: (text) => {
        if (entry.snapshot.state !== 'running') return;
        this.update(entry, { detail: text });
      },
      setOutcome: ({ verdict, summary }) => {
        this.update(entry, { outcome: { verdict, summary } });
      },
    };

    const done = (async () => {
      try {
        const value = await spec.run(ctx);
        if (controller.signal.aborted) throw cancelledError();
        this.finish(entry, 'succeeded', null);
        return value;
      } catch (err) {
        const cancelled = controller.signal.aborted;
        const envelope = cancelled ? cancelledError().toEnvelope() : toErrorEnvelope(err);
        this.finish(entry, cancelled ? 'cancelled' : 'failed', envelope);
        throw cancelled ? cancelledError() : err;
      }
    })();
    // Callers that only want the id must not cause unhandled rejections.
    done.catch(() => undefined);
    return { id, done };
  }

  cancel(id: string): void {
    const entry = this.mustGet(id);
    if (entry.snapshot.state !== 'running') return;
    if (!entry.snapshot.cancellable) {
      throw new AppError(`"${entry.snapshot.title}" cannot be cancelled once started.`, {
        code: 'NOT_CANCELLABLE',
        fix: 'Wait for it to finish; it will stop by itself.',
      });
    }
    entry.controller.abort();
  }

  list(): TaskSnapshot[] {
    return [...this.tasks.values()].map((e) => ({ ...e.snapshot }));
  }

  get(id: string): TaskSnapshot {
    return { ...this.mustGet(id).snapshot };
  }

  logOf(id: string): string {
    return this.mustGet(id).log.text();
  }

  /** The stored log with the offset where it ends, to join with live `task.log` chunks. */
  readLog(id: string): TaskLogText {
    return this.mustGet(id).log.read();
  }

  clearFinished(): void {
    for (const [id, entry] of this.tasks) {
      if (entry.snapshot.state !== 'running') {
        this.tasks.delete(id);
        this.hub.emit('task.removed', { id });
      }
    }
  }

  /** Cancels everything still running (app shutdown). */
  cancelAll(): void {
    for (const entry of this.tasks.values()) {
      if (entry.snapshot.state === 'running') entry.controller.abort();
    }
  }

  private finish(entry: Entry, state: TaskSnapshot['state'], error: TaskSnapshot['error']): void {
    this.append(entry, entry.decoder.end());
    entry.coalescer.end();
    this.update(entry, {
      state,
      error,
      endedAt: this.now(),
      progress: state === 'succeeded' ? 1 : entry.snapshot.progress,
      cancellable: false,
    });
    this.trimFinished();
  }

  private append(entry: Entry, text: string): void {
    if (!text) return;
    entry.log.append(text);
    entry.coalescer.write(text);
  }

  private update(entry: Entry, patch: Partial<TaskSnapshot>): void {
    entry.snapshot = { ...entry.snapshot, ...patch, revision: entry.snapshot.revision + 1 };
    this.publish(entry);
  }

  private publish(entry: Entry): void {
    this.hub.emit('task.updated', { ...entry.snapshot });
  }

  private trimFinished(): void {
    const max = this.options.maxFinished ?? 200;
    const finished = [...this.tasks.values()].filter((e) => e.snapshot.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - max))) {
      this.tasks.delete(entry.snapshot.id);
      this.hub.emit('task.removed', { id: entry.snapshot.id });
    }
  }

  private mustGet(id: string): Entry {
    const entry = this.tasks.get(id);
    if (!entry) {
      throw new AppError('That task no longer exists.', {
        code: 'NOT_FOUND',
        fix: 'It may have been cleared from Activity. Start the job again if you need it.',
      });
    }
    return entry;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }
}

function cancelledError(): AppError {
  return new AppError('Cancelled by the user.', { code: 'CANCELLED', name: 'CancelledError' });
}
