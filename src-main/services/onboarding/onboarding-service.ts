// Onboarding a router, as one task: the steps of onboarding-steps.ts run over the router's XR
// CLI, a root shell from the CLI's `bash`, and finally 57722 as the new user with sudo -i. Every
// command is logged and recorded with the passwords replaced; on success the new user becomes
// the router's XR shell login.
import { AppError } from '../../../src-shared/errors';
import type { OnboardingResult } from '../../../src-shared/types/targets';
import type { PromptCenter } from '../prompts/prompt-center';
import type { RouterAccess } from '../routers/router-access';
import type { SshPool } from '../ssh/ssh-pool';
import { XrCliBashTransport } from '../ssh/xr-cli-bash-transport';
import { XrCliTransport } from '../ssh/xr-cli-transport';
import { XrShellTransport } from '../ssh/xr-shell-transport';
import { checkNewRouterUser } from '../targets/target-rules';
import type { TargetService } from '../targets/target-service';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { CommandRecorder } from '../transport/command-recorder';
import { loggedRun } from '../transport/logged-run';
import type { Transport } from '../transport/transport';
import { runOnboardingSteps } from './onboarding-runner';
import { onboardingSteps, type OnboardingContext } from './onboarding-steps';

export interface OnboardingRequest {
  name: string;
  newUser: string;
  newPassword: string;
  regenerateKeys?: boolean;
  /** Trust unknown host keys on first use (a changed key is refused regardless). */
  acceptNew?: boolean;
}

export interface OnboardingDeps {
  targets: TargetService;
  routers: RouterAccess;
  pool: SshPool;
  prompts: PromptCenter;
  tasks: TaskManager;
  recorder: CommandRecorder;
}

export class OnboardingService {
  private readonly results = new Map<string, OnboardingResult>();

  constructor(private readonly d: OnboardingDeps) {}

  /** What the last finished onboarding of this router did, if any ran since the app started. */
  lastResult(name: string): OnboardingResult | null {
    return this.results.get(name) ?? null;
  }

  /** Starts onboarding as a task; `done` settles with the steps and the new shell login. */
  start(req: OnboardingRequest): { taskId: string; done: Promise<OnboardingResult> } {
    const prepared = this.prepare(req);
    const started = this.d.tasks.start({
      title: `Onboard ${req.name}`,
      kind: 'onboarding',
      target: req.name,
      run: (ctx) => this.run(req, prepared.newUser, prepared.newPassword, ctx),
    });
    return { taskId: started.id, done: started.done };
  }

  /** Onboarding inside a task that already runs (a Guide step). */
  runIn(req: OnboardingRequest, task: TaskContext): Promise<OnboardingResult> {
    const prepared = this.prepare(req);
    return this.run(req, prepared.newUser, prepared.newPassword, task);
  }

  /** Checks the request before anything runs: a user name the router would not take exactly is refused here. */
  private prepare(req: OnboardingRequest): { newUser: string; newPassword: string } {
    const target = this.d.targets.get(req.name);
    if (target.platform === 'devbox') {
      throw new AppError(`${req.name} is a devbox: onboarding is for routers.`, { code: 'BAD_INPUT', fix: 'Pick a router.' });
    }
    const isVagrant = target.platform === 'vagrant';
    // The Vagrant box already has its user (vagrant, with sudo): onboarding only proves docker.
    const newUser = isVagrant ? (target.shell?.user ?? 'vagrant') : checkNewRouterUser(req.newUser);
    const newPassword = isVagrant ? (this.d.targets.password(req.name, 'shell') ?? req.newPassword) : req.newPassword;
    return { newUser, newPassword };
  }

  private async run(req: OnboardingRequest, newUser: string, newPassword: string, task: TaskContext): Promise<OnboardingResult> {
    const target = this.d.targets.get(req.name);
    const acceptNew = req.acceptNew ?? false;
    const secrets = [...new Set([...(newPassword !== newUser ? [newPassword] : []), ...this.d.targets.secretsOf(req.name)])];
    const pool = this.d.pool;
    const cliTarget = () => this.d.routers.sshTarget(req.name, 'cli', { acceptNew });
    const cli = target.platform === 'vagrant' ? null : new XrCliTransport({ pool, target: cliTarget(), answers: { modulusBits: 2048 } });
    const root = target.platform === 'vagrant' ? null : new XrCliBashTransport({ pool, target: cliTarget() });
    const shellTarget = { ...this.d.routers.sshTarget(req.name, 'cli', { acceptNew }), port: target.shellPort, username: newUser, auth: { password: newPassword }, label: `${req.name} XR shell` };
    const asUser = new XrShellTransport({ pool, target: shellTarget, prompts: this.d.prompts });
    const asRoot = new XrShellTransport({ pool, target: shellTarget, asRoot: true, sudoPassword: newPassword, prompts: this.d.prompts });
    const log = { task, recorder: this.d.recorder, redact: secrets };
    const on = (which: 'cli' | 'root' | 'userShell' | 'userRoot'): Transport => {
      const t = { cli, root, userShell: asUser, userRoot: asRoot }[which];
      if (!t) throw new AppError(`No ${which} transport for ${req.name}.`, { code: 'INTERNAL' });
      return t;
    };
    const ctx: OnboardingContext = {
      platform: target.platform,
      newUser,
      newPassword,
      regenerateKeys: req.regenerateKeys,
      ports: { cli: cli as XrCliTransport, root: root as XrCliBashTransport, userShell: () => ({ asUser, asRoot }) },
      run: (which, command, opts = {}) =>
        which === 'cli' && opts.answers
          ? loggedRun({ place: 'XR CLI', describe: () => on('cli').describe(), run: (c, o) => (cli as XrCliTransport).run(c, { ...o, answers: opts.answers }) }, command, log)
          : loggedRun(on(which), command, { ...log, ...(opts.display ? { display: opts.display } : {}) }),
      dialog: (command, steps) =>
        loggedRun({ place: 'XR shell', describe: () => on('root').describe(), run: (c, o) => (root as XrCliBashTransport).dialog(c, steps, o) }, command, log),
      configure: async (lines) => ({ output: await (cli as XrCliTransport).configure(lines, log, { signal: task.signal }), exitStatus: 0 }),
    };
    try {
      const steps = onboardingSteps.filter((s) => s.platforms.includes(target.platform));
      let i = 0;
      const outcomes = await runOnboardingSteps(
        ctx,
        steps,
        (step, state, outcome) => {
          if (state === 'checking') task.progress(i / steps.length, step.title);
          if (state === 'applying') task.log(`\r\n# ${step.title}: changing it\r\n`);
          if (state === 'done') {
            i++;
            task.log(`# ${step.title}: ${outcome?.changed ? 'changed' : 'already in place'} (${outcome?.note})\r\n\r\n`);
          }
        },
        task.signal,
      );
      task.progress(1);
      if (!isSameLogin(target.shell, newUser) || !target.shell?.hasPassword || this.d.targets.password(req.name, 'shell') !== newPassword) {
        this.d.targets.setShellLogin(req.name, newUser, newPassword);
      }
      const changed = outcomes.filter((o) => o.changed).length;
      task.setOutcome({ verdict: 'done', summary: changed ? `${changed} of ${outcomes.length} steps changed something` : 'Nothing to change: every step was already in place' });
      const result = { steps: outcomes, shell: { host: target.host, port: target.shellPort, user: newUser } };
      this.results.set(req.name, result);
      return result;
    } finally {
      cli?.close();
      root?.close();
      asUser.close();
      asRoot.close();
    }
  }
}

function isSameLogin(login: { user: string } | null, user: string): boolean {
  return login?.user === user;
}
