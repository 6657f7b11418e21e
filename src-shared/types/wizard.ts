import type { PrereqReport } from './prerequisites';

/**
 * The ways to reach a router: the IOS-XRv Vagrant box on this computer, a physical NCS5500 or
 * ASR9k, or the practice router lab on Linux. Steps and checks are declared per path.
 */
export const targetPaths = ['vagrant', 'physical', 'lab'] as const;
export type TargetPath = (typeof targetPaths)[number];

/** How each path reads on screen and in messages (both sides use these words). */
export const TARGET_PATH_INFO: Record<TargetPath, { title: string; detail: string; short: string }> = {
  vagrant: {
    title: 'IOS-XRv Vagrant box on this computer',
    detail: 'A virtual router in VirtualBox, brought up by Vagrant from the IOS-XRv box. Needs an Intel or AMD computer with about 6 GB of free memory.',
    short: 'the IOS-XRv Vagrant box',
  },
  physical: {
    title: 'A physical NCS5500 or ASR9k',
    detail: 'A real router you reach over SSH. Nothing to install here besides the optional Docker engine for building image tarballs.',
    short: 'a physical router',
  },
  lab: {
    title: 'The practice router lab on Linux',
    detail: 'A practice router made of real Linux parts on this computer, started with sudo in a terminal. Linux only; needs Docker.',
    short: 'the practice router lab',
  },
};

export type StepStatus = 'locked' | 'ready' | 'running' | 'done' | 'attention' | 'failed';

/** Where a manual command would be typed. */
export type CommandPlace = 'this computer' | 'XR CLI' | 'XR shell' | 'devbox';

export interface ManualCommand {
  place: CommandPlace;
  command: string;
  note?: string;
}

/** Step-specific results the UI knows how to draw. */
export type StepDetails =
  | { kind: 'prerequisites'; report: PrereqReport }
  /** The topology folder the Vagrant path wrote, and what each file is for. */
  | { kind: 'vagrantTopology'; dir: string; files: { path: string; purpose: string }[] };

export interface StepVerdict {
  summary: string;
  fix?: string;
}

/** The earlier step that has to be finished before this one can run. */
export interface StepBlocker {
  stepId: string;
  title: string;
}

export interface StepView {
  id: string;
  title: string;
  /** Two short lines: why this step exists. */
  why: string;
  manual: ManualCommand[];
  actionLabel: string;
  status: StepStatus;
  taskId: string | null;
  verdict: StepVerdict | null;
  details: StepDetails | null;
  updatedAt: string | null;
  /** Set when the step is locked: the step to finish first (computed by the wizard machine). */
  lockedBy: StepBlocker | null;
  /** The step reads the chosen path and cannot run before one is chosen. */
  needsPath: boolean;
  /** The step works on the Guide's router: it waits until one is chosen. */
  needsRouter: boolean;
}

export interface WizardView {
  path: TargetPath | null;
  /** The router chosen for the physical or lab path's later steps. */
  router: GuideRouter | null;
  currentStepId: string;
  steps: StepView[];
}

/** The router the Guide works on (physical and lab paths), and the XR shell user to create. */
export interface GuideRouter {
  target: string;
  newUser: string;
}

export type WizardAction =
  | { type: 'select'; stepId: string }
  | { type: 'choosePath'; path: TargetPath }
  | { type: 'chooseRouter'; router: GuideRouter }
  | { type: 'reset' };
