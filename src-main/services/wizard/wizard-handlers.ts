import type { HandlerGroup } from '../../../src-shared/contract';
import type { WizardService } from './wizard-service';

/** The contract's `wizard.*` methods. */
export function wizardHandlers(wizard: WizardService): HandlerGroup<'wizard'> {
  return {
    'wizard.get': async () => wizard.view(),
    'wizard.dispatch': async (action) => wizard.dispatch(action),
    'wizard.runStep': async ({ stepId }) => wizard.runStep(stepId),
  };
}
