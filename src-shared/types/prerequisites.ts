export type CheckStatus = 'pass' | 'warn' | 'fail';

/** The verdict of one prerequisite check, as measured on this computer. */
export interface CheckResult {
  id: string;
  title: string;
  why: string;
  status: CheckStatus;
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
  results: CheckResult[];
  startedAt: string;
  finishedAt: string;
  summary: { pass: number; warn: number; fail: number };
}
