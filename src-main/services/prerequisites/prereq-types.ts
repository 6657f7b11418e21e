// Prerequisite checks as data: what to measure, how to read it, what to tell the user.
// The result types are shared with the renderer, so they live in src-shared.
import type { CheckNeed, CheckResult, CheckStatus, PrereqReport } from '../../../src-shared/types/prerequisites';
import type { TargetPath } from '../../../src-shared/types/wizard';
import type { CommandSpec } from '../exec/command-runner';
import type { HostFacts } from './host-facts';

export type { CheckNeed, CheckResult, CheckStatus, PrereqReport, HostFacts };

/** How much a check matters on each path (the catalog says; required everywhere when left out). */
export type NeedByPath = Record<TargetPath, CheckNeed>;

/** A command a check runs; the check's own deadline applies when timeoutMs is left out. */
export type CheckCommand = Omit<CommandSpec, 'timeoutMs'> & { timeoutMs?: number };

/** What an interpret function reads from a command: the parts that are stable to record. */
export interface CommandOutcome {
  command: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  notFound: boolean;
  timedOut: boolean;
}

/** An interpretation: the verdict, the measured value, and what to tell the user. */
export interface Verdict {
  /** What was measured says; whether it matters is the path's business (see CheckNeed). */
  status: Exclude<CheckStatus, 'skip'>;
  value: string;
  message: string;
  fix?: string;
}

export interface ProbeContext {
  platform: NodeJS.Platform;
  host: HostFacts;
  env: NodeJS.ProcessEnv;
  /** Aborted when the check times out or the whole run is cancelled. */
  signal: AbortSignal;
  /**
   * Runs a command: it is logged as `$ cmd` with its output and stopped with the check.
   * A timeout ends the whole check as timed out, unless tolerateTimeout is set (for side
   * probes whose silence only means "unknown").
   */
  run(spec: CheckCommand, opts?: { tolerateTimeout?: boolean }): Promise<CommandOutcome>;
  /** Runs candidates in order (e.g. PATH, then default install folders) until one exists. */
  runFirstFound(specs: CheckCommand[]): Promise<CommandOutcome>;
}

export interface PrereqCheck<E = unknown> {
  id: string;
  title: string;
  /** One or two sentences: why this matters for getting containers onto the router. */
  why: string;
  timeoutMs: number;
  /** Per path: required, advised (a failure only needs attention) or skipped (not run). */
  need?: NeedByPath;
  /** Gathers the evidence (commands through ctx, or Node APIs). */
  probe(ctx: ProbeContext): Promise<E>;
  /** Pure: evidence in, verdict out. Unit-tested against recorded outputs. */
  interpret(evidence: E, platform: NodeJS.Platform): Verdict;
}

/** A fix written for each OS the app runs on; other Unixes read the Linux one. */
export interface FixByOs {
  linux: string;
  darwin: string;
  win32: string;
}

export function fixFor(platform: NodeJS.Platform, fixes: FixByOs): string {
  if (platform === 'darwin' || platform === 'win32') return fixes[platform];
  return fixes.linux;
}
