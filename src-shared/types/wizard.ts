import type { PrereqReport } from './prerequisites';

/**
 * The ways to reach a router: the IOS-XRv Vagrant box on this computer, a physical NCS5500 or
 * ASR9k, or the practice router lab on Linux. Steps and checks are declared per path.
 */
export const targetPaths = ['vagrant', 'physical', 'lab'] as const;
export type TargetPath = (typeof targetPaths)[number];

export type StepStatus = 'locked' | 'ready' | 'running' | 'done' | 'attention' | 'failed';

/** Where a manual command would be typed. */
export type CommandPlace = 'this computer' | 'XR CLI' | 'XR shell' | 'devbox';

export interface ManualCommand {
  place: CommandPlace;
  command: string;
  note?: string;
}

/** Step-specific results the UI knows how to draw. */
export type StepDetails = { kind: 'prerequisites'; report: PrereqReport };

export interface StepVerdict {
  summary: string;
  fix?: string;
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
}

export interface WizardView {
  path: TargetPath | null;
  currentStepId: string;
  steps: StepView[];
}

export type WizardAction =
  | { type: 'select'; stepId: string }
  | { type: 'choosePath'; path: TargetPath }
  | { type: 'reset' };
