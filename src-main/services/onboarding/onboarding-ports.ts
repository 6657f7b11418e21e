// What onboarding needs from the transports: the XR CLI, a root shell reached through the CLI's
// `bash` (the only root on a router before 57722 works), and the XR shell on 57722 as the new
// user. Each is a Transport, so every command lands in the task log and the runbook.
import type { XrCliTransport } from '../ssh/xr-cli-transport';
import type { DialogTransport } from '../transport/dialog';
import type { Transport } from '../transport/transport';

export interface OnboardingPorts {
  cli: XrCliTransport;
  /** Root in the XR Linux shell through the CLI's `bash`. */
  root: DialogTransport;
  /** The XR shell on 57722 as the given user: plain, and as root through `sudo -i`. */
  userShell(user: string, password: string): { asUser: Transport; asRoot: Transport };
}
