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

/**
 * The ways an image reaches the router, once the router answers: from Docker Hub, from a
 * registry (plain HTTP, self-signed, or an existing CA-signed one with a login), or as a tarball
 * built on this computer (docker save / load, docker export / import). Later steps are
 * declared per image path; every path ends on the same container step.
 */
export const imagePaths = ['hub', 'insecure', 'self-signed', 'ca-registry', 'save-load', 'export-import'] as const;
export type ImagePath = (typeof imagePaths)[number];

export const IMAGE_PATH_INFO: Record<ImagePath, { title: string; detail: string }> = {
  hub: {
    title: 'Docker Hub',
    detail: 'The router pulls a public image itself. Needs DNS in global-vrf and a route out to the internet.',
  },
  insecure: {
    title: 'A local registry over plain HTTP',
    detail: "The app starts a registry here, pushes the image and adds it to the router's insecure registries. Quick; the traffic is not encrypted.",
  },
  'self-signed': {
    title: 'A local registry with a self-signed certificate',
    detail: 'The app starts a TLS registry with a certificate it makes, and installs its CA on the router. Encrypted, nothing to buy.',
  },
  'ca-registry': {
    title: 'Your registry with a CA-signed certificate',
    detail: "A registry you already run, with a login: the router's Docker logs in and pulls. No change to the router's trust settings, unless your own CA signed it.",
  },
  'save-load': {
    title: 'An image tarball (docker save, docker load)',
    detail: 'Built on this computer, copied to /misc/app_host and loaded. No registry; what production networks prefer.',
  },
  'export-import': {
    title: 'A container tarball (docker export, docker import)',
    detail: 'A flat file system copied to /misc/app_host and imported as a new image. No registry, no layers.',
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
  /** The step belongs to image paths (shown once one is chosen); null for the router's own steps. */
  imagePaths: ImagePath[] | null;
}

export interface WizardView {
  path: TargetPath | null;
  /** The router chosen for the physical or lab path's later steps. */
  router: GuideRouter | null;
  /** How the image reaches the router; the steps after the router's own depend on it. */
  imagePath: ImagePath | null;
  /** The image paths the app has steps for, in the order to offer them. */
  imagePathsOffered: ImagePath[];
  /** The image an earlier step put on the router, for the container step (e.g. `198.18.0.1:5000/app:1`). */
  image: string | null;
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
  | { type: 'chooseImagePath'; imagePath: ImagePath }
  | { type: 'reset' };
