import type { ErrorEnvelope } from '../errors';

export type TaskState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One long job (vagrant up, a transfer, a build, a check run) as every screen draws it. */
export interface TaskSnapshot {
  id: string;
  title: string;
  /** What kind of job, for grouping and icons: 'prerequisites', 'vagrant', 'transfer', ... */
  kind: string;
  /** Where it runs: 'this computer', a router name, 'devbox'. */
  target: string;
  state: TaskState;
  /** 0..1, or null while the job cannot tell how far along it is. */
  progress: number | null;
  /** A short line under the title: the current phase, speed, ETA. */
  detail: string;
  startedAt: string;
  endedAt: string | null;
  error: ErrorEnvelope | null;
  cancellable: boolean;
  /** Grows with every change of this task: of two snapshots, the higher revision is newer. */
  revision: number;
  /**
   * What the job found, when it judges something (a wizard step's verdict). `state` says
   * whether the job ran to the end; this says whether what it checked or did is good.
   */
  outcome?: TaskOutcome;
}

export type TaskVerdict = 'done' | 'attention' | 'failed';

export interface TaskOutcome {
  verdict: TaskVerdict;
  summary: string;
}

/**
 * A piece of a task's log. `offset` is the length of the log before it (in UTF-16 code
 * units, as JavaScript strings count), so a view joins history and live chunks exactly.
 */
export interface TaskLogChunk {
  id: string;
  offset: number;
  data: string;
}

/** A task's stored log: its kept text (the head may be trimmed) and the offset where it ends. */
export interface TaskLogText {
  text: string;
  end: number;
}
