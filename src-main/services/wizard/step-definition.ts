import type { GuideRouter, ImagePath, ManualCommand, StepDetails, TargetPath } from '../../../src-shared/types/wizard';
import type { TaskContext } from '../tasks/task-manager';
import type { StepMeta, StepOutcome } from './wizard-machine';

/**
 * A wizard step as data: what the user reads (title, why, the commands it stands for) and
 * what the app does (run, which both acts and verifies, ending in a verdict).
 */
export interface StepDefinition extends StepMeta {
  title: string;
  /** Two short lines: why the step exists (per path when it depends on the router). */
  why: string | ((path: TargetPath | null, imagePath: ImagePath | null) => string);
  /** The commands a user would type to do this by hand (per path when they differ). */
  manual: ManualCommand[] | ((path: TargetPath | null, imagePath: ImagePath | null) => ManualCommand[]);
  actionLabel: string;
  /** Title of the task shown in Activity while the step runs. */
  taskTitle: string;
  run(ctx: StepContext): Promise<StepOutcome>;
}

/** A step's task context, plus a way to show results as they arrive (checks one by one). */
export interface StepContext extends TaskContext {
  /** The router path chosen when the step started (never null for a step with needsPath). */
  path: TargetPath | null;
  /** The Guide's router (never null for a step with needsRouter). */
  router: GuideRouter | null;
  /** The image path chosen when the step started (never null for a step with imagePaths). */
  imagePath: ImagePath | null;
  /** The image an earlier step put on the router (StepOutcome.image), if any. */
  image: string | null;
  partial(details: StepDetails): void;
}
