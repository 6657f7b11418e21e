// The router side of registries, as tasks: trust a registry on a router (the steps of
// trust-steps.ts, then wait until the running daemon uses them and prove it), log the router's
// daemon in to a registry (the password only on the command's standard input), and pull an
// image there with its layers folded into one bar. Every command runs in the router's root
// shell (sudo -i), logged and recorded with the passwords replaced.
import { AppError } from '../../../src-shared/errors';
import type { RouterPullResult, TrustResult } from '../../../src-shared/types/router-registries';
import type { TargetPlatform } from '../../../src-shared/types/targets';
import { quoteArg } from '../exec/shell-quote';
import { parseImageReference, type ImageReference } from '../images/image-reference';
import { runOnboardingSteps } from '../onboarding/onboarding-runner';
import type { PromptCenter } from '../prompts/prompt-center';
import type { RegistryDirectory } from '../registries/registry-directory';
import type { RouterAccess } from '../routers/router-access';
import type { TargetService } from '../targets/target-service';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { CommandRecorder } from '../transport/command-recorder';
import { loggedRun } from '../transport/logged-run';
import { proveInsecureLive, proveTlsLive } from './daemon-proof';
import { GLOBAL_VRF_RESOLV_CONF, hubReadiness, withNameServer, type HubReadiness } from './hub-readiness';
import { diagnose } from './pull-diagnosis';
import { PullProgressFold } from './pull-progress';
import { checkHostsAddress, checkInterfaceName, parseRegistryHostPort, type RegistryHostPort } from './registry-address';
import { replaceFileCommand } from './router-file';
import { openRouterSession } from './router-session';
import { trustSteps, type TrustContext } from './trust-steps';

export interface RouterRegistryDeps {
  targets: TargetService;
  routers: RouterAccess;
  registries: RegistryDirectory;
  tasks: TaskManager;
  recorder: CommandRecorder;
  prompts: PromptCenter;
  /** How long to wait for the daemon to run with a new setting. Default 90 s. */
  liveTimeoutMs?: number;
}

export interface TrustRequest {
  name: string;
  target: string;
  /** XR interface for `tpa address-family ipv4 update-source`, when the registry is reached through a data port. */
  updateSource?: string;
}

interface TrustJob {
  req: TrustRequest;
  registry: TrustContext['registry'];
  hp: RegistryHostPort;
  address: string | null;
  updateSource: string | null;
  platform: TargetPlatform;
}

const ROUTER_PLATFORMS: readonly TargetPlatform[] = ['vagrant', 'ncs5500', 'asr9k'];
const PULL_TIMEOUT_MS = 30 * 60_000;

export class RouterRegistryService {
  private readonly trustResults = new Map<string, TrustResult>();
  private readonly pullResults = new Map<string, RouterPullResult>();

  constructor(private readonly d: RouterRegistryDeps) {}

  trustResult(taskId: string): TrustResult | null {
    return this.trustResults.get(taskId) ?? null;
  }

  pullResult(taskId: string): RouterPullResult | null {
    return this.pullResults.get(taskId) ?? null;
  }

  /** Checks everything before the task starts: a bad registry address or interface changes nothing. */
  startTrust(req: TrustRequest): { taskId: string; done: Promise<TrustResult> } {
    const job = this.prepareTrust(req);
    const started = this.d.tasks.start({
      title: `Trust registry ${job.registry.name} on ${req.target}`,
      kind: 'registry-trust',
      target: req.target,
      run: async (task) => {
        const result = await this.trust(task, job);
        this.trustResults.set(task.id, result);
        return result;
      },
    });
    return { taskId: started.id, done: started.done };
  }

  /** Trust inside a task that already runs (a Guide step). */
  trustIn(req: TrustRequest, task: TaskContext): Promise<TrustResult> {
    return this.trust(task, this.prepareTrust(req));
  }

  private prepareTrust(req: TrustRequest): TrustJob {
    const registry = this.d.registries.get(req.name);
    const hp = parseRegistryHostPort(registry.hostPort);
    const address = hp.isName && registry.address ? checkHostsAddress(registry.address) : null;
    const updateSource = req.updateSource === undefined ? null : checkInterfaceName(req.updateSource);
    const platform = this.routerPlatform(req.target);
    return { req, registry, hp, address, updateSource, platform };
  }

  startLogin(req: { name: string; target: string }): { taskId: string; done: Promise<void> } {
    const job = this.prepareLogin(req);
    const started = this.d.tasks.start({
      title: `Log ${req.target} in to ${job.registry}`,
      kind: 'registry-login',
      target: req.target,
      run: (task) => this.login(task, req.target, job),
    });
    return { taskId: started.id, done: started.done };
  }

  /** A login inside a task that already runs (a Guide step). */
  loginIn(req: { name: string; target: string }, task: TaskContext): Promise<void> {
    return this.login(task, req.target, this.prepareLogin(req));
  }

  private prepareLogin(req: { name: string; target: string }): { registry: string; hostPort: string; user: string; password: string } {
    const registry = this.d.registries.get(req.name);
    const hp = parseRegistryHostPort(registry.hostPort);
    const user = registry.user;
    if (!user || /[\s\x00-\x1f\x7f]/.test(user)) {
      throw new AppError(`Registry ${registry.name} has ${user ? 'a user name with spaces or control characters' : 'no user name'} to log in with.`, {
        code: 'BAD_INPUT',
        fix: 'Add the registry again with its login: xrcl registry add NAME --url https://HOST:PORT --user U --password-stdin.',
      });
    }
    const password = this.d.registries.password(req.name);
    if (!password) {
      throw new AppError(`No password is saved for registry ${registry.name}.`, {
        code: 'BAD_INPUT',
        fix: 'Give its password again (Registries page, or xrcl registry add with --password-stdin); it is kept in the secret store.',
      });
    }
    this.routerPlatform(req.target);
    return { registry: registry.name, hostPort: hp.hostPort, user, password };
  }

  private async login(task: TaskContext, target: string, j: { registry: string; hostPort: string; user: string; password: string }): Promise<void> {
    const s = openRouterSession(this.d, target, task, [j.password]);
    try {
      // The password reaches docker only on its standard input: never a command line, a history or a log.
      const command = `docker login --username ${quoteArg(j.user)} --password-stdin ${j.hostPort}`;
      const r = await s.run(command, { stdin: j.password });
      if (r.exitStatus !== 0 || !/Login Succeeded/i.test(r.output)) throw diagnose(r.output, { hostPort: j.hostPort, target, command, registry: j.registry });
      task.setOutcome({ verdict: 'done', summary: `The docker daemon on ${target} is logged in to ${j.hostPort} as ${j.user}` });
    } finally {
      s.close();
    }
  }

  /**
   * Whether the router can reach Docker Hub at all: a name server in global-vrf's resolv.conf and
   * a default route in global-vrf (the XR shell runs there), read before a pull that would
   * otherwise fail with a vague timeout. A name server the user gives is added first.
   */
  async hubReadinessIn(req: { target: string; nameServer?: string }, task: TaskContext): Promise<HubReadiness> {
    this.routerPlatform(req.target);
    const nameServer = req.nameServer === undefined ? null : checkHostsAddress(req.nameServer);
    const s = openRouterSession(this.d, req.target, task);
    try {
      const read = async (): Promise<string> => {
        const r = await s.run(`cat ${GLOBAL_VRF_RESOLV_CONF}`);
        return r.exitStatus === 0 ? r.output : '';
      };
      let resolv = await read();
      if (nameServer) {
        // The user asked for this name server: add it as the tutorial does by hand, a backup kept.
        const next = withNameServer(resolv, nameServer);
        if (next.changed) {
          const w = await s.run(replaceFileCommand(GLOBAL_VRF_RESOLV_CONF, { backup: true }), { display: `vi ${GLOBAL_VRF_RESOLV_CONF}  # nameserver ${nameServer}`, stdin: next.text });
          if (w.exitStatus !== 0) {
            throw new AppError(`${GLOBAL_VRF_RESOLV_CONF} could not be written on ${req.target}.`, { code: 'TRUST_FAILED', device: req.target, detail: w.output, fix: 'Check the free space and that the file is writable by root; the file was left as it was.' });
          }
          resolv = await read();
        }
      }
      const routes = await s.run('ip route show default');
      return hubReadiness({ resolvConf: resolv, defaultRoutes: routes.exitStatus === 0 ? routes.output : '', target: req.target });
    } finally {
      s.close();
    }
  }

  /** The reference is checked by Docker's grammar before anything runs on the router. */
  startPull(req: { target: string; ref: string }): { taskId: string; done: Promise<RouterPullResult> } {
    const parsed = parseImageReference(req.ref);
    this.d.targets.get(req.target);
    const started = this.d.tasks.start({
      title: `Pull ${req.ref} on ${req.target}`,
      kind: 'router-pull',
      target: req.target,
      run: async (task) => {
        const result = await this.pull(task, req, parsed);
        this.pullResults.set(task.id, result);
        return result;
      },
    });
    return { taskId: started.id, done: started.done };
  }

  /** A pull inside a task that already runs (a Guide step). */
  pullIn(req: { target: string; ref: string }, task: TaskContext): Promise<RouterPullResult> {
    const parsed = parseImageReference(req.ref);
    this.d.targets.get(req.target);
    return this.pull(task, req, parsed);
  }

  private async pull(task: TaskContext, req: { target: string; ref: string }, parsed: ImageReference): Promise<RouterPullResult> {
    const s = openRouterSession(this.d, req.target, task);
    try {
      const fold = new PullProgressFold();
      task.progress(null, 'Pulling');
      const command = `docker pull ${quoteArg(req.ref)}`;
      const r = await s.run(command, {
        timeoutMs: PULL_TIMEOUT_MS,
        onOutput: (text) => {
          const p = fold.push(text);
          if (p) task.progress(p.fraction, p.detail);
        },
      });
      if (r.exitStatus !== 0) {
        // The app's name for that registry, so the fix names the command to run.
        const registry = parsed.domain ? this.d.registries.records().find((r) => r.hostPort === parsed.domain)?.name : undefined;
        throw diagnose(r.output, { hostPort: parsed.domain, target: req.target, command, ...(registry ? { registry } : {}) });
      }
      const listed = await s.run(`docker images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}'`);
      const id = listed.output.split('\n').map((l) => l.trim().split(/\s+/)).find(([name]) => name === parsed.familiar)?.[1];
      if (!id) {
        throw new AppError(`docker pull ended, but docker images on ${req.target} does not list ${parsed.familiar}.`, {
          code: 'PULL_FAILED',
          device: req.target,
          detail: `${r.output.trim()}\n${listed.output.trim()}`.slice(-2000),
          fix: 'Run `docker images` on the router as root; if the image is missing, pull it again.',
        });
      }
      task.setOutcome({ verdict: 'done', summary: `${parsed.familiar} is on ${req.target} (${id.slice(0, 19)})` });
      return { target: req.target, ref: req.ref, id };
    } finally {
      s.close();
    }
  }

  private routerPlatform(target: string): TargetPlatform {
    const t = this.d.targets.get(target);
    if (!ROUTER_PLATFORMS.includes(t.platform)) {
      throw new AppError(`${target} is a ${t.platform}, not a router: trusting a registry is done on a router's docker daemon.`, { code: 'BAD_INPUT', fix: 'Pick a router.' });
    }
    return t.platform;
  }

  private async trust(task: TaskContext, j: TrustJob): Promise<TrustResult> {
    const s = openRouterSession(this.d, j.req.target, task);
    try {
      const ctx: TrustContext = {
        platform: j.platform,
        registry: j.registry,
        hp: j.hp,
        address: j.address,
        updateSource: j.updateSource,
        run: (command, o) => s.run(command, o),
        writeFile: async (path, content, display) => {
          const r = await s.run(replaceFileCommand(path, { backup: true }), { display, stdin: content });
          if (r.exitStatus !== 0) {
            throw new AppError(`${path} could not be written on ${j.req.target}.`, { code: 'TRUST_FAILED', device: j.req.target, detail: r.output, fix: 'Check the free space and that the file is writable by root; the file was left as it was.' });
          }
        },
        cli: (command) => loggedRun(s.cli(), command, s.log),
        configure: async (lines) => {
          await s.cli().configure(lines, s.log, { signal: task.signal });
        },
      };
      const steps = trustSteps.filter((st) => st.applies(ctx));
      let i = 0;
      const outcomes = await runOnboardingSteps(
        ctx,
        steps,
        (step, state, outcome) => {
          if (state === 'checking') task.progress(i / (steps.length + 1), step.title);
          if (state === 'applying') task.log(`\r\n# ${step.title}: changing it\r\n`);
          if (state === 'done') {
            i++;
            task.log(`# ${step.title}: ${outcome?.changed ? 'changed' : 'already in place'} (${outcome?.note})\r\n\r\n`);
          }
        },
        task.signal,
        { code: 'TRUST_FAILED', again: 'trust the registry again' },
      );
      task.progress(steps.length / (steps.length + 1), 'Proving the daemon uses it');
      const flagChanged = outcomes.some((o) => o.id === 'insecure-flag' && o.changed);
      const timeoutMs = this.d.liveTimeoutMs ?? 90_000;
      const live =
        j.registry.kind === 'insecure'
          ? await proveInsecureLive(s, { hostPort: j.hp.hostPort, platform: j.platform, flagChanged, timeoutMs })
          : await proveTlsLive(s, { hostPort: j.hp.hostPort, registry: j.registry.name, nameAdded: j.address !== null, timeoutMs });
      const changed = outcomes.some((o) => o.changed);
      task.setOutcome({ verdict: 'done', summary: `${changed ? 'Changed' : 'Nothing to change'}${live.restarted ? ', daemon restarted' : ''}: ${live.proof}` });
      return { registry: j.registry.name, target: j.req.target, hostPort: j.hp.hostPort, changed, restarted: live.restarted, proof: live.proof, steps: outcomes };
    } finally {
      s.close();
    }
  }
}
