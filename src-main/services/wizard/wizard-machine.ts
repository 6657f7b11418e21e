// The wizard as a pure state machine: no I/O, no clocks, no services. The wizard service feeds
// it events (user actions, task start and end) and persists what comes out.
import { AppError } from '../../../src-shared/errors';
import type {
  GuideRouter,
  ImagePath,
  StepBlocker,
  StepDetails,
  StepStatus,
  StepVerdict,
  TargetPath,
  WizardAction,
} from '../../../src-shared/types/wizard';
import { imagePaths, targetPaths } from '../../../src-shared/types/wizard';

/** What the machine needs to know about a step: its id and which paths it belongs to. */
export interface StepMeta {
  id: string;
  paths: readonly TargetPath[] | 'all';
  /** Shown in lock reasons; the id when left out. */
  title?: string;
  /**
   * The step reads the chosen path (e.g. which prerequisites are required): it cannot start
   * before a path is chosen, and its result is cleared when the path changes.
   */
  needsPath?: boolean;
  /** The step works on the Guide's router: it waits for one, and starts over when it changes. */
  needsRouter?: boolean;
  /**
   * The image paths the step belongs to ('all': any of them). Left out, the step is the
   * router's own and shows whatever the image path; set, it shows once a matching image path
   * is chosen, and starts over when the image path changes.
   */
  imagePaths?: readonly ImagePath[] | 'all';
}

/** Whether a step may start now, and if not, why (as the error the user sees). */
export type StartCheck =
  | { ok: true }
  | { ok: false; code: 'NOT_FOUND' | 'PATH_NEEDED' | 'ROUTER_NEEDED' | 'STEP_LOCKED' | 'STEP_BUSY'; message: string; fix?: string };

export type Verdict = 'done' | 'attention' | 'failed';

export interface StepOutcome {
  verdict: Verdict;
  summary: string;
  fix?: string;
  details?: StepDetails;
  /** The image the step left on the router, for the steps after it (the container step). */
  image?: string;
}

export interface PersistedStep {
  status: Exclude<StepStatus, 'locked'>;
  taskId: string | null;
  verdict: StepVerdict | null;
  details: StepDetails | null;
  updatedAt: string | null;
}

export interface WizardState {
  version: 1;
  path: TargetPath | null;
  router?: GuideRouter | null;
  imagePath?: ImagePath | null;
  /** Set by the step that put an image on the router (StepOutcome.image). */
  image?: string | null;
  currentStepId: string;
  steps: Record<string, PersistedStep>;
}

export type WizardEvent =
  | WizardAction
  | { type: 'started'; stepId: string; taskId: string; at: string }
  | { type: 'finished'; stepId: string; outcome: StepOutcome; at: string }
  /** Results so far of a running step. */
  | { type: 'partial'; stepId: string; details: StepDetails; at: string }
  /** The app restarted: a step that was running lost its task. */
  | { type: 'restored'; at: string };

const FRESH: PersistedStep = { status: 'ready', taskId: null, verdict: null, details: null, updatedAt: null };

export function initialState(steps: readonly StepMeta[]): WizardState {
  const first = steps[0];
  if (!first) throw new Error('A wizard needs at least one step.');
  return { version: 1, path: null, currentStepId: first.id, steps: {} };
}

/**
 * The steps shown for a router path and an image path; before a path is chosen, only the steps
 * common to all, and before an image path is chosen, none of the image steps.
 */
export function visibleSteps(steps: readonly StepMeta[], path: TargetPath | null, imagePath: ImagePath | null = null): StepMeta[] {
  return steps.filter(
    (s) =>
      (s.paths === 'all' || (path !== null && s.paths.includes(path))) &&
      (s.imagePaths === undefined || (imagePath !== null && (s.imagePaths === 'all' || s.imagePaths.includes(imagePath)))),
  );
}

/** The steps shown for this state. */
export function shownSteps(state: WizardState, steps: readonly StepMeta[]): StepMeta[] {
  return visibleSteps(steps, state.path, state.imagePath ?? null);
}

export function stepState(state: WizardState, id: string): PersistedStep {
  return state.steps[id] ?? FRESH;
}

/** A step is locked until every earlier visible step is done (or done with warnings). */
export function statusOf(state: WizardState, steps: readonly StepMeta[], id: string): StepStatus {
  const visible = shownSteps(state, steps);
  const index = visible.findIndex((s) => s.id === id);
  if (index < 0) return 'locked';
  for (const earlier of visible.slice(0, index)) {
    const st = stepState(state, earlier.id).status;
    if (st !== 'done' && st !== 'attention') return 'locked';
  }
  return stepState(state, id).status;
}

/**
 * The earlier visible step that has to be finished first, or null. Done and done-with-notes
 * (attention) both count as finished: this is the one rule for locks, the renderer only shows it.
 */
export function blockerOf(state: WizardState, steps: readonly StepMeta[], id: string): StepBlocker | null {
  const visible = shownSteps(state, steps);
  const index = visible.findIndex((s) => s.id === id);
  if (index < 0) return null;
  const blocker = visible.slice(0, index).find((s) => {
    const st = stepState(state, s.id).status;
    return st !== 'done' && st !== 'attention';
  });
  return blocker ? { stepId: blocker.id, title: blocker.title ?? blocker.id } : null;
}

export function lockedReason(state: WizardState, steps: readonly StepMeta[], id: string): string | null {
  if (!shownSteps(state, steps).some((s) => s.id === id)) return 'This step is not part of the chosen path.';
  const blocker = blockerOf(state, steps, id);
  return blocker ? `Finish "${blocker.title}" first.` : null;
}

/** True when the step cannot run until the user has said which router they have. */
export function waitsForPath(state: WizardState, steps: readonly StepMeta[], id: string): boolean {
  return state.path === null && steps.some((s) => s.id === id && s.needsPath === true);
}

/** A step of the image paths cannot start before one is chosen. */
function imagePathCheck(state: WizardState, steps: readonly StepMeta[], stepId: string): StartCheck | null {
  if (state.imagePath || !steps.some((s) => s.id === stepId && s.imagePaths !== undefined)) return null;
  return {
    ok: false,
    code: 'PATH_NEEDED',
    message: 'Choose how the image reaches the router first.',
    fix: 'Pick one of the image paths in the Guide: Docker Hub, a registry, or a tarball.',
  };
}

/** The one answer to "may this step start now?", used by the service before it creates a task. */
export function canStart(state: WizardState, steps: readonly StepMeta[], stepId: string): StartCheck {
  if (!steps.some((s) => s.id === stepId)) return { ok: false, code: 'NOT_FOUND', message: `There is no step called "${stepId}".` };
  const imageCheck = imagePathCheck(state, steps, stepId);
  if (imageCheck) return imageCheck;
  if (statusOf(state, steps, stepId) === 'locked') {
    const fix = lockedReason(state, steps, stepId);
    return { ok: false, code: 'STEP_LOCKED', message: 'That step cannot run yet.', ...(fix ? { fix } : {}) };
  }
  if (waitsForPath(state, steps, stepId)) {
    return {
      ok: false,
      code: 'PATH_NEEDED',
      message: 'Choose which router you have first.',
      fix: 'Pick one of the three choices at the top of the Guide: the IOS-XRv Vagrant box, a physical NCS5500 or ASR9k, or the practice router lab.',
    };
  }
  if (!state.router && steps.some((s) => s.id === stepId && s.needsRouter === true)) {
    return {
      ok: false,
      code: 'ROUTER_NEEDED',
      message: 'Choose the router to work on first.',
      fix: 'Pick one of your routers above the steps (add it on the Routers page if it is not there yet).',
    };
  }
  if (Object.values(state.steps).some((s) => s.status === 'running')) {
    return { ok: false, code: 'STEP_BUSY', message: 'Another step is still running.', fix: 'Wait for it to finish, or cancel it in Activity.' };
  }
  return { ok: true };
}

export function transition(state: WizardState, event: WizardEvent, steps: readonly StepMeta[]): WizardState {
  switch (event.type) {
    case 'reset':
      return initialState(steps);

    case 'choosePath': {
      if (event.path === state.path) return state;
      const pathBound = steps.filter((s) => s.needsPath === true);
      if (pathBound.some((s) => stepState(state, s.id).status === 'running')) {
        throw new AppError('The router cannot be changed while the checks for it are running.', {
          code: 'STEP_BUSY',
          name: 'WizardError',
          fix: 'Wait for the running step to finish, or cancel it in Activity, then change the router.',
        });
      }
      // Results weighed for the old path no longer hold: those steps start over.
      const kept = Object.fromEntries(Object.entries(state.steps).filter(([id]) => !pathBound.some((s) => s.id === id)));
      const next: WizardState = { ...state, path: event.path, steps: kept };
      const visible = shownSteps(next, steps);
      if (!visible.some((s) => s.id === next.currentStepId)) next.currentStepId = visible[0]!.id;
      // A current step that is now locked hands over to the step that blocks it.
      const blocker = blockerOf(next, steps, next.currentStepId);
      if (blocker) next.currentStepId = blocker.stepId;
      return next;
    }

    case 'chooseRouter': {
      const same = state.router?.target === event.router.target && state.router?.newUser === event.router.newUser;
      if (same) return state;
      const bound = steps.filter((s) => s.needsRouter === true);
      if (bound.some((s) => stepState(state, s.id).status === 'running')) {
        throw new AppError('The router cannot be changed while a step is working on it.', {
          code: 'STEP_BUSY',
          name: 'WizardError',
          fix: 'Wait for the running step to finish, or cancel it in Activity, then change the router.',
        });
      }
      // Results for another router do not hold for this one: those steps start over.
      const kept = Object.fromEntries(Object.entries(state.steps).filter(([id]) => !bound.some((s) => s.id === id)));
      // The image an earlier step left was on the other router.
      return { ...state, router: { ...event.router }, image: null, steps: kept };
    }

    case 'chooseImagePath': {
      if (event.imagePath === state.imagePath) return state;
      const bound = steps.filter((s) => s.imagePaths !== undefined);
      if (bound.some((s) => stepState(state, s.id).status === 'running')) {
        throw new AppError('The image path cannot be changed while one of its steps is running.', {
          code: 'STEP_BUSY',
          name: 'WizardError',
          fix: 'Wait for the running step to finish, or cancel it in Activity, then change the image path.',
        });
      }
      // Another way to bring the image starts its steps over, and the image it left is not the next one's.
      const kept = Object.fromEntries(Object.entries(state.steps).filter(([id]) => !bound.some((s) => s.id === id)));
      const next: WizardState = { ...state, imagePath: event.imagePath, image: null, steps: kept };
      // The first step of the new path becomes current, unless an earlier step still blocks it.
      const first = shownSteps(next, steps).find((s) => s.imagePaths !== undefined);
      if (first) next.currentStepId = blockerOf(next, steps, first.id)?.stepId ?? first.id;
      return next;
    }

    case 'select': {
      requireKnown(steps, event.stepId);
      if (statusOf(state, steps, event.stepId) === 'locked') {
        throw new AppError('That step is not available yet.', {
          code: 'STEP_LOCKED',
          name: 'WizardError',
          fix: lockedReason(state, steps, event.stepId) ?? undefined,
        });
      }
      return { ...state, currentStepId: event.stepId };
    }

    case 'started': {
      const check = canStart(state, steps, event.stepId);
      if (!check.ok) {
        throw new AppError(check.message, { code: check.code, name: 'WizardError', ...(check.fix ? { fix: check.fix } : {}) });
      }
      return withStep({ ...state, currentStepId: event.stepId }, event.stepId, {
        ...stepState(state, event.stepId),
        status: 'running',
        taskId: event.taskId,
        updatedAt: event.at,
      });
    }

    case 'finished': {
      requireKnown(steps, event.stepId);
      const prior = stepState(state, event.stepId);
      const { outcome } = event;
      const verdict: StepVerdict = outcome.fix ? { summary: outcome.summary, fix: outcome.fix } : { summary: outcome.summary };
      let next = withStep(outcome.image && outcome.verdict !== 'failed' ? { ...state, image: outcome.image } : state, event.stepId, {
        status: outcome.verdict,
        taskId: prior.taskId,
        verdict,
        details: outcome.details ?? null,
        updatedAt: event.at,
      });
      if (outcome.verdict !== 'failed' && next.currentStepId === event.stepId) {
        const visible = shownSteps(next, steps);
        const following = visible[visible.findIndex((s) => s.id === event.stepId) + 1];
        if (following) next = { ...next, currentStepId: following.id };
      }
      return next;
    }

    case 'partial': {
      const current = stepState(state, event.stepId);
      // Late partials (after the step ended) are dropped: the final outcome already holds them.
      if (current.status !== 'running') return state;
      return withStep(state, event.stepId, { ...current, details: event.details, updatedAt: event.at });
    }

    case 'restored': {
      let next = state;
      for (const [id, s] of Object.entries(state.steps)) {
        if (s.status === 'running') {
          next = withStep(next, id, {
            ...s,
            status: 'failed',
            verdict: {
              summary: 'Interrupted: the app was closed while this step was running.',
              fix: 'Run the step again.',
            },
            updatedAt: event.at,
          });
        }
      }
      return next;
    }

    default:
      throw new AppError(`Unknown wizard action ${JSON.stringify((event as { type?: unknown }).type)}.`, {
        code: 'BAD_INPUT',
        name: 'WizardError',
      });
  }
}

/**
 * Accepts whatever was on disk and returns a valid state: unknown steps dropped, a missing or
 * malformed state replaced by a fresh one. Never throws.
 */
export function normalizeState(raw: unknown, steps: readonly StepMeta[]): WizardState {
  const fresh = initialState(steps);
  if (typeof raw !== 'object' || raw === null) return fresh;
  const r = raw as Partial<WizardState>;
  if (r.version !== 1) return fresh;
  const known = new Set(steps.map((s) => s.id));
  const path = (targetPaths as readonly unknown[]).includes(r.path) ? (r.path as TargetPath) : null;
  const rr = r.router as Partial<GuideRouter> | null | undefined;
  const router = rr && typeof rr.target === 'string' && typeof rr.newUser === 'string' ? { target: rr.target, newUser: rr.newUser } : null;
  const imagePath = (imagePaths as readonly unknown[]).includes(r.imagePath) ? (r.imagePath as ImagePath) : null;
  const image = typeof r.image === 'string' && r.image.length > 0 && r.image.length <= 512 ? r.image : null;
  const out: WizardState = { version: 1, path, router, imagePath, image, currentStepId: fresh.currentStepId, steps: {} };
  const statuses = new Set(['ready', 'running', 'done', 'attention', 'failed']);
  for (const [id, s] of Object.entries(r.steps ?? {})) {
    if (!known.has(id) || typeof s !== 'object' || s === null || !statuses.has((s as PersistedStep).status)) continue;
    const p = s as PersistedStep;
    out.steps[id] = {
      status: p.status,
      taskId: typeof p.taskId === 'string' ? p.taskId : null,
      verdict: p.verdict && typeof p.verdict.summary === 'string' ? p.verdict : null,
      details: p.details ?? null,
      updatedAt: typeof p.updatedAt === 'string' ? p.updatedAt : null,
    };
  }
  if (typeof r.currentStepId === 'string' && visibleSteps(steps, path, imagePath).some((s) => s.id === r.currentStepId)) {
    out.currentStepId = r.currentStepId;
  }
  return out;
}

function withStep(state: WizardState, id: string, step: PersistedStep): WizardState {
  return { ...state, steps: { ...state.steps, [id]: step } };
}

function requireKnown(steps: readonly StepMeta[], id: string): void {
  if (!steps.some((s) => s.id === id)) {
    throw new AppError(`There is no step called "${id}".`, { code: 'NOT_FOUND', name: 'WizardError' });
  }
}
