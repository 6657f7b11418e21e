import type { HandlerGroup } from '../../../src-shared/contract';
import type { TaskManager } from './task-manager';

/** The contract's `tasks.*` methods. */
export function taskHandlers(tasks: TaskManager): HandlerGroup<'tasks'> {
  return {
    'tasks.list': async () => tasks.list(),
    'tasks.log': async ({ id }) => tasks.logOf(id),
    'tasks.cancel': async ({ id }) => tasks.cancel(id),
    'tasks.clearFinished': async () => tasks.clearFinished(),
  };
}
