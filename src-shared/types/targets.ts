import type { ErrorEnvelope } from '../errors';

/** What a target is: a router's platform decides its prompts, paths and how docker restarts. */
export const targetPlatforms = ['ncs5500', 'asr9k', 'vagrant', 'devbox'] as const;
export type TargetPlatform = (typeof targetPlatforms)[number];

/** A login on one endpoint; its password (if any) lives in the secret store, never here. */
export interface TargetLogin {
  user: string;
  /** Whether a password is stored for this login (in the secret store). */
  hasPassword: boolean;
  /** A private key file on this computer, when the login uses one. */
  keyFile?: string;
}

/**
 * A router (XR CLI on 22 and the XR shell on 57722) or a devbox (a Linux host with SSH on 22
 * and Docker: a shell endpoint only).
 */
export interface Target {
  name: string;
  platform: TargetPlatform;
  /** Management address or name, as the user typed it. */
  host: string;
  /** XR CLI port; null for a devbox. */
  cliPort: number | null;
  /** XR shell port (57722 on routers), or the devbox's SSH port. */
  shellPort: number;
  /** The XR CLI login; null for a devbox. */
  cli: TargetLogin | null;
  /** The XR shell login; null until onboarding creates one on a physical router. */
  shell: TargetLogin | null;
  /** Another target reached first (a jump host), by name. */
  jump: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a user gives to add or change a target. Passwords travel beside it, never inside. */
export interface TargetInput {
  name: string;
  platform: TargetPlatform;
  host: string;
  cliPort?: number;
  shellPort?: number;
  user: string;
  keyFile?: string;
  jump?: string;
  /** The XR shell login when it differs from the CLI one (vagrant/vagrant on the box). */
  shellUser?: string;
}

/** One endpoint as "Test connection" found it. */
export interface EndpointTest {
  host: string;
  port: number;
  user: string | null;
  /** Something answered as an SSH server. */
  reachable: boolean;
  hostKey: { type: string; fingerprint: string } | null;
  /** The key is in the app's known_hosts (after this test, when it was accepted). */
  trusted: boolean;
  /** The login was tried and worked, failed, or was not tried (key not trusted, no login yet). */
  login: 'ok' | 'failed' | 'skipped';
  error?: ErrorEnvelope;
}

export type EndpointId = 'xrCli' | 'xrShell';

export interface ConnectionTest {
  target: string;
  endpoints: Partial<Record<EndpointId, EndpointTest>>;
}

/** What onboarding did, step by step, and the XR shell login it leaves. */
export interface OnboardingResult {
  steps: { id: string; title: string; changed: boolean; note: string }[];
  shell: { host: string; port: number; user: string };
}
