// What onboarding needs from the transports: the XR CLI, a root shell reached through the CLI's
// `bash` (the only root on a router before 57722 works), and the XR shell on 57722 as the new
// user. Each is a Transport, so every command lands in the task log and the runbook.
import type { Transport, TransportResult, TransportRunOptions } from '../transport/transport';

/** One question of an interactive command and the answer to give. */
export interface DialogStep {
  expect: RegExp;
  send: string;
  /** The answer is a password: never logged, never echoed in the record. */
  secret?: boolean;
  /** The question may not come (e.g. "replace keys?" only when keys exist). */
  optional?: boolean;
}

/** A transport that can also answer an interactive command's questions. */
export interface DialogTransport extends Transport {
  dialog(command: string, steps: DialogStep[], opts?: TransportRunOptions): Promise<TransportResult>;
}

export interface XrCliPort extends DialogTransport {
  /** Enters config mode, sends the lines, commits; a failed commit is aborted and thrown with XR's reason. */
  configure(lines: string[], opts?: TransportRunOptions): Promise<TransportResult>;
}

export interface OnboardingPorts {
  cli: XrCliPort;
  /** Root in the XR Linux shell through the CLI's `bash`. */
  root: DialogTransport;
  /** The XR shell on 57722 as the given user: plain, and as root through `sudo -i`. */
  userShell(user: string, password: string): { asUser: Transport; asRoot: Transport };
}
