import type { HandlerGroup } from '../../../src-shared/contract';
import type { PromptCenter } from './prompt-center';

/** The contract's `prompts.*` methods: the UI (or xrcl) answers the services' questions. */
export function promptHandlers(prompts: PromptCenter): HandlerGroup<'prompts'> {
  return {
    'prompts.pending': async () => prompts.pending(),
    'prompts.answer': async ({ id, value }) => prompts.answer(id, value),
    'prompts.cancel': async ({ id }) => prompts.cancel(id),
  };
}
