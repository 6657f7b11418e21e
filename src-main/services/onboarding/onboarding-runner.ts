// Runs the onboarding steps in order: each is checked first (done already: unchanged), applied
// when needed, then checked again, so a second run changes nothing and says so step by step.
import { AppError } from '../../../src-shared/errors';
import type { OnboardingContext, OnboardingStep } from './onboarding-steps';

export interface StepOutcome {
  id: OnboardingStep['id'];
  title: string;
  changed: boolean;
  /** What was found (before) and, when changed, what is true now. */
  note: string;
}

export interface OnboardingProgress {
  (step: OnboardingStep, state: 'checking' | 'applying' | 'done', outcome?: StepOutcome): void;
}

export async function runOnboardingSteps(
  ctx: OnboardingContext,
  steps: readonly OnboardingStep[],
  progress: OnboardingProgress = () => undefined,
  signal?: AbortSignal,
): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
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
        code: 'ONBOARDING_FAILED',
        fix: `Do it by hand (${step.manual.map((m) => m.command.split('\n')[0]).join('; ')}) and run onboarding again; the steps before it stay done.`,
      });
    }
    const outcome = { id: step.id, title: step.title, changed: true, note: `${before.note}; now ${after.note}` };
    outcomes.push(outcome);
    progress(step, 'done', outcome);
  }
  return outcomes;
}

/** Checks again until it passes or the step's settle time runs out (no fixed sleeps). */
async function checkUntil(step: OnboardingStep, ctx: OnboardingContext, signal?: AbortSignal): Promise<{ done: boolean; note: string }> {
  const deadline = Date.now() + (step.settleMs ?? 0);
  for (;;) {
    const r = await step.check(ctx);
    if (r.done || Date.now() >= deadline) return r;
    signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
