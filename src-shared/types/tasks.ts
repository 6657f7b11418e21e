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
}

export interface TaskLogChunk {
  id: string;
  data: string;
}
