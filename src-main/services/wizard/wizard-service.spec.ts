import { describe, expect, it } from 'vitest';
import type { TargetPath } from '../../../src-shared/types/wizard';
import { EventHub } from '../events/event-hub';
import type { PersistentValue } from '../store/app-store';
import { TaskManager } from '../tasks/task-manager';
import type { StepDefinition } from './step-definition';
import { WizardService } from './wizard-service';

function memoryValue(): PersistentValue<unknown> {
  let v: unknown;
  return { get: () => v, set: (next) => void (v = next) };
}

describe('WizardService', () => {
  const ranFor: (TargetPath | null)[] = [];
  const steps: StepDefinition[] = [
    {
      id: 'check',
      paths: 'all',
      needsPath: true,
      title: 'Check this computer',
      why: (path) => `why for ${path ?? 'nobody'}`,
      manual: [],
      actionLabel: 'Run checks',
      taskTitle: 'Check',
      run: async (ctx) => {
        ranFor.push(ctx.path);
        return { verdict: 'failed', summary: 'nope' };
      },
    },
    { id: 'next', paths: 'all', title: 'Next', why: 'w', manual: [], actionLabel: 'Go', taskTitle: 'Next', run: async () => ({ verdict: 'done', summary: 'ok' }) },
  ];

  it('refuses a path-aware step before a path is chosen, without creating a task; runs it with the path after', async () => {
    const hub = new EventHub();
    const tasks = new TaskManager(hub);
    const wizard = new WizardService({ steps, tasks, hub, store: memoryValue() });

    const before = wizard.view();
    expect(before.steps[0]).toMatchObject({ needsPath: true, lockedBy: null, why: 'why for nobody' });
    expect(before.steps[1]).toMatchObject({ status: 'locked', lockedBy: { stepId: 'check', title: 'Check this computer' } });
    expect(() => wizard.runStep('check')).toThrow(/Choose which router you have first/);
    expect(tasks.list()).toEqual([]);

    wizard.dispatch({ type: 'choosePath', path: 'physical' });
    expect(wizard.view().steps[0]?.why).toBe('why for physical');
    wizard.runStep('check');
    await expect.poll(() => wizard.view().steps[0]?.status).toBe('failed');
    expect(ranFor).toEqual(['physical']);
    // Failed, so the next step stays locked behind it, as the machine says.
    expect(wizard.view().steps[1]?.lockedBy).toEqual({ stepId: 'check', title: 'Check this computer' });
  });
});
