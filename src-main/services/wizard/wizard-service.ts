import * as v from 'valibot';
import { contract } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { imagePaths, type WizardAction, type WizardView } from '../../../src-shared/types/wizard';
import type { EventHub } from '../events/event-hub';
import type { PersistentValue } from '../store/app-store';
import type { TaskManager } from '../tasks/task-manager';
import type { StepDefinition } from './step-definition';
import {
  blockerOf,
  canStart,
  normalizeState,
  shownSteps,
  statusOf,
  stepState,
  transition,
  type StepOutcome,
  type WizardEvent,
  type WizardState,
} from './wizard-machine';

export interface WizardServiceDeps {
  steps: readonly StepDefinition[];
  tasks: TaskManager;
  hub: EventHub;
  store: PersistentValue<unknown>;
  now?: () => Date;
}

/** Runs wizard steps as tasks, feeds their outcomes to the pure machine, and persists the state. */
export class WizardService {
  private state: WizardState;

  constructor(private readonly deps: WizardServiceDeps) {
    const loaded = normalizeState(deps.store.get(), deps.steps);
    this.state = transition(loaded, { type: 'restored', at: this.now() }, deps.steps);
    this.save();
  }

  view(): WizardView {
    const { steps } = this.deps;
    return {
      path: this.state.path,
      router: this.state.router ?? null,
      imagePath: this.state.imagePath ?? null,
      imagePathsOffered: imagePaths.filter((ip) => steps.some((s) => Array.isArray(s.imagePaths) && s.imagePaths.includes(ip))),
      image: this.state.image ?? null,
      currentStepId: this.state.currentStepId,
      steps: shownSteps(this.state, steps).map((meta) => {
        const def = steps.find((s) => s.id === meta.id)!;
        const persisted = stepState(this.state, def.id);
        const status = statusOf(this.state, steps, def.id);
        const path = this.state.path;
        const imagePath = this.state.imagePath ?? null;
        return {
          id: def.id,
          title: def.title,
          why: typeof def.why === 'function' ? def.why(path, imagePath) : def.why,
          manual: typeof def.manual === 'function' ? def.manual(path, imagePath) : def.manual,
          actionLabel: def.actionLabel,
          status,
          taskId: persisted.taskId,
          verdict: persisted.verdict,
          details: persisted.details,
          updatedAt: persisted.updatedAt,
          lockedBy: status === 'locked' ? blockerOf(this.state, steps, def.id) : null,
          needsPath: def.needsPath === true,
          needsRouter: def.needsRouter === true,
          imagePaths: def.imagePaths === undefined ? null : def.imagePaths === 'all' ? [...imagePaths] : [...def.imagePaths],
        };
      }),
    };
  }

  dispatch(action: WizardAction): WizardView {
    // The bridge validates too; this guards any other caller: only user actions reach the
    // machine here, never task events ('started', 'finished') that only the service may feed it.
    if (!v.is(contract.methods['wizard.dispatch'].params, action)) {
      throw new AppError('Only user actions (select a step, choose a path, a router or an image path, reset) can be sent to the wizard.', {
        code: 'BAD_INPUT',
        name: 'WizardError',
      });
    }
    this.apply(action);
    return this.view();
  }

  runStep(stepId: string): { taskId: string } {
    // Ask the machine before anything starts, so a refused step leaves no task behind.
    const check = canStart(this.state, this.deps.steps, stepId);
    if (!check.ok) throw new AppError(check.message, { code: check.code, name: 'WizardError', ...(check.fix ? { fix: check.fix } : {}) });
    const def = this.deps.steps.find((s) => s.id === stepId)!;
    const path = this.state.path;
    const router = this.state.router ?? null;
    const imagePath = this.state.imagePath ?? null;
    const image = this.state.image ?? null;

    const task = this.deps.tasks.start<StepOutcome>({
      title: def.taskTitle,
      kind: `wizard:${def.id}`,
      run: (ctx) =>
        def.run({
          ...ctx,
          path,
          router,
          imagePath,
          image,
          partial: (details) => this.apply({ type: 'partial', stepId, details, at: this.now() }),
        }).then((outcome) => (ctx.setOutcome(outcome), outcome)),
    });
    this.apply({ type: 'started', stepId, taskId: task.id, at: this.now() });
    task.done.then(
      (outcome) => this.apply({ type: 'finished', stepId, outcome, at: this.now() }),
      (err: unknown) => {
        const e = err instanceof AppError ? err : null;
        const outcome: StepOutcome =
          e?.code === 'CANCELLED'
            ? { verdict: 'failed', summary: 'Cancelled before it finished.', fix: 'Run the step again when ready.' }
            : {
                verdict: 'failed',
                summary: err instanceof Error ? err.message : String(err),
                ...(e?.fix ? { fix: e.fix } : {}),
              };
        this.apply({ type: 'finished', stepId, outcome, at: this.now() });
      },
    );
    return { taskId: task.id };
  }

  private apply(event: WizardEvent): void {
    this.state = transition(this.state, event, this.deps.steps);
    this.save();
    this.deps.hub.emit('wizard.changed', this.view());
  }

  private save(): void {
    this.deps.store.set(this.state);
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}
