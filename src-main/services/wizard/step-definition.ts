import type { ManualCommand, StepDetails } from '../../../src-shared/types/wizard';
import type { TaskContext } from '../tasks/task-manager';
import type { StepMeta, StepOutcome } from './wizard-machine';

/**
 * A wizard step as data: what the user reads (title, why, the commands it stands for) and
 * what the app does (run, which both acts and verifies, ending in a verdict).
 */
export interface StepDefinition extends StepMeta {
  title: string;
  /** Two short lines: why the step exists. */
  why: string;
  /** The commands a user would type to do this by hand. */
  manual: ManualCommand[];
  actionLabel: string;
  /** Title of the task shown in Activity while the step runs. */
  taskTitle: string;
  run(ctx: StepContext): Promise<StepOutcome>;
}

/** A step's task context, plus a way to show results as they arrive (checks one by one). */
export interface StepContext extends TaskContext {
  partial(details: StepDetails): void;
}
