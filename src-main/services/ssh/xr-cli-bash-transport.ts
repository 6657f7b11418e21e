// Root in the XR Linux shell through the XR CLI's `bash`: how a physical router is onboarded
// before 57722 works. One kept shell, read between markers (see RootShell), one command at a time.
import type { DialogStep, DialogTransport } from '../transport/dialog';
import type { TransportResult, TransportRunOptions } from '../transport/transport';
import type { SshPool } from './ssh-pool';
import { describeTarget, type SshTarget } from './ssh-target';
import { RootShell } from './xr-shell-transport';

export class XrCliBashTransport implements DialogTransport {
  readonly place = 'XR shell' as const;
  readonly asRoot = true;
  private shell: RootShell | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: { pool: SshPool; target: SshTarget; setupTimeoutMs?: number }) {}

  describe(): string {
    return `${describeTarget(this.o.target)} (bash from the XR CLI)`;
  }

  run(command: string, opts: TransportRunOptions = {}): Promise<TransportResult> {
    return this.serial(opts, (shell) => shell.run(command, opts));
  }

  dialog(command: string, steps: readonly DialogStep[], opts: TransportRunOptions = {}): Promise<TransportResult> {
    return this.serial(opts, (shell) => shell.dialog(command, steps, opts));
  }

  close(): void {
    this.shell?.close();
    this.shell = null;
  }

  private serial(opts: TransportRunOptions, fn: (shell: RootShell) => Promise<TransportResult>): Promise<TransportResult> {
    const next = this.queue.then(async () => {
      if (!this.shell || this.shell.closed) {
        const conn = await this.o.pool.get(this.o.target, { signal: opts.signal });
        this.shell = await RootShell.fromCliBash(conn, this.describe(), { timeoutMs: this.o.setupTimeoutMs ?? 30_000, signal: opts.signal });
      }
      const shell = this.shell;
      try {
        return await fn(shell);
      } catch (err) {
        // After a timeout or cancel the shell's state is unknown: start clean next time.
        shell.close();
        if (this.shell === shell) this.shell = null;
        throw err;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
