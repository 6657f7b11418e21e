// Runs the prerequisite checks in parallel, each under its own deadline, and reports each verdict
// as soon as it is known. The log gets one block per check, written when that check finishes
// (so blocks are in finishing order): every command it ran as `$ cmd` followed by its own
// output, never interleaved with another check's lines. Checks the chosen path does not need are
// reported as skipped without running; an advised check's failure is reported as a warning.
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../src-shared/errors';
import { runCommand } from '../exec/command-runner';
import { OutputTail, tailLines } from '../exec/output-tail';
import { formatCommand, shellStyleFor } from '../exec/shell-quote';
import { TARGET_PATH_INFO, type TargetPath } from '../../../src-shared/types/wizard';
import { formatSeconds } from './format-units';
import { getHostFacts } from './host-facts';
import { prereqCatalog } from './prereq-catalog';
import type { CheckCommand, CheckNeed, CheckResult, CommandOutcome, HostFacts, PrereqCheck, PrereqReport, ProbeContext, Verdict } from './prereq-types';

export interface RunPrerequisitesOptions {
  signal?: AbortSignal;
  /**
   * Receives one block per check when it finishes: "$ <command>\n<output>\n" for each command
   * it ran, in the order it ran them. Checks that ran no command write nothing.
   */
  log?: (text: string) => void;
  checks?: readonly PrereqCheck[];
  /** The router path the checks are weighed for; null or left out: every check is required. */
  path?: TargetPath | null;
  host?: HostFacts;
  platform?: NodeJS.Platform;
  /** Fires as each check finishes, in finishing order; skipped checks fire first. */
  onResult?: (r: CheckResult) => void;
  /** Fires once, before any check starts, with the number of checks that will run. */
  onStart?: (count: number) => void;
  /** The folder whose disk is measured when `host` is not given. Default: the home folder. */
  dataDir?: string;
  /** Read by checks that look for install folders (e.g. VBOX_MSI_INSTALL_PATH). */
  env?: NodeJS.ProcessEnv;
}

// After a check is stopped, how long to wait for its commands to be gone before reporting:
// SIGTERM, then SIGKILL after the runner's grace, then the pipes close.
const STOP_WAIT_MS = 5_000;
const LOG_OUTPUT_CHARS = 64_000;

class CheckTimedOut extends Error {
  constructor(readonly command: string) {
    super(`timed out running ${command}`);
  }
}
class CheckStopped extends Error {}

type Outcome =
  | { kind: 'done'; evidence: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'timeout'; command?: string }
  | { kind: 'cancelled' };

export async function runPrerequisites(opts: RunPrerequisitesOptions = {}): Promise<PrereqReport> {
  const cancelled = (): AppError =>
    new AppError('The prerequisite checks were cancelled.', { code: 'CANCELLED', name: 'CancelledError', device: 'this computer' });
  if (opts.signal?.aborted) throw cancelled();

  const startedAt = new Date().toISOString();
  const checks = opts.checks ?? prereqCatalog;
  const path = opts.path ?? null;
  const host = opts.host ?? (await getHostFacts({ dataDir: opts.dataDir }));
  const platform = opts.platform ?? host.platform;
  const env = opts.env ?? process.env;
  const toRun = checks.filter((c) => needOf(c, path) !== 'skip');
  opts.onStart?.(toRun.length);
  const skipped = new Map<string, CheckResult>();
  for (const check of checks) {
    if (needOf(check, path) !== 'skip') continue;
    const result = skippedResult(check, path!);
    skipped.set(check.id, result);
    opts.onResult?.(result);
  }

  const ran = await Promise.all(
    toRun.map(async (check) => {
      const result = await runOne(check, needOf(check, path), path, { host, platform, env, signal: opts.signal, log: opts.log });
      if (result !== null) opts.onResult?.(result);
      return result;
    }),
  );
  if (opts.signal?.aborted) throw cancelled();

  // Catalog order, whatever the finishing order.
  const byId = new Map(ran.filter((r): r is CheckResult => r !== null).map((r) => [r.id, r]));
  const done = checks.map((c) => skipped.get(c.id) ?? byId.get(c.id)).filter((r): r is CheckResult => r !== undefined);
  return { path, results: done, startedAt, finishedAt: new Date().toISOString(), summary: summarize(done) };
}

/** How much a check matters on a path; before a path is chosen, every check counts. */
export function needOf(check: PrereqCheck, path: TargetPath | null): CheckNeed {
  return path === null || check.need === undefined ? 'required' : check.need[path];
}

function skippedResult(check: PrereqCheck, path: TargetPath): CheckResult {
  return {
    id: check.id,
    title: check.title,
    why: check.why,
    status: 'skip',
    need: 'skip',
    value: 'not checked',
    message: `Not needed for ${TARGET_PATH_INFO[path].short}.`,
    durationMs: 0,
  };
}

/** Counts of pass, warn and fail: for the final report and for results so far. */
export function summarize(results: readonly CheckResult[]): PrereqReport['summary'] {
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) summary[r.status]++;
  return summary;
}

interface Shared {
  host: HostFacts;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  log?: (text: string) => void;
}

/** One check from start to verdict; null when the whole run was cancelled. */
async function runOne(check: PrereqCheck, need: CheckNeed, path: TargetPath | null, shared: Shared): Promise<CheckResult | null> {
  const started = performance.now();
  const stop = new AbortController();
  const ran: { command: string; output: string }[] = [];
  // Commands still running; a stopped check waits for these (not for its probe) to be gone.
  const inFlight = new Set<Promise<unknown>>();
  let current: string | undefined;
  let deadlinePassed = false;

  const run = async (spec: CheckCommand, o: { tolerateTimeout?: boolean } = {}): Promise<CommandOutcome> => {
    if (stop.signal.aborted) throw new CheckStopped();
    const tail = new OutputTail(LOG_OUTPUT_CHARS);
    const r = await runCommand(
      { ...spec, timeoutMs: spec.timeoutMs ?? check.timeoutMs },
      { signal: stop.signal, onOutput: (text) => tail.push(text) },
    );
    current = undefined;
    let output = tail.toString();
    if (output !== '' && !output.endsWith('\n')) output += '\n';
    const note = r.notFound
      ? `(${spec.file}: not found)\n`
      : r.timedOut || (r.cancelled && deadlinePassed)
        ? `(timed out after ${formatSeconds(spec.timeoutMs ?? check.timeoutMs)}; stopped)\n`
        : r.cancelled
          ? '(stopped)\n'
          : r.error !== undefined
            ? `(${r.error})\n`
            : r.exitCode !== 0
              ? `(exit code ${r.exitCode ?? `none, signal ${r.signal ?? 'unknown'}`})\n`
              : '';
    ran.push({ command: r.command, output: output + note });
    if (r.timedOut && !o.tolerateTimeout) throw new CheckTimedOut(r.command);
    if (r.cancelled) throw new CheckStopped();
    return { command: r.command, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, notFound: r.notFound, timedOut: r.timedOut };
  };

  const ctx: ProbeContext = {
    platform: shared.platform,
    host: shared.host,
    env: shared.env,
    signal: stop.signal,
    run: (spec, o) => {
      // Shown in the timeout message if the check's deadline passes while this runs.
      current = runCommandDisplay(spec);
      const running = run(spec, o);
      // Tracked until its log block and output are recorded, not just until the process ends.
      const settled: Promise<void> = running.then(
        () => void inFlight.delete(settled),
        () => void inFlight.delete(settled),
      );
      inFlight.add(settled);
      return running;
    },
    async runFirstFound(specs) {
      let first: CommandOutcome | undefined;
      for (const spec of specs) {
        const o = await ctx.run(spec);
        if (!o.notFound) return o;
        first ??= o;
      }
      if (first === undefined) throw new Error(`${check.id}: no command to run`);
      return first;
    },
  };

  const timers: NodeJS.Timeout[] = [];
  let onAbort: (() => void) | undefined;
  const probeP: Promise<Outcome> = Promise.resolve()
    .then(() => check.probe(ctx))
    .then(
      (evidence): Outcome => ({ kind: 'done', evidence }),
      (error: unknown): Outcome => (error instanceof CheckTimedOut ? { kind: 'timeout', command: error.command } : { kind: 'error', error }),
    );
  const deadlineP = new Promise<Outcome>((resolve) => {
    timers.push(
      setTimeout(() => {
        deadlinePassed = true;
        resolve({ kind: 'timeout', command: current });
      }, check.timeoutMs),
    );
  });
  const cancelP = new Promise<Outcome>((resolve) => {
    onAbort = () => resolve({ kind: 'cancelled' });
    if (shared.signal?.aborted) onAbort();
    else shared.signal?.addEventListener('abort', onAbort, { once: true });
  });

  let outcome = await Promise.race([probeP, deadlineP, cancelP]);
  timers.forEach(clearTimeout);
  if (onAbort) shared.signal?.removeEventListener('abort', onAbort);
  if (shared.signal?.aborted) outcome = { kind: 'cancelled' };

  if (outcome.kind === 'timeout' || outcome.kind === 'cancelled') {
    stop.abort();
    // Let the check's commands be killed and reaped before we report (runCommand resolves once
    // its process is gone); bounded all the same.
    if (inFlight.size > 0) {
      await Promise.race([Promise.all([...inFlight]), new Promise((r) => timers.push(setTimeout(r, STOP_WAIT_MS)))]);
      timers.forEach(clearTimeout);
    }
  }
  // The check's commands as one block, each with its own output, now that none is running.
  if (ran.length > 0) shared.log?.(ran.map((r) => `$ ${r.command}\n${r.output}`).join(''));
  if (outcome.kind === 'cancelled') return null;

  const verdict = weigh(toVerdict(check, outcome, shared.platform), need, path);
  const result: CheckResult = {
    id: check.id,
    title: check.title,
    why: check.why,
    ...verdict,
    need,
    durationMs: Math.round(performance.now() - started),
  };
  if (verdict.fix === undefined) delete result.fix;
  if (ran.length > 0) {
    result.command = ran.map((r) => r.command).join('\n');
    const output = ran.length === 1 ? ran[0]!.output : ran.map((r) => `$ ${r.command}\n${r.output}`).join('');
    const tail = tailLines(output);
    if (tail !== '') result.output = tail;
  }
  return result;
}

/** An advised check that fails only needs attention on this path: say so, keep the fix. */
function weigh(verdict: Verdict, need: CheckNeed, path: TargetPath | null): Verdict {
  if (need !== 'advised' || verdict.status !== 'fail' || path === null) return verdict;
  return { ...verdict, status: 'warn', message: `${verdict.message} Advised, not required, for ${TARGET_PATH_INFO[path].short}.` };
}

function toVerdict(check: PrereqCheck, outcome: Exclude<Outcome, { kind: 'cancelled' }>, platform: NodeJS.Platform): Verdict {
  const after = formatSeconds(check.timeoutMs);
  switch (outcome.kind) {
    case 'timeout':
      return outcome.command
        ? {
            status: 'fail',
            value: 'timed out',
            message: `timed out after ${after} running \`${outcome.command}\``,
            fix: `Run \`${outcome.command}\` in a terminal to see why it does not finish (a first run may ask a question or wait on the network), then run the checks again.`,
          }
        : {
            status: 'fail',
            value: 'timed out',
            message: `timed out after ${after} measuring ${check.title.toLowerCase()}`,
            fix: 'Run the checks again; if it keeps happening, the computer may be overloaded.',
          };
    case 'error':
      return internalError(check, outcome.error);
    case 'done':
      try {
        return check.interpret(outcome.evidence, platform);
      } catch (err) {
        return internalError(check, err);
      }
  }
}

function internalError(check: PrereqCheck, err: unknown): Verdict {
  return {
    status: 'fail',
    value: 'error',
    message: `The ${check.title} check could not finish: ${err instanceof Error ? err.message : String(err)}`,
    fix: 'This is a bug in XR Container Lab. Run the checks again; if it persists, report it with the Activity log.',
  };
}

// Display form before the run starts, for the timeout message; matches runCommand's own.
function runCommandDisplay(spec: CheckCommand): string {
  return formatCommand(spec.file, spec.args, shellStyleFor(process.platform));
}
