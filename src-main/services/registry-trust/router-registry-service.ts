// The router side of registries, as tasks: trust a registry on a router (the steps of
// trust-steps.ts, then wait until the running daemon uses them and prove it), log the router's
// daemon in to a registry (the password only on the command's standard input), and pull an
// image there with its layers folded into one bar. Every command runs in the router's root
// shell (sudo -i), logged and recorded with the passwords replaced.
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../../src-shared/errors';
import type { RouterPullResult, TrustResult } from '../../../src-shared/types/router-registries';
import type { TargetPlatform } from '../../../src-shared/types/targets';
import { quoteArg } from '../exec/shell-quote';
import { parseImageReference, type ImageReference } from '../images/image-reference';
import { runOnboardingSteps } from '../onboarding/onboarding-runner';
import type { PromptCenter } from '../prompts/prompt-center';
import type { RegistryDirectory } from '../registries/registry-directory';
import type { RouterAccess } from '../routers/router-access';
import type { XrCliTransport } from '../ssh/xr-cli-transport';
import type { TargetService } from '../targets/target-service';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { CommandRecorder } from '../transport/command-recorder';
import { loggedRun, type LoggedRunContext } from '../transport/logged-run';
import type { TransportResult } from '../transport/transport';
import { insecureRegistriesFromInfo } from './docker-info';
import { diagnose, failureCode, type DiagnosisCode } from './pull-diagnosis';
import { PullProgressFold } from './pull-progress';
import { checkHostsAddress, checkInterfaceName, parseRegistryHostPort, type RegistryHostPort } from './registry-address';
import { replaceFileCommand } from './router-file';
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
/** A repository no one pushes: pulling it proves the TLS handshake, whatever the registry holds. */
const PROBE_REPOSITORY = 'xrcl/trust-check:probe';
/** Answers that can only come after a trusted TLS handshake. */
const TRUSTED_ANSWERS: ReadonlySet<DiagnosisCode> = new Set(['IMAGE_NOT_FOUND', 'REGISTRY_LOGIN_NEEDED']);
const PULL_TIMEOUT_MS = 30 * 60_000;

interface RouterSession {
  run(command: string, o?: { display?: string; stdin?: string; timeoutMs?: number; onOutput?: (text: string) => void }): Promise<TransportResult>;
  /** Unrecorded: polls while waiting (the recorded command is the one that proves it). */
  quiet(command: string): Promise<TransportResult>;
  cli(): XrCliTransport;
  log: LoggedRunContext;
  close(): void;
}

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
    const started = this.d.tasks.start({
      title: `Log ${req.target} in to ${registry.name}`,
      kind: 'registry-login',
      target: req.target,
      run: async (task) => {
        const s = this.session(req.target, task, [password]);
        try {
          // The password reaches docker only on its standard input: never a command line, a history or a log.
          const command = `docker login --username ${quoteArg(user)} --password-stdin ${hp.hostPort}`;
          const r = await s.run(command, { stdin: password });
          if (r.exitStatus !== 0 || !/Login Succeeded/i.test(r.output)) throw diagnose(r.output, { hostPort: hp.hostPort, target: req.target, command, registry: registry.name });
          task.setOutcome({ verdict: 'done', summary: `The docker daemon on ${req.target} is logged in to ${hp.hostPort} as ${user}` });
        } finally {
          s.close();
        }
      },
    });
    return { taskId: started.id, done: started.done };
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
    const s = this.session(req.target, task);
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
      if (r.exitStatus !== 0) throw diagnose(r.output, { hostPort: parsed.domain, target: req.target, command });
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

  private session(target: string, task: TaskContext, extraSecrets: string[] = []): RouterSession {
    const { transport: root, secrets } = this.d.routers.open(target, 'root', { prompts: this.d.prompts });
    let cli: XrCliTransport | null = null;
    const log: LoggedRunContext = { task, recorder: this.d.recorder, redact: [...secrets, ...extraSecrets] };
    return {
      run: (command, o = {}) =>
        loggedRun(root, command, { ...log, ...(o.display ? { display: o.display } : {}) }, { stdin: o.stdin, timeoutMs: o.timeoutMs, ...(o.onOutput ? { onOutput: o.onOutput } : {}) }),
      quiet: (command) => root.run(command, { signal: task.signal, timeoutMs: 60_000 }),
      cli: () => (cli ??= this.d.routers.open(target, 'cli').transport),
      log,
      close: () => {
        root.close();
        cli?.close();
      },
    };
  }

  private async trust(task: TaskContext, j: TrustJob): Promise<TrustResult> {
    const s = this.session(j.req.target, task);
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
      const live = j.registry.kind === 'insecure' ? await this.insecureLive(s, task, j, flagChanged) : await this.tlsLive(s, task, j);
      const changed = outcomes.some((o) => o.changed);
      task.setOutcome({ verdict: 'done', summary: `${changed ? 'Changed' : 'Nothing to change'}${live.restarted ? ', daemon restarted' : ''}: ${live.proof}` });
      return { registry: j.registry.name, target: j.req.target, hostPort: j.hp.hostPort, changed, restarted: live.restarted, proof: live.proof, steps: outcomes };
    } finally {
      s.close();
    }
  }

  /** The running daemon lists the registry as insecure; restarts it where the router does not. */
  private async insecureLive(s: RouterSession, task: TaskContext, j: { req: TrustRequest; hp: RegistryHostPort; platform: TargetPlatform }, flagChanged: boolean): Promise<{ restarted: boolean; proof: string }> {
    const hostPort = j.hp.hostPort;
    const listed = async (): Promise<boolean> => insecureRegistriesFromInfo((await s.quiet('docker info')).output)?.includes(hostPort) ?? false;
    let restarted = false;
    if (!(await listed())) {
      restarted = true;
      if (j.platform === 'asr9k' || !flagChanged) {
        // ASR9k never restarts by itself; elsewhere the file was already right but the daemon still runs without it.
        const r = await s.run('service docker restart', { timeoutMs: 120_000 });
        if (r.exitStatus !== 0) throw new AppError(`The docker daemon on ${j.req.target} did not restart.`, { code: 'TRUST_NOT_LIVE', device: j.req.target, command: 'service docker restart', detail: r.output, fix: 'Run `service docker restart` as root in the XR shell and read its output.' });
      } else {
        task.log(`# ${j.req.target} restarts the docker daemon by itself after the save (10-15 s); waiting until docker info lists ${hostPort}\r\n`);
      }
      await this.until(listed, task, `the docker daemon on ${j.req.target} to list ${hostPort} as an insecure registry`, {
        code: 'TRUST_NOT_LIVE',
        fix: `The file has the flag but the daemon does not use it: run \`service docker restart\` as root in the XR shell, then \`docker info\` should list ${hostPort} under Insecure Registries.`,
      });
    }
    const info = await s.run('docker info');
    if (!insecureRegistriesFromInfo(info.output)?.includes(hostPort)) {
      throw new AppError(`docker info on ${j.req.target} does not list ${hostPort}.`, { code: 'TRUST_NOT_LIVE', device: j.req.target, command: 'docker info', detail: info.output.slice(-2000), fix: 'Run `service docker restart` as root in the XR shell and check again.' });
    }
    return { restarted, proof: `docker info on ${j.req.target} lists ${hostPort} under Insecure Registries` };
  }

  /** A pull through the daemon gets past the TLS handshake (the CA may take 5-10 s to reach the host layer). */
  private async tlsLive(s: RouterSession, task: TaskContext, j: { req: TrustRequest; registry: TrustContext['registry']; hp: RegistryHostPort; address: string | null }): Promise<{ restarted: boolean; proof: string }> {
    const probe = `docker pull ${j.hp.hostPort}/${PROBE_REPOSITORY}`;
    const verdict = (r: TransportResult): 'trusted' | 'wait' | 'failed' => {
      if (r.exitStatus === 0) return 'trusted';
      const code = failureCode(r.output);
      if (code && TRUSTED_ANSWERS.has(code)) return 'trusted';
      // Go's resolver keeps the hosts file for 5 s: a name just added may not resolve at once.
      const named = code === 'REGISTRY_NAME_UNKNOWN' && j.address !== null;
      return code === 'REGISTRY_CA_UNTRUSTED' || code === 'DOCKER_DOWN' || named ? 'wait' : 'failed';
    };
    const why = { hostPort: j.hp.hostPort, target: j.req.target, command: probe, registry: j.registry.name };
    let last = await s.quiet(probe);
    if (verdict(last) === 'wait') {
      task.log(`# waiting for the docker daemon on ${j.req.target} to trust ${j.hp.hostPort} (ca.crt reaches the host layer 5-10 s after it is placed; a new hosts line is read within 5 s)\r\n`);
      await this.until(
        async () => {
          last = await s.quiet(probe);
          if (verdict(last) === 'failed') throw diagnose(last.output, why);
          return verdict(last) === 'trusted';
        },
        task,
        `the docker daemon on ${j.req.target} to trust ${j.hp.hostPort}`,
        null,
      ).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'WAIT_TIMEOUT') throw diagnose(last.output, why);
        throw err;
      });
    } else if (verdict(last) === 'failed') {
      throw diagnose(last.output, why);
    }
    const r = await s.run(probe, { display: `${probe}  # a TLS handshake through the daemon: "not found" means it trusts the registry` });
    if (verdict(r) !== 'trusted') throw diagnose(r.output, why);
    const answer = /(manifest unknown|not found|no basic auth credentials|unauthorized)/i.exec(r.output)?.[1] ?? 'ok';
    return { restarted: false, proof: `docker pull on ${j.req.target} completed the TLS handshake with ${j.hp.hostPort} (the registry answered "${answer}")` };
  }

  /** Polls once a second until `probe` holds (a thrown error ends the wait), or times out. */
  private async until(probe: () => Promise<boolean>, task: TaskContext, what: string, onTimeout: { code: string; fix: string } | null): Promise<void> {
    const deadline = Date.now() + (this.d.liveTimeoutMs ?? 90_000);
    for (;;) {
      if (await probe()) return;
      if (Date.now() >= deadline) {
        throw new AppError(`Timed out waiting for ${what}.`, { code: onTimeout?.code ?? 'WAIT_TIMEOUT', fix: onTimeout?.fix ?? 'Try again.' });
      }
      await sleep(1000, undefined, { signal: task.signal });
    }
  }
}
