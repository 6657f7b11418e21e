// A Guide step's context for unit specs: the task's log kept as text, the Guide's router and
// image path as given; progress and outcomes are dropped (the wizard service's specs cover them).
import type { ImagePath, TargetPath } from '../../src-shared/types/wizard';
import type { StepContext } from '../../src-main/services/wizard/step-definition';

export function stepContext(o: { imagePath: ImagePath; image?: string | null; path?: TargetPath; target?: string }): StepContext & { logged: () => string } {
  let text = '';
  return {
    id: 'task-1',
    signal: new AbortController().signal,
    log: (t) => void (text += t.toString()),
    progress: () => undefined,
    detail: () => undefined,
    setOutcome: () => undefined,
    path: o.path ?? 'lab',
    router: { target: o.target ?? 'r1', newUser: 'cisco' },
    imagePath: o.imagePath,
    image: o.image ?? null,
    partial: () => undefined,
    logged: () => text,
  };
}
