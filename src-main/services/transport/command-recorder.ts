// Every command the app ran, where, and how it ended: the list the runbook export reads and the
// UI can follow. Commands are stored as typed by hand, already redacted. With a journal file the
// records outlive the process: each front door that shares the data folder (the desktop app,
// the web host, every xrcl run) appends to it, so one export covers them all, in order.
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CommandPlace } from '../../../src-shared/types/wizard';

export interface CommandRecord {
  place: CommandPlace;
  /** Transport.describe(): `vagrant@198.18.0.5:57722`, `this computer`. */
  target: string;
  command: string;
  /** Ran as root (`sudo -i` in the XR shell, or XR's `bash`). */
  asRoot?: boolean;
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
  private appended = 0;

  /**
   * `max` keeps memory (and the journal) bounded in a long session: the oldest records go
   * first. `journal` is a JSON-lines file the records are appended to and read back from.
   */
  constructor(
    private readonly max = 5000,
    private readonly journal?: string,
  ) {}

  append(record: CommandRecord): void {
    const frozen = Object.freeze({ ...record });
    this.records.push(frozen);
    if (this.records.length > this.max) this.records.splice(0, this.records.length - this.max);
    if (this.journal) this.write(frozen);
    for (const l of this.listeners) {
      try {
        l(frozen);
      } catch {
        // A broken listener must not stop the others, nor the command.
      }
    }
  }

  /** The records in order: from the journal when there is one (other processes' too). */
  list(): CommandRecord[] {
    if (!this.journal) return [...this.records];
    return this.readJournal().slice(-this.max);
  }

  subscribe(listener: RecordListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.records.length = 0;
    if (this.journal && existsSync(this.journal)) writeFileSync(this.journal, '', { mode: 0o600 });
  }

  private write(record: CommandRecord): void {
    try {
      const file = this.journal!;
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const fresh = !existsSync(file);
      appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
      if (fresh) chmodSync(file, 0o600);
      // Trim on a process's first write and every 200th after, not on every write: keep the newest `max`.
      if (this.appended++ % 200 === 0) {
        const all = this.readJournal();
        if (all.length > this.max) {
          writeFileSync(`${file}.tmp`, all.slice(-this.max).map((r) => JSON.stringify(r)).join('\n') + '\n', { mode: 0o600 });
          renameSync(`${file}.tmp`, file);
        }
      }
    } catch {
      // A journal that cannot be written must not fail the command; the memory list still has it.
    }
  }

  private readJournal(): CommandRecord[] {
    let text = '';
    try {
      text = readFileSync(this.journal!, 'utf8');
    } catch {
      return [...this.records];
    }
    const out: CommandRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as CommandRecord;
        if (typeof r.command === 'string' && typeof r.place === 'string') out.push(Object.freeze(r));
      } catch {
        // A line cut short by a crash; skip it.
      }
    }
    return out;
  }
}
