import type { StepDefinition } from './step-definition';
import { prerequisitesStep } from './steps/prerequisites-step';

/** Every wizard step in order; later features add theirs here, each declaring its paths. */
export const wizardSteps: readonly StepDefinition[] = [prerequisitesStep];
