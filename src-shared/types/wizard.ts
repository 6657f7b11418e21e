import type { PrereqReport } from './prerequisites';

/** The two ways to reach a router; later steps are declared for one path or both. */
export type TargetPath = 'vagrant' | 'physical';

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
