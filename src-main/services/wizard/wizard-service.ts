import * as v from 'valibot';
import { contract } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import type { WizardAction, WizardView } from '../../../src-shared/types/wizard';
import type { EventHub } from '../events/event-hub';
import type { PersistentValue } from '../store/app-store';
import type { TaskManager } from '../tasks/task-manager';
import type { StepDefinition } from './step-definition';
import {
  normalizeState,
  statusOf,
  stepState,
  transition,
  visibleSteps,
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
      currentStepId: this.state.currentStepId,
      steps: visibleSteps(steps, this.state.path).map((meta) => {
        const def = steps.find((s) => s.id === meta.id)!;
        const persisted = stepState(this.state, def.id);
        return {
          id: def.id,
          title: def.title,
          why: def.why,
          manual: def.manual,
          actionLabel: def.actionLabel,
          status: statusOf(this.state, steps, def.id),
          taskId: persisted.taskId,
          verdict: persisted.verdict,
          details: persisted.details,
          updatedAt: persisted.updatedAt,
        };
      }),
    };
  }

  dispatch(action: WizardAction): WizardView {
    // The bridge validates too; this guards any other caller: only user actions reach the
    // machine here, never task events ('started', 'finished') that only the service may feed it.
    if (!v.is(contract.methods['wizard.dispatch'].params, action)) {
      throw new AppError('Only user actions (select a step, choose a path, reset) can be sent to the wizard.', {
        code: 'BAD_INPUT',
        name: 'WizardError',
      });
    }
    this.apply(action);
    return this.view();
  }

  runStep(stepId: string): { taskId: string } {
    const def = this.deps.steps.find((s) => s.id === stepId);
    if (!def) throw new AppError(`There is no step called "${stepId}".`, { code: 'NOT_FOUND', name: 'WizardError' });
    // Validate against the machine before anything starts, so a refused step leaves no task behind.
    transition(this.state, { type: 'started', stepId, taskId: 'pending', at: this.now() }, this.deps.steps);

    const task = this.deps.tasks.start<StepOutcome>({
      title: def.taskTitle,
      kind: `wizard:${def.id}`,
      run: (ctx) =>
        def.run({
          ...ctx,
          partial: (details) => this.apply({ type: 'partial', stepId, details, at: this.now() }),
        }),
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
