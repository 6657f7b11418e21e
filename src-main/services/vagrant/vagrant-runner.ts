// Runs vagrant for one topology folder through a PTY: every command in that folder (never the
// global machine index), streamed live to a callback and to the task log, `up` turned into
// progress, cancel through AbortSignal, known failures as AppErrors with their fix.
//
//   const vagrant = new VagrantRunner({ cwd: topologyDir, onData: (t) => terminal.write(t) });
//   const up = await vagrant.up({ task: ctx });            // rejects with AppError (code, fix)
//   const ports = await vagrant.routerPorts({ upOutput: up.output }); // { cli: 2223, shell: 2222 }
//   await vagrant.halt(); await vagrant.destroy();
import { statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { INSTALL_VAGRANT } from '../prerequisites/check-vagrant';
import { fixFor } from '../prerequisites/prereq-types';
import { formatCommand, shellStyleFor } from '../exec/shell-quote';
import type { TaskContext } from '../tasks/task-manager';
import { runInPty, type PtyResult } from './pty-stream';
import { ROUTER_MACHINE, type VagrantProvider } from './topology-options';
import { UpProgressTracker, type UpProgress } from './vagrant-up-progress';
import { vagrantFailure } from './vagrant-failures';
import { vagrantProgram } from './vagrant-program';
import {
  XR_SHELL_GUEST_PORT,
  parseGuestPort,
  parsePortList,
  parseSshConfig,
  parseStatus,
  portListUnsupported,
  routerPortsFrom,
  type ForwardedPort,
  type MachineStatus,
  type RouterPorts,
  type SshConfigEntry,
} from './vagrant-output-parsers';

export interface VagrantRunnerOptions {
  /** The topology folder (holds the Vagrantfile). Every command runs here. */
  cwd: string;
  /** The vagrant program. Default: `vagrant` on PATH. */
  vagrantPath?: string;
  /** Extra environment, e.g. VAGRANT_HOME for tests. */
  env?: NodeJS.ProcessEnv;
  /** Live output of every command, for a terminal view (UTF-8-safe chunks). */
  onData?: (text: string) => void;
  /** After the first Ctrl-C of a cancel, how long vagrant may clean up. Default 60 s. */
  interruptGraceMs?: number;
  killGraceMs?: number;
  platform?: NodeJS.Platform;
}

export interface VagrantCallOptions {
  /** Cancels the command (Ctrl-C, then the process group). Default: the task's signal. */
  signal?: AbortSignal;
  /** The task this command runs in: its log gets the command and output, `up` reports progress. */
  task?: TaskContext;
  /** Live output of this call only (in addition to the runner's onData). */
  onData?: (text: string) => void;
}

export interface VagrantRun {
  /** As typed by hand, e.g. `vagrant up --provider virtualbox`. */
  command: string;
  exitCode: number | null;
  output: string;
  durationMs: number;
}

export interface UpOptions extends VagrantCallOptions {
  /** Machines to bring up; default all (rtr and devbox). */
  machines?: string[];
  provider?: VagrantProvider;
  /** false: --no-provision. Default: Vagrant's own choice (first up provisions). */
  provision?: boolean;
  /** Called on each progress change, besides the task's progress bar. */
  onProgress?: (p: UpProgress) => void;
}

export interface UpResult extends VagrantRun {
  progress: UpProgress;
}

/** Vagrant calls home and checks box versions online unless told not to; the app works offline. */
const QUIET_ENV: NodeJS.ProcessEnv = { VAGRANT_CHECKPOINT_DISABLE: '1', VAGRANT_BOX_UPDATE_CHECK_DISABLE: '1' };

export class VagrantRunner {
  readonly cwd: string;

  constructor(private readonly options: VagrantRunnerOptions) {
    if (!path.isAbsolute(options.cwd)) {
      throw new AppError(`The topology folder must be an absolute path, not "${options.cwd}".`, { code: 'BAD_INPUT', fix: 'Generate the topology first and use its folder.' });
    }
    this.cwd = options.cwd;
  }

  /** `vagrant up`: progress through the phases; resolves when every machine is up. */
  async up(opts: UpOptions = {}): Promise<UpResult> {
    const args = ['up', ...(opts.machines ?? [])];
    if (opts.provider) args.push('--provider', opts.provider);
    if (opts.provision === false) args.push('--no-provision');
    if (opts.provision === true) args.push('--provision');
    const tracker = new UpProgressTracker();
    opts.task?.progress(null, 'Starting vagrant up');
    const report = (p: UpProgress | null): void => {
      if (!p) return;
      opts.task?.progress(p.fraction, p.detail);
      opts.onProgress?.(p);
    };
    const run = await this.run(args, { ...opts, onData: (t) => { opts.onData?.(t); report(tracker.feed(t)); } });
    const progress = tracker.finish();
    report(progress);
    return { ...run, progress };
  }

  /** Every machine of the topology with its state and provider. */
  async status(opts: VagrantCallOptions = {}): Promise<MachineStatus[]> {
    const r = await this.run(['status', '--machine-readable'], opts);
    return parseStatus(r.output);
  }

  /** `vagrant port <machine>`; null where the provider cannot list ports (docker). */
  async port(machine = ROUTER_MACHINE, opts: VagrantCallOptions = {}): Promise<ForwardedPort[] | null> {
    const r = await this.run(['port', machine], { ...opts, allowFailure: true });
    if (r.exitCode !== 0) {
      if (portListUnsupported(r.output)) return null;
      throw vagrantFailure(r.command, r.exitCode, r.output, this.platform);
    }
    return parsePortList(r.output);
  }

  /** `vagrant port <machine> --guest N`: the host port, or null where unknown. */
  async portForGuest(guest: number, machine = ROUTER_MACHINE, opts: VagrantCallOptions = {}): Promise<number | null> {
    const r = await this.run(['port', machine, '--guest', String(guest)], { ...opts, allowFailure: true });
    if (r.exitCode !== 0) {
      if (portListUnsupported(r.output)) return null;
      throw vagrantFailure(r.command, r.exitCode, r.output, this.platform);
    }
    return parseGuestPort(r.output);
  }

  async sshConfig(machine?: string, opts: VagrantCallOptions = {}): Promise<SshConfigEntry[]> {
    const r = await this.run(['ssh-config', ...(machine ? [machine] : [])], opts);
    return parseSshConfig(r.output);
  }

  /**
   * The router's XR CLI (guest 22) and XR shell (guest 57722) host ports: `vagrant port` where the
   * provider lists ports, else the ports the last `vagrant up` printed, else ssh-config (the box
   * points SSH at 57722, so it gives the shell port).
   */
  async routerPorts(opts: VagrantCallOptions & { upOutput?: string; machine?: string } = {}): Promise<RouterPorts> {
    const machine = opts.machine ?? ROUTER_MACHINE;
    const list = await this.run(['port', machine], { ...opts, allowFailure: true });
    if (list.exitCode === 0) {
      const ports = routerPortsFrom({ portList: list.output, upOutput: opts.upOutput, machine });
      if (ports.cli !== null && ports.shell !== null) return ports;
    } else if (!portListUnsupported(list.output)) {
      throw vagrantFailure(list.command, list.exitCode, list.output, this.platform);
    }
    const ssh = await this.run(['ssh-config', machine], opts);
    return routerPortsFrom({
      portList: list.exitCode === 0 ? list.output : undefined,
      upOutput: opts.upOutput,
      sshConfig: ssh.output,
      sshGuestPort: XR_SHELL_GUEST_PORT,
      machine,
    });
  }

  async halt(machines: string[] = [], opts: VagrantCallOptions = {}): Promise<VagrantRun> {
    opts.task?.progress(null, 'Stopping the machines');
    return this.run(['halt', ...machines], opts);
  }

  /** `vagrant destroy -f`: removes the machines (the topology folder stays). */
  async destroy(machines: string[] = [], opts: VagrantCallOptions = {}): Promise<VagrantRun> {
    opts.task?.progress(null, 'Removing the machines');
    return this.run(['destroy', '-f', ...machines], opts);
  }

  /** `vagrant validate`; ignoreProvider skips provider options (a provider not installed here). */
  async validate(opts: VagrantCallOptions & { ignoreProvider?: boolean } = {}): Promise<VagrantRun> {
    return this.run(['validate', ...(opts.ignoreProvider ? ['--ignore-provider'] : [])], opts);
  }

  /** Any vagrant command in the topology folder. Rejects on a non-zero exit unless allowFailure. */
  async run(args: string[], opts: VagrantCallOptions & { allowFailure?: boolean } = {}): Promise<VagrantRun> {
    const file = this.vagrantProgram();
    const command = formatCommand('vagrant', args, shellStyleFor(this.platform));
    if (!isDirectory(this.cwd)) {
      throw new AppError(`The topology folder ${this.cwd} does not exist.`, { code: 'NOT_FOUND', fix: 'Generate the topology again.', command, device: 'this computer' });
    }
    // A task's own cancel reaches the command unless the caller passes another signal.
    const signal = opts.signal ?? opts.task?.signal;
    opts.task?.log(`\r\n$ ${command}\r\n`);
    if (signal?.aborted) throw cancelled(command);
    const result: PtyResult = await runInPty(
      { file, args, cwd: this.cwd, env: { ...QUIET_ENV, ...this.options.env } },
      {
        signal,
        interruptGraceMs: this.options.interruptGraceMs,
        killGraceMs: this.options.killGraceMs,
        onData: (text) => {
          opts.task?.log(text);
          this.options.onData?.(text);
          opts.onData?.(text);
        },
      },
    );
    if (result.error) {
      throw new AppError(`vagrant could not be started: ${result.error}`, { code: 'VAGRANT_NOT_STARTED', fix: fixFor(this.platform, INSTALL_VAGRANT), command, device: 'this computer' });
    }
    if (result.cancelled) throw cancelled(command);
    const run: VagrantRun = { command, exitCode: result.exitCode, output: result.output, durationMs: result.durationMs };
    if (result.exitCode !== 0 && !opts.allowFailure) throw vagrantFailure(command, result.exitCode, result.output, this.platform);
    return run;
  }

  private get platform(): NodeJS.Platform {
    return this.options.platform ?? process.platform;
  }

  private vagrantProgram(): string {
    return vagrantProgram(this.options.vagrantPath, this.options.env, this.platform);
  }

}

function cancelled(command: string): AppError {
  return new AppError(`\`${command}\` was cancelled.`, {
    code: 'CANCELLED',
    name: 'CancelledError',
    command,
    fix: 'Run vagrant up again to continue, or vagrant destroy to remove what was created.',
  });
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
