// One way to run a command somewhere (this computer, the XR CLI, the XR shell, a devbox) and get
// its output and exit status. Every router feature runs its commands through a Transport, so the
// task log and the runbook see them all the same way (see logged-run.ts).
import type { CommandPlace } from '../../../src-shared/types/wizard';

export interface TransportRunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Raw output as it arrives (long output is streamed, not only returned at the end). */
  onOutput?: (chunk: Buffer) => void;
  /** Written to the command's standard input. */
  stdin?: string | Buffer;
}

export interface TransportResult {
  /** What the command printed (stdout and stderr together, in arrival order where possible). */
  output: string;
  exitStatus: number;
}

export interface Transport {
  readonly place: CommandPlace;
  /** Commands run as root (after `sudo -i`, or XR's `bash`): the runbook says how to get there. */
  readonly asRoot?: boolean;
  /** Where, for people: `vagrant@198.18.0.5:57722`, `this computer`. */
  describe(): string;
  /**
   * Runs one command as it would be typed at `place`. Resolves for any exit status; rejects with
   * an AppError when the command could not be run at all (timeout, cancel, connection lost).
   */
  run(command: string, opts?: TransportRunOptions): Promise<TransportResult>;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
