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

  it('offers the image paths it has steps for, and hands the image one step left to the next', async () => {
    const seen: (string | null)[] = [];
    const imageSteps: StepDefinition[] = [
      { id: 'first', paths: 'all', title: 'First', why: 'w', manual: [], actionLabel: 'Go', taskTitle: 'First', run: async () => ({ verdict: 'done', summary: 'ok' }) },
      {
        id: 'load',
        paths: 'all',
        imagePaths: ['save-load'],
        title: 'Load',
        why: (_p, imagePath) => `load for ${imagePath}`,
        manual: [],
        actionLabel: 'Load',
        taskTitle: 'Load',
        run: async () => ({ verdict: 'done', summary: 'loaded', image: 'app:1' }),
      },
      {
        id: 'run',
        paths: 'all',
        imagePaths: 'all',
        title: 'Run',
        why: 'w',
        manual: [],
        actionLabel: 'Run',
        taskTitle: 'Run',
        run: async (ctx) => (seen.push(ctx.image), { verdict: 'done', summary: 'running' }),
      },
    ];
    const hub = new EventHub();
    const wizard = new WizardService({ steps: imageSteps, tasks: new TaskManager(hub), hub, store: memoryValue() });
    wizard.dispatch({ type: 'choosePath', path: 'lab' });
    expect(wizard.view()).toMatchObject({ imagePath: null, imagePathsOffered: ['save-load'] });
    expect(wizard.view().steps.map((s) => s.id)).toEqual(['first']);
    wizard.runStep('first');
    await expect.poll(() => wizard.view().steps[0]?.status).toBe('done');
    expect(() => wizard.runStep('load')).toThrow(/Choose how the image reaches the router first/);

    wizard.dispatch({ type: 'chooseImagePath', imagePath: 'save-load' });
    expect(wizard.view().steps.map((s) => [s.id, s.imagePaths])).toEqual([
      ['first', null],
      ['load', ['save-load']],
      ['run', ['hub', 'insecure', 'self-signed', 'ca-registry', 'save-load', 'export-import']],
    ]);
    expect(wizard.view().steps[1]?.why).toBe('load for save-load');
    wizard.runStep('load');
    await expect.poll(() => wizard.view().image).toBe('app:1');
    wizard.runStep('run');
    await expect.poll(() => wizard.view().steps[2]?.status).toBe('done');
    expect(seen).toEqual(['app:1']);
  });
});
