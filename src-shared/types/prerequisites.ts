import type { TargetPath } from './wizard';

/** 'skip': not run, because the chosen path does not need it. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/**
 * How much a check matters on the chosen path: a required check that fails fails the step, an
 * advised one only needs attention, a skipped one is not run.
 */
export type CheckNeed = 'required' | 'advised' | 'skip';

/** The verdict of one prerequisite check, as measured on this computer. */
export interface CheckResult {
  id: string;
  title: string;
  why: string;
  status: CheckStatus;
  need: CheckNeed;
  /** The measured value, e.g. "Vagrant 2.3.4", "23.4 GB free", "not found". */
  value: string;
  message: string;
  fix?: string;
  /** The command that measured it, as it would be typed by hand. */
  command?: string;
  /** Trimmed tail of that command's output. */
  output?: string;
  durationMs: number;
}

export interface PrereqReport {
  /** The path the checks were weighed for (null: checked before paths existed). */
  path: TargetPath | null;
  results: CheckResult[];
  startedAt: string;
  finishedAt: string;
  summary: { pass: number; warn: number; fail: number; skip: number };
}
