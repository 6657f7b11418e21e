import { describe, expect, it } from 'vitest';
import {
  blockerOf,
  canStart,
  initialState,
  normalizeState,
  statusOf,
  transition,
  visibleSteps,
  type StepMeta,
  type WizardState,
} from './wizard-machine';

const steps: StepMeta[] = [
  { id: 'prereq', paths: 'all' },
  { id: 'box', paths: ['vagrant'] },
  { id: 'onboard', paths: ['physical'] },
  { id: 'run', paths: 'all' },
];
const at = '2026-01-01T00:00:00.000Z';

function finish(state: WizardState, stepId: string, verdict: 'done' | 'attention' | 'failed'): WizardState {
  const started = transition(state, { type: 'started', stepId, taskId: `t-${stepId}`, at }, steps);
  return transition(started, { type: 'finished', stepId, outcome: { verdict, summary: verdict }, at }, steps);
}

describe('wizard machine', () => {
  it('starts on the first step with later steps locked', () => {
    const s = initialState(steps);
    expect(s.currentStepId).toBe('prereq');
    expect(statusOf(s, steps, 'prereq')).toBe('ready');
    expect(statusOf(s, steps, 'run')).toBe('locked');
  });

  it('shows only the common steps until a path is chosen, then that path', () => {
    expect(visibleSteps(steps, null).map((s) => s.id)).toEqual(['prereq', 'run']);
    expect(visibleSteps(steps, 'vagrant').map((s) => s.id)).toEqual(['prereq', 'box', 'run']);
    expect(visibleSteps(steps, 'physical').map((s) => s.id)).toEqual(['prereq', 'onboard', 'run']);
  });

  it('advances to the next step on done and on attention, not on failure', () => {
    let s = transition(initialState(steps), { type: 'choosePath', path: 'vagrant' }, steps);
    s = finish(s, 'prereq', 'attention');
    expect(s.currentStepId).toBe('box');
    expect(statusOf(s, steps, 'box')).toBe('ready');
    s = finish(s, 'box', 'failed');
    expect(s.currentStepId).toBe('box');
    expect(statusOf(s, steps, 'run')).toBe('locked');
    expect(s.steps.box?.verdict?.summary).toBe('failed');
  });

  it('refuses to start or select a locked step, and a second step while one runs', () => {
    const s = initialState(steps);
    expect(() => transition(s, { type: 'select', stepId: 'run' }, steps)).toThrow(/not available/);
    expect(() => transition(s, { type: 'started', stepId: 'run', taskId: 'x', at }, steps)).toThrow(/cannot run yet/);
    const running = transition(s, { type: 'started', stepId: 'prereq', taskId: 'a', at }, steps);
    expect(statusOf(running, steps, 'prereq')).toBe('running');
    expect(() => transition(running, { type: 'started', stepId: 'prereq', taskId: 'b', at }, steps)).toThrow(/still running/);
  });

  it('re-locks later steps when an earlier step is re-run and fails', () => {
    let s = finish(initialState(steps), 'prereq', 'done');
    expect(statusOf(s, steps, 'run')).toBe('ready');
    s = finish(s, 'prereq', 'failed');
    expect(statusOf(s, steps, 'run')).toBe('locked');
  });

  it('turns a step that was running when the app stopped into an interrupted failure', () => {
    const running = transition(initialState(steps), { type: 'started', stepId: 'prereq', taskId: 'a', at }, steps);
    const restored = transition(running, { type: 'restored', at }, steps);
    expect(restored.steps.prereq?.status).toBe('failed');
    expect(restored.steps.prereq?.verdict?.summary).toMatch(/Interrupted/);
  });

  it('moves the current step back into the path when the path changes', () => {
    let s = transition(initialState(steps), { type: 'choosePath', path: 'vagrant' }, steps);
    s = finish(s, 'prereq', 'done');
    expect(s.currentStepId).toBe('box');
    s = transition(s, { type: 'choosePath', path: 'physical' }, steps);
    expect(s.currentStepId).toBe('prereq');
  });

  it('rejects unknown steps and actions', () => {
    const s = initialState(steps);
    expect(() => transition(s, { type: 'select', stepId: 'nope' }, steps)).toThrow(/no step called/);
    expect(() => transition(s, { type: 'bogus' } as never, steps)).toThrow(/Unknown wizard action/);
  });

  it('normalizes whatever was stored: garbage gives a fresh state, unknown steps are dropped', () => {
    expect(normalizeState('nonsense', steps)).toEqual(initialState(steps));
    expect(normalizeState({ version: 99 }, steps)).toEqual(initialState(steps));
    const stored = {
      version: 1,
      path: 'vagrant',
      currentStepId: 'box',
      steps: {
        prereq: { status: 'done', taskId: 't', verdict: { summary: 'ok' }, details: null, updatedAt: at },
        gone: { status: 'done' },
        box: { status: 'exploded' },
      },
    };
    const s = normalizeState(stored, steps);
    expect(s.path).toBe('vagrant');
    expect(s.currentStepId).toBe('box');
    expect(Object.keys(s.steps)).toEqual(['prereq']);
  });
});

describe('wizard machine: partial results', () => {
  const report = { path: null, results: [], startedAt: at, finishedAt: '', summary: { pass: 0, warn: 0, fail: 0, skip: 0 } };

  it('keeps partial details while running and ignores them once the step ended', () => {
    const s0 = initialState(steps);
    const running = transition(s0, { type: 'started', stepId: 'prereq', taskId: 't', at }, steps);
    const partial = transition(running, { type: 'partial', stepId: 'prereq', details: { kind: 'prerequisites', report }, at }, steps);
    expect(partial.steps.prereq?.details).toEqual({ kind: 'prerequisites', report });
    const ended = transition(partial, { type: 'finished', stepId: 'prereq', outcome: { verdict: 'done', summary: 'ok' }, at }, steps);
    const late = transition(ended, { type: 'partial', stepId: 'prereq', details: { kind: 'prerequisites', report }, at }, steps);
    expect(late).toBe(ended);
    expect(ended.steps.prereq?.details).toBeNull();
  });
});

describe('wizard machine: lock reasons and starting', () => {
  // The shape of the real wizard: a path-aware first step, then per-path and common steps.
  const guided: StepMeta[] = [
    { id: 'prereq', paths: 'all', title: 'Check this computer', needsPath: true },
    { id: 'box', paths: ['vagrant'], title: 'Add the IOS-XRv box' },
    { id: 'onboard', paths: ['physical'], title: 'Reach the router' },
    { id: 'run', paths: 'all', title: 'Run a container' },
  ];
  const vagrant = (): WizardState => transition(initialState(guided), { type: 'choosePath', path: 'vagrant' }, guided);

  it('names the step to finish first, by title, counting attention as finished', () => {
    let s = vagrant();
    expect(blockerOf(s, guided, 'run')).toEqual({ stepId: 'prereq', title: 'Check this computer' });
    s = finish(s, 'prereq', 'attention');
    // Not the last unfinished step before it (what the renderer used to compute), and not prereq.
    expect(blockerOf(s, guided, 'run')).toEqual({ stepId: 'box', title: 'Add the IOS-XRv box' });
    expect(blockerOf(s, guided, 'box')).toBeNull();
    s = finish(s, 'box', 'failed');
    expect(blockerOf(s, guided, 'run')).toEqual({ stepId: 'box', title: 'Add the IOS-XRv box' });
    s = finish(s, 'box', 'done');
    expect(blockerOf(s, guided, 'run')).toBeNull();
    expect(statusOf(s, guided, 'run')).toBe('ready');
  });

  it('falls back to the id when a step has no title', () => {
    expect(blockerOf(initialState(steps), steps, 'run')).toEqual({ stepId: 'prereq', title: 'prereq' });
  });

  it('says why a step cannot start: unknown, locked, no path yet, another one running', () => {
    const fresh = initialState(guided);
    expect(canStart(fresh, guided, 'nope')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(canStart(fresh, guided, 'run')).toMatchObject({ ok: false, code: 'STEP_LOCKED', fix: 'Finish "Check this computer" first.' });
    expect(canStart(fresh, guided, 'prereq')).toMatchObject({ ok: false, code: 'PATH_NEEDED', message: 'Choose which router you have first.' });
    expect(() => transition(fresh, { type: 'started', stepId: 'prereq', taskId: 't', at }, guided)).toThrow(/Choose which router/);

    const s = vagrant();
    expect(canStart(s, guided, 'prereq')).toEqual({ ok: true });
    const running = transition(s, { type: 'started', stepId: 'prereq', taskId: 't', at }, guided);
    expect(canStart(running, guided, 'prereq')).toMatchObject({ ok: false, code: 'STEP_BUSY' });
    // A step without needsPath may run before any path is chosen.
    expect(canStart(initialState(steps), steps, 'prereq')).toEqual({ ok: true });
  });

  it('clears the path-aware step when the path changes, and only then', () => {
    let s = finish(vagrant(), 'prereq', 'done');
    s = finish(s, 'box', 'done');
    expect(transition(s, { type: 'choosePath', path: 'vagrant' }, guided)).toBe(s);

    const physical = transition(s, { type: 'choosePath', path: 'physical' }, guided);
    expect(physical.path).toBe('physical');
    expect(statusOf(physical, guided, 'prereq')).toBe('ready');
    expect(physical.steps.prereq).toBeUndefined();
    expect(physical.currentStepId).toBe('prereq');
    expect(statusOf(physical, guided, 'onboard')).toBe('locked');
    // The Vagrant-only step keeps its result for when the user comes back.
    expect(physical.steps.box?.status).toBe('done');
  });

  it('refuses to change the path while the path-aware step runs', () => {
    const running = transition(vagrant(), { type: 'started', stepId: 'prereq', taskId: 't', at }, guided);
    expect(() => transition(running, { type: 'choosePath', path: 'lab' }, guided)).toThrow(/cannot be changed while/);
  });

  it('a step on the Guide\'s router waits for one, and starts over when another router is chosen', () => {
    const routed: StepMeta[] = [
      { id: 'prereq', paths: 'all' },
      { id: 'connect', paths: ['physical'], needsRouter: true },
    ];
    let s = transition(initialState(routed), { type: 'choosePath', path: 'physical' }, routed);
    const started = transition(s, { type: 'started', stepId: 'prereq', taskId: 't1', at }, routed);
    s = transition(started, { type: 'finished', stepId: 'prereq', outcome: { verdict: 'done', summary: 'ok' }, at }, routed);
    expect(canStart(s, routed, 'connect')).toMatchObject({ ok: false, code: 'ROUTER_NEEDED' });

    s = transition(s, { type: 'chooseRouter', router: { target: 'ncs5508', newUser: 'cisco' } }, routed);
    expect(canStart(s, routed, 'connect')).toEqual({ ok: true });
    s = transition(s, { type: 'started', stepId: 'connect', taskId: 't2', at }, routed);
    expect(() => transition(s, { type: 'chooseRouter', router: { target: 'asr9k', newUser: 'cisco' } }, routed)).toThrow(/while a step is working on it/);
    s = transition(s, { type: 'finished', stepId: 'connect', outcome: { verdict: 'done', summary: 'ok' }, at }, routed);
    expect(statusOf(s, routed, 'connect')).toBe('done');

    // The same router again changes nothing; another one clears what was found on the first.
    expect(transition(s, { type: 'chooseRouter', router: { target: 'ncs5508', newUser: 'cisco' } }, routed)).toBe(s);
    const other = transition(s, { type: 'chooseRouter', router: { target: 'asr9k', newUser: 'cisco' } }, routed);
    expect(statusOf(other, routed, 'connect')).toBe('ready');
    expect(statusOf(other, routed, 'prereq')).toBe('done');
    // It is kept across a restart, and a malformed one on disk is dropped.
    expect(normalizeState(other, routed).router).toEqual({ target: 'asr9k', newUser: 'cisco' });
    expect(normalizeState({ ...other, router: { target: 5 } }, routed).router).toBeNull();
  });

  describe('image paths', () => {
    const imaged: StepMeta[] = [
      { id: 'prereq', paths: 'all' },
      { id: 'connect', paths: ['physical'], needsRouter: true },
      { id: 'registry', paths: 'all', imagePaths: ['insecure', 'self-signed'], needsRouter: true },
      { id: 'tarball', paths: 'all', imagePaths: ['save-load'], needsRouter: true },
      { id: 'container', paths: 'all', imagePaths: 'all', needsRouter: true },
    ];
    const router = { target: 'ncs5508', newUser: 'cisco' };
    function through(stepIds: string[], start: WizardState): WizardState {
      let s = start;
      for (const stepId of stepIds) {
        s = transition(s, { type: 'started', stepId, taskId: `t-${stepId}`, at }, imaged);
        s = transition(s, { type: 'finished', stepId, outcome: { verdict: 'done', summary: 'ok', ...(stepId === 'registry' ? { image: '198.18.0.1:5000/app:1' } : {}) }, at }, imaged);
      }
      return s;
    }
    const ready = (): WizardState => {
      let s = transition(initialState(imaged), { type: 'choosePath', path: 'physical' }, imaged);
      s = transition(s, { type: 'chooseRouter', router }, imaged);
      return through(['prereq', 'connect'], s);
    };

    it('hides the image steps until an image path is chosen, then shows that path and the common last step', () => {
      const s = ready();
      expect(visibleSteps(imaged, 'physical').map((x) => x.id)).toEqual(['prereq', 'connect']);
      expect(canStart(s, imaged, 'registry')).toMatchObject({ ok: false, code: 'PATH_NEEDED', message: expect.stringMatching(/image reaches the router/) });
      const chosen = transition(s, { type: 'chooseImagePath', imagePath: 'insecure' }, imaged);
      expect(visibleSteps(imaged, 'physical', 'insecure').map((x) => x.id)).toEqual(['prereq', 'connect', 'registry', 'container']);
      expect(visibleSteps(imaged, 'physical', 'save-load').map((x) => x.id)).toEqual(['prereq', 'connect', 'tarball', 'container']);
      expect(chosen.currentStepId).toBe('registry');
      expect(canStart(chosen, imaged, 'registry')).toEqual({ ok: true });
      expect(statusOf(chosen, imaged, 'container')).toBe('locked');
    });

    it('passes the image a step left to the steps after it, and forgets it when the path or router changes', () => {
      let s = transition(ready(), { type: 'chooseImagePath', imagePath: 'insecure' }, imaged);
      s = through(['registry'], s);
      expect(s.image).toBe('198.18.0.1:5000/app:1');
      expect(s.currentStepId).toBe('container');
      expect(normalizeState(s, imaged)).toMatchObject({ imagePath: 'insecure', image: '198.18.0.1:5000/app:1' });

      // Another image path starts its steps over; the router's own steps keep their results.
      const other = transition(s, { type: 'chooseImagePath', imagePath: 'save-load' }, imaged);
      expect(other.image).toBeNull();
      expect(statusOf(other, imaged, 'connect')).toBe('done');
      expect(statusOf(other, imaged, 'tarball')).toBe('ready');
      expect(other.currentStepId).toBe('tarball');
      expect(transition(other, { type: 'chooseImagePath', imagePath: 'save-load' }, imaged)).toBe(other);

      const moved = transition(s, { type: 'chooseRouter', router: { target: 'asr9k', newUser: 'cisco' } }, imaged);
      expect(moved.image).toBeNull();
    });

    it('refuses to change the image path while one of its steps runs, and drops an unknown one on disk', () => {
      let s = transition(ready(), { type: 'chooseImagePath', imagePath: 'save-load' }, imaged);
      s = transition(s, { type: 'started', stepId: 'tarball', taskId: 't', at }, imaged);
      expect(() => transition(s, { type: 'chooseImagePath', imagePath: 'hub' }, imaged)).toThrow(/while one of its steps is running/);
      expect(normalizeState({ ...s, imagePath: 'ftp', image: 7 }, imaged)).toMatchObject({ imagePath: null, image: null });
    });
  });
});
