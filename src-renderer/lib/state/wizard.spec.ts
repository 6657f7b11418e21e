import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApi } from '../../../tests/support/fake-api';
import { AppError } from '../../../src-shared/errors';
import type { StepStatus, StepView, WizardView } from '../../../src-shared/types/wizard';

let api: FakeApi;
let wizard: typeof import('./wizard.svelte').wizard;

beforeEach(async () => {
  vi.resetModules();
  api = new FakeApi();
  window.api = api;
  ({ wizard } = await import('./wizard.svelte'));
});

function step(id: string, status: StepStatus): StepView {
  return {
    id,
    title: `Step ${id}`,
    why: 'Because.',
    manual: [],
    actionLabel: 'Run',
    status,
    taskId: null,
    verdict: null,
    details: null,
    updatedAt: null,
    lockedBy: null,
    needsPath: false,
    needsRouter: false,
    imagePaths: null,
  };
}

function view(...steps: StepView[]): WizardView {
  return { path: null, router: null, imagePath: null, imagePathsOffered: [], image: null, currentStepId: steps[0]?.id ?? '', steps };
}

// One turn of the event loop: replies the fake already settled reach the store.
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('wizard store', () => {
  it('loads the wizard on start and follows wizard.changed', async () => {
    api.answer('wizard.get', () => view(step('prerequisites', 'ready')));
    wizard.start();
    wizard.start();
    await flush();
    expect(api.callsOf('wizard.get')).toHaveLength(1);
    expect(wizard.view?.steps[0]?.status).toBe('ready');

    api.emit('wizard.changed', view(step('prerequisites', 'failed')));
    expect(wizard.view?.steps[0]?.status).toBe('failed');
  });

  it('counts steps done and steps done with notes, not failed ones', async () => {
    api.answer('wizard.get', () => view(step('a', 'done'), step('b', 'attention'), step('c', 'failed'), step('d', 'locked')));
    await wizard.refresh();
    expect(wizard.doneCount).toBe(2);
  });

  it('keeps the error of a failed load, and clears it on the next good one', async () => {
    let fail = true;
    api.answer('wizard.get', () => {
      if (fail) throw new AppError('The guide could not be read.', { code: 'STORE', fix: 'Restart the app.' });
      return view(step('a', 'ready'));
    });
    await wizard.refresh();
    expect(wizard.error).toMatchObject({ message: 'The guide could not be read.', code: 'STORE', fix: 'Restart the app.' });
    fail = false;
    await wizard.refresh();
    expect(wizard.error).toBeNull();
    expect(wizard.view?.steps).toHaveLength(1);
  });

  it('dispatches actions and shows the view the main side answers', async () => {
    api.answer('wizard.dispatch', (action) => ({ ...view(step('a', 'done'), step('b', 'ready')), currentStepId: action.type === 'select' ? action.stepId : 'a' }));
    await wizard.dispatch({ type: 'select', stepId: 'b' });
    expect(api.callsOf('wizard.dispatch')).toEqual([{ type: 'select', stepId: 'b' }]);
    expect(wizard.view?.currentStepId).toBe('b');
  });

  it('marks a step as starting while its run call is in flight, and keeps a refusal on that step', async () => {
    const first = api.hold('wizard.runStep');
    const running = wizard.run('prerequisites');
    expect(await first.made).toEqual({ stepId: 'prerequisites' });
    expect(wizard.starting['prerequisites']).toBe(true);
    first.reject(new AppError('Finish the previous step first.', { code: 'LOCKED' }));
    await running;
    expect(wizard.starting['prerequisites']).toBeUndefined();
    expect(wizard.runErrors['prerequisites']).toMatchObject({ message: 'Finish the previous step first.', code: 'LOCKED' });

    // A new attempt clears the old refusal.
    api.answer('wizard.runStep', () => ({ taskId: 't1' }));
    await wizard.run('prerequisites');
    expect(wizard.runErrors['prerequisites']).toBeUndefined();
    expect(wizard.starting['prerequisites']).toBeUndefined();
  });
});
