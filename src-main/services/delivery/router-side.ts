// The router end of one send: its XR shell as the login user (file checks, sha256sum) and as
// root through sudo -i (docker), every command logged on the task and recorded for the runbook.
import { AppError } from '../../../src-shared/errors';
import type { PromptCenter } from '../prompts/prompt-center';
import type { RouterAccess } from '../routers/router-access';
import type { SshPool } from '../ssh/ssh-pool';
import type { SshTarget } from '../ssh/ssh-target';
import { XrShellTransport } from '../ssh/xr-shell-transport';
import type { TargetService } from '../targets/target-service';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { CommandRecorder } from '../transport/command-recorder';
import { loggedRun } from '../transport/logged-run';
import type { TransportResult } from '../transport/transport';

export interface DeliveryDeps {
  targets: TargetService;
  routers: RouterAccess;
  pool: SshPool;
  tasks: TaskManager;
  recorder?: CommandRecorder;
  prompts?: PromptCenter;
}

/** What a send reports on: a task, or a Guide step's task. */
export type DeliveryCtx = Pick<TaskContext, 'log' | 'signal' | 'progress' | 'detail'>;

/** One send: the router's shell as the user and as root, its commands logged and recorded. */
export class RouterSide {
  readonly user: XrShellTransport;
  readonly root: XrShellTransport;
  constructor(
    readonly name: string,
    readonly target: SshTarget,
    readonly deps: DeliveryDeps,
    private readonly ctx: DeliveryCtx,
  ) {
    this.user = new XrShellTransport({ pool: deps.pool, target });
    this.root = new XrShellTransport({ pool: deps.pool, target, asRoot: true, ...(deps.prompts ? { prompts: deps.prompts } : {}) });
  }
  run(command: string, asRoot = false, timeoutMs?: number): Promise<TransportResult> {
    return loggedRun(asRoot ? this.root : this.user, command, { task: this.ctx, recorder: this.deps.recorder, redact: this.deps.targets.secretsOf(this.name) }, { timeoutMs });
  }
  /** Runs and insists on exit status 0. */
  async ok(command: string, asRoot = false, what = command, timeoutMs?: number): Promise<string> {
    const r = await this.run(command, asRoot, timeoutMs);
    if (r.exitStatus !== 0) {
      throw new AppError(`${what} failed on ${this.name} (exit status ${r.exitStatus}).`, {
        code: 'COMMAND_FAILED',
        device: this.name,
        command,
        detail: r.output.slice(-2000),
        fix: 'Read the command output above; fix what it names, then send again.',
      });
    }
    return r.output;
  }
  close(): void {
    this.user.close();
    this.root.close();
  }
}
