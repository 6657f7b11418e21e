// Every command the app ran, where, and how it ended: an in-memory list the runbook export reads
// and the UI can follow. Commands are stored as typed by hand, already redacted.
import type { CommandPlace } from '../../../src-shared/types/wizard';

export interface CommandRecord {
  place: CommandPlace;
  /** Transport.describe(): `vagrant@198.18.0.5:57722`, `this computer`. */
  target: string;
  command: string;
  /** null when the command never finished (timeout, cancel, connection lost). */
  exitStatus: number | null;
  outputTail: string;
  /** ISO time. */
  startedAt: string;
  durationMs: number;
  /** Why it did not finish, when it did not. */
  error?: string;
}

export type RecordListener = (record: CommandRecord) => void;

export class CommandRecorder {
  private readonly records: CommandRecord[] = [];
  private readonly listeners = new Set<RecordListener>();

  /** `max` keeps memory bounded in a long session: the oldest records go first. */
  constructor(private readonly max = 5000) {}

  append(record: CommandRecord): void {
    const frozen = Object.freeze({ ...record });
    this.records.push(frozen);
    if (this.records.length > this.max) this.records.splice(0, this.records.length - this.max);
    for (const l of this.listeners) {
      try {
        l(frozen);
      } catch {
        // A broken listener must not stop the others, nor the command.
      }
    }
  }

  list(): CommandRecord[] {
    return [...this.records];
  }

  subscribe(listener: RecordListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.records.length = 0;
  }
}
