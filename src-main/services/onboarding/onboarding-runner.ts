// Runs checked steps in order (onboarding, and the router's registry trust): each is checked
// first (done already: unchanged), applied when needed, then checked again, so a second run
// changes nothing and says so step by step.
import { AppError } from '../../../src-shared/errors';
import type { TargetPlatform } from '../../../src-shared/types/targets';
import type { ManualCommand } from '../../../src-shared/types/wizard';

/** A step as data: what it stands for by hand, how to tell it is done, how to do it. */
export interface CheckedStep<C> {
  id: string;
  title: string;
  manual: ManualCommand[];
  platforms: readonly TargetPlatform[];
  /** After apply, how long the check may take to pass (a daemon starting). */
  settleMs?: number;
  check(ctx: C): Promise<{ done: boolean; note: string }>;
  apply(ctx: C): Promise<void>;
}

export interface StepOutcome<Id extends string = string> {
  id: Id;
  title: string;
  changed: boolean;
  /** What was found (before) and, when changed, what is true now. */
  note: string;
}

export interface OnboardingProgress<S> {
  (step: S, state: 'checking' | 'applying' | 'done', outcome?: StepOutcome): void;
}

/** How a step that is still not in place after its change is reported. */
export interface StepFailure {
  code: string;
  /** What to run again once it is done by hand. */
  again: string;
}

const ONBOARDING_FAILURE: StepFailure = { code: 'ONBOARDING_FAILED', again: 'run onboarding again' };

export async function runOnboardingSteps<C extends { platform: TargetPlatform }, S extends CheckedStep<C>>(
  ctx: C,
  steps: readonly S[],
  progress: OnboardingProgress<S> = () => undefined,
  signal?: AbortSignal,
  failure: StepFailure = ONBOARDING_FAILURE,
): Promise<StepOutcome<S['id']>[]> {
  const outcomes: StepOutcome<S['id']>[] = [];
  for (const step of steps.filter((s) => s.platforms.includes(ctx.platform))) {
    signal?.throwIfAborted();
    progress(step, 'checking');
    const before = await step.check(ctx);
    if (before.done) {
      const outcome = { id: step.id, title: step.title, changed: false, note: before.note };
      outcomes.push(outcome);
      progress(step, 'done', outcome);
      continue;
    }
    progress(step, 'applying');
    await step.apply(ctx);
    const after = await checkUntil(step, ctx, signal);
    if (!after.done) {
      throw new AppError(`${step.title}: still not in place after the change (${after.note}).`, {
        code: failure.code,
        fix: `Do it by hand (${step.manual.map((m) => m.command.split('\n')[0]).join('; ')}) and ${failure.again}; the steps before it stay done.`,
      });
    }
    const outcome = { id: step.id, title: step.title, changed: true, note: `${before.note}; now ${after.note}` };
    outcomes.push(outcome);
    progress(step, 'done', outcome);
  }
  return outcomes;
}

/** Checks again until it passes or the step's settle time runs out (no fixed sleeps). */
async function checkUntil<C>(step: CheckedStep<C>, ctx: C, signal?: AbortSignal): Promise<{ done: boolean; note: string }> {
  const deadline = Date.now() + (step.settleMs ?? 0);
  for (;;) {
    const r = await step.check(ctx);
    if (r.done || Date.now() >= deadline) return r;
    signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
