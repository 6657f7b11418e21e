// The Vagrant target end to end, for every front door (contract, Guide, xrcl): the topology
// written from the user's choices, the IOS-XRv box, `vagrant up | halt | destroy` as tasks whose
// live output is also a terminal session, and the booted machines turned into targets (ports
// found, box credentials, host keys trusted on first use, docker ps proven as root).
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { ConnectionTest, EndpointId, Target, TargetInput } from '../../../src-shared/types/targets';
import type { GuideTopology, TopologyChoices, TopologyFileView, VagrantJob, VagrantMachine, VagrantPorts, VagrantTargetsResult, VagrantTopologyView } from '../../../src-shared/types/vagrant';
import type { PromptCenter } from '../prompts/prompt-center';
import type { RouterAccess } from '../routers/router-access';
import type { PersistentValue } from '../store/app-store';
import { FeedSession } from '../sessions/feed-session';
import type { SessionService } from '../sessions/session-service';
import type { TargetService } from '../targets/target-service';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { CommandRecorder } from '../transport/command-recorder';
import { BoxManager } from './box-manager';
import { generateTopology, writeTopology } from './topology-generator';
import { DEVBOX_MACHINE, ROUTER_MACHINE } from './topology-options';
import { checkFolder, type TopologyRegistry } from './topology-registry';
import { BOX_LOGIN, devboxTargetInput, routerTargetInput } from './vagrant-target-inputs';
import { routerPortsFrom } from './vagrant-output-parsers';
import { VagrantRunner, type UpResult, type VagrantCallOptions } from './vagrant-runner';

export interface VagrantServiceDeps {
  tasks: TaskManager;
  targets: TargetService;
  routers: RouterAccess;
  prompts: PromptCenter;
  recorder: CommandRecorder;
  sessions: SessionService;
  registry: TopologyRegistry;
  /** Extra environment for vagrant (VAGRANT_HOME in tests). */
  env?: NodeJS.ProcessEnv;
  /** After the first interrupt of a cancel, how long vagrant may clean up. */
  interruptGraceMs?: number;
  /** The Guide's topology choice, and the folder it uses until the user picks another. */
  guide: PersistentValue<GuideTopology>;
  defaultFolder: string;
}

export interface AddTargetsOptions {
  /** Prove docker ps as root on the router too. Default true. */
  proveDocker?: boolean;
  /** Names for targets this topology has not got yet. Default rtr and devbox. */
  routerName?: string;
  devboxName?: string;
  task?: TaskContext;
  signal?: AbortSignal;
}

type Work<T> = (runner: VagrantRunner, ctx: TaskContext) => Promise<T>;

export class VagrantService {
  readonly boxes: BoxManager;

  constructor(private readonly d: VagrantServiceDeps) {
    this.boxes = new BoxManager({ env: d.env });
  }

  /** The files a topology would have, without writing anything. */
  preview(choices: TopologyChoices): TopologyFileView[] {
    return generateTopology(choices).files.map(({ path: p, contents, purpose }) => ({ path: p, contents, purpose }));
  }

  /** Writes the topology (refusing to replace other files unless told) and remembers the folder. */
  async init(dir: string, choices: TopologyChoices, opts: { overwrite?: boolean } = {}): Promise<{ dir: string; files: string[] }> {
    const folder = checkFolder(dir);
    const topology = generateTopology(choices);
    await writeTopology(folder, topology, { overwrite: opts.overwrite ?? false });
    this.d.registry.upsert(folder, { provider: topology.options.provider });
    return { dir: folder, files: topology.files.map((f) => f.path) };
  }

  /** The Guide's topology: the folder and choices the user made, else the default folder and the tutorial's values. */
  guideTopology(): GuideTopology {
    return this.d.guide.get() ?? { dir: this.d.defaultFolder, choices: {} };
  }

  /** Saves the Guide's topology choice after checking it (a bad value is refused with its fix). */
  chooseTopology(dir: string, choices: TopologyChoices): GuideTopology {
    const chosen = { dir: checkFolder(dir), choices: { ...choices } };
    generateTopology(chosen.choices);
    this.d.guide.set(chosen);
    return chosen;
  }

  topologies(): VagrantTopologyView[] {
    return this.d.registry.list().map(({ dir, provider, routerTarget, devboxTarget, updatedAt }) => ({ dir, provider, routerTarget, devboxTarget, updatedAt }));
  }

  async boxStatus(): Promise<{ added: boolean; box: string | null }> {
    const found = await this.boxes.findIosXrv();
    return { added: found.added, box: found.box ? `${found.box.name} (${found.box.provider}${found.box.version ? `, ${found.box.version}` : ''})` : null };
  }

  /** `vagrant box add --name IOS-XRv FILE` as a task; the file is checked (HTML page, size) first. */
  addBox(file: string, opts: { name?: string; force?: boolean } = {}): { taskId: string } {
    if (!path.isAbsolute(file)) throw new AppError(`The box file must be a full path, not "${file}".`, { code: 'BAD_INPUT', fix: 'Choose the .box file you downloaded.' });
    const started = this.d.tasks.start({
      title: `Add the ${opts.name ?? 'IOS-XRv'} box`,
      kind: 'vagrant:box-add',
      run: async (ctx) => {
        const box = await this.boxes.add(file, { ...opts, task: ctx });
        ctx.setOutcome({ verdict: 'done', summary: `${box.name} is added (${box.provider}).` });
        return box;
      },
    });
    return { taskId: started.id };
  }

  up(dir: string): VagrantJob {
    return this.job(dir, 'up', (runner, ctx) => this.upWith(runner, ctx));
  }

  halt(dir: string): VagrantJob {
    return this.job(dir, 'halt', (runner, ctx) => runner.halt([], { task: ctx }));
  }

  destroy(dir: string): VagrantJob {
    return this.job(dir, 'destroy', (runner, ctx) => runner.destroy([], { task: ctx }));
  }

  /** `vagrant up` inside a task that already runs (a Guide step), with its own terminal session. */
  async upIn(dir: string, ctx: TaskContext): Promise<UpResult & { sessionId: string }> {
    const folder = checkFolder(dir);
    const { session, sessionId } = this.openSession(folder, 'up');
    try {
      const r = await this.upWith(this.runner(folder, session), ctx);
      session.end({ code: 0 });
      return { ...r, sessionId };
    } catch (err) {
      session.end({ code: 1 });
      throw err;
    }
  }

  async status(dir: string, opts: VagrantCallOptions = {}): Promise<VagrantMachine[]> {
    const machines = await this.runner(checkFolder(dir)).status(opts);
    return machines.map((m) => ({ name: m.name, state: m.state, provider: m.provider }));
  }

  /**
   * The router's ports (vagrant port, else what the last up printed, else ssh-config) and the
   * devbox's SSH port (ssh-config; null while it is not running).
   */
  async ports(dir: string, opts: VagrantCallOptions = {}): Promise<VagrantPorts> {
    const folder = checkFolder(dir);
    const runner = this.runner(folder);
    const found = await runner.routerPorts(opts);
    const remembered = this.d.registry.find(folder)?.ports;
    const cli = found.cli ?? remembered?.cli ?? null;
    const shell = found.shell ?? remembered?.shell ?? null;
    const devbox = await runner.sshConfig(DEVBOX_MACHINE, opts).then(
      (entries) => entries.find((e) => e.host === DEVBOX_MACHINE)?.port ?? null,
      () => null,
    );
    return { rtr: { '22': cli, '57722': shell }, devbox, host: found.host };
  }

  /**
   * The running machines as targets: the router (XR CLI and XR shell ports) and the devbox, with
   * the box credentials; host keys trusted on first use (a rebuilt box's changed keys are
   * forgotten only when the user says so); docker ps as root on the router.
   */
  async addTargets(dir: string, opts: AddTargetsOptions = {}): Promise<VagrantTargetsResult> {
    const folder = checkFolder(dir);
    const call: VagrantCallOptions = { ...(opts.task ? { task: opts.task } : {}), ...(opts.signal ? { signal: opts.signal } : {}) };
    const machines = await this.status(folder, call);
    const rtr = machines.find((m) => m.name === ROUTER_MACHINE);
    if (rtr?.state !== 'running') {
      throw new AppError(`The router ${ROUTER_MACHINE} is ${rtr ? rtr.state.replace(/_/g, ' ') : 'not in this topology'}.`, {
        code: 'NOT_RUNNING',
        device: 'this computer',
        command: 'vagrant status',
        fix: `Bring the machines up first: vagrant up in ${folder}.`,
      });
    }
    const ports = await this.ports(folder, call);
    const record = this.d.registry.find(folder);
    const routerName = record?.routerTarget ?? opts.routerName ?? ROUTER_MACHINE;
    const devboxName = record?.devboxTarget ?? opts.devboxName ?? DEVBOX_MACHINE;
    const saved: Target[] = [];
    saved.push(this.saveTarget(routerTargetInput(routerName, { cli: ports.rtr['22'], shell: ports.rtr['57722'], host: ports.host }), record?.routerTarget === routerName));
    const devboxUp = machines.find((m) => m.name === DEVBOX_MACHINE)?.state === 'running' && ports.devbox !== null;
    if (devboxUp) saved.push(this.saveTarget(devboxTargetInput(devboxName, ports.host, ports.devbox!), record?.devboxTarget === devboxName));
    this.d.registry.upsert(folder, {
      provider: rtr.provider === 'docker' ? 'docker' : 'virtualbox',
      routerTarget: routerName,
      devboxTarget: devboxUp ? devboxName : (record?.devboxTarget ?? null),
      ports: { cli: ports.rtr['22'], shell: ports.rtr['57722'] },
    });
    opts.task?.log(`\r\n# ${saved.map((t) => `${t.name} ${t.host}:${t.cliPort !== null ? `${t.cliPort} (XR CLI), ` : ''}${t.shellPort}`).join('; ')}\r\n`);

    const hostKeys: VagrantTargetsResult['hostKeys'] = [];
    for (const t of saved) hostKeys.push(...(await this.trustHostKeys(t.name, opts)));
    const docker = opts.proveDocker === false ? { proven: false, note: 'Not checked yet.' } : await this.proveDocker(routerName, rtr.provider, opts);
    return { dir: folder, machines, ports, targets: saved.map((t) => this.d.targets.get(t.name)), hostKeys, docker };
  }

  /** The provider a target's topology runs on; virtualbox for a router the app did not bring up. */
  providerOf(target: string): string {
    return this.d.registry.ofTarget(target)?.provider ?? 'virtualbox';
  }

  /** docker ps as root (sudo -i) on the router's XR shell, as the user will use it. */
  async proveDocker(name: string, provider: string, opts: { task?: TaskContext; signal?: AbortSignal } = {}): Promise<VagrantTargetsResult['docker']> {
    if (provider === 'docker') {
      // The docker provider's stand-in router is a plain sshd container: there is no engine to ask.
      return { proven: false, note: 'Not checked: with the docker provider the router is a stand-in container without a Docker engine.' };
    }
    const r = await this.d.routers.exec(name, 'root', 'docker ps', { recorder: this.d.recorder, prompts: this.d.prompts, ...(opts.task ? { task: opts.task } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
    if (r.exitStatus !== 0 || !/CONTAINER ID/.test(r.output)) {
      throw new AppError(`docker ps as root on ${name} failed (exit status ${r.exitStatus}).`, {
        code: 'DOCKER_NOT_READY',
        device: `${name} XR shell`,
        command: 'sudo -i; docker ps',
        detail: r.output.slice(-2000),
        fix: 'The box starts Docker a minute or two after the XR shell answers: wait, then run this again. If it persists, check `service docker status` as root in the XR shell.',
      });
    }
    return { proven: true, note: `docker ps answered as root through sudo -i on ${name}.` };
  }

  private async trustHostKeys(name: string, opts: AddTargetsOptions): Promise<VagrantTargetsResult['hostKeys']> {
    let replaced = false;
    let before: ConnectionTest | undefined;
    try {
      before = await this.d.routers.test(name, { ...(opts.signal ? { signal: opts.signal } : {}) });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'HOST_KEY_CHANGED') throw err;
      // A destroyed and rebuilt box has new keys on the same ports: the user decides.
      const forget = await this.d.prompts.ask(
        {
          kind: 'confirm',
          title: `${name}'s host key changed`,
          message: `${err.message} A Vagrant box that was destroyed and brought up again has new keys. Forget ${name}'s old keys and trust the ones it offers now?`,
          device: name,
          details: { target: name, folder: this.d.registry.ofTarget(name)?.dir ?? '' },
        },
        { ...(opts.signal ? { signal: opts.signal } : {}) },
      ).catch((e: unknown) => {
        // No one to ask (xrcl without a terminal) counts as no; a cancelled job stays cancelled.
        if (opts.signal?.aborted) throw e;
        return false;
      });
      if (!forget) throw err;
      await this.d.routers.forgetHostKeys(name);
      opts.task?.log(`# Forgot the old host keys of ${name}.\r\n`);
      replaced = true;
    }
    const after = await this.d.routers.test(name, { acceptNew: true, ...(opts.signal ? { signal: opts.signal } : {}) });
    const out: VagrantTargetsResult['hostKeys'] = [];
    for (const [id, e] of Object.entries(after.endpoints) as [EndpointId, NonNullable<(typeof after.endpoints)[EndpointId]>][]) {
      if (e.login !== 'ok' || !e.hostKey) {
        throw new AppError(`${name} ${id === 'xrCli' ? 'XR CLI' : 'SSH'} on ${e.host}:${e.port} did not accept ${BOX_LOGIN.user}/${BOX_LOGIN.password}: ${e.error?.message ?? 'no answer'}`, {
          code: e.error?.code ?? 'LOGIN_FAILED',
          device: `${name} (${e.host}:${e.port})`,
          fix: e.error?.fix ?? 'Check that the machine finished booting (vagrant status), then try again.',
        });
      }
      const wasTrusted = before?.endpoints[id]?.trusted === true;
      out.push({ target: name, endpoint: id === 'xrCli' ? 'cli' : 'shell', fingerprint: e.hostKey.fingerprint, status: replaced ? 'replaced' : wasTrusted ? 'trusted' : 'new' });
      opts.task?.log(`# ${name} ${id === 'xrCli' ? 'XR CLI' : 'shell'} ${e.host}:${e.port} ${e.hostKey.type} ${e.hostKey.fingerprint}: ${replaced ? 'old key forgotten, new key trusted' : wasTrusted ? 'already trusted' : 'trusted on first use'}; login ok\r\n`);
    }
    return out;
  }

  /** Adds the target, or updates the one this topology added before (its ports move on a rebuild). */
  private saveTarget(input: TargetInput, ours: boolean): Target {
    const exists = this.d.targets.list().some((t) => t.name === input.name);
    if (!exists) return this.d.targets.add(input, { password: BOX_LOGIN.password });
    if (!ours) {
      throw new AppError(`A target named "${input.name}" exists already and is not this topology's.`, {
        code: 'EXISTS',
        fix: `Remove it on the Routers page (or xrcl target remove ${input.name}), or give the machine another name (xrcl vagrant up DIR --router-name NAME --devbox-name NAME).`,
      });
    }
    return this.d.targets.update(input.name, input, { password: BOX_LOGIN.password });
  }

  private async upWith(runner: VagrantRunner, ctx: TaskContext): Promise<UpResult> {
    const record = this.d.registry.find(runner.cwd);
    const up = await runner.up({ task: ctx, ...(record?.provider === 'docker' ? { provider: 'docker' as const } : {}) });
    // The docker provider cannot list ports later: keep what this up printed.
    const printed = routerPortsFrom({ upOutput: up.output, machine: ROUTER_MACHINE });
    if (printed.cli !== null || printed.shell !== null) this.d.registry.upsert(runner.cwd, { ports: { cli: printed.cli, shell: printed.shell } });
    const machines = up.progress.machines.map((m) => m.machine).join(' and ');
    ctx.setOutcome({ verdict: 'done', summary: `${machines || 'The machines'} ${up.progress.machines.length === 1 ? 'is' : 'are'} up.` });
    return up;
  }

  private job<T>(dir: string, verb: 'up' | 'halt' | 'destroy', work: Work<T>): VagrantJob {
    const folder = checkFolder(dir);
    const record = this.d.registry.find(folder);
    const { session, sessionId } = this.openSession(folder, verb);
    const started = this.d.tasks.start({
      title: `vagrant ${verb} in ${path.basename(folder)}`,
      kind: `vagrant:${verb}`,
      ...(record?.routerTarget ? { target: record.routerTarget } : {}),
      run: async (ctx) => {
        try {
          const value = await work(this.runner(folder, session), ctx);
          session.end({ code: 0 });
          return value;
        } catch (err) {
          session.end({ code: 1 });
          throw err;
        }
      },
    });
    return { taskId: started.id, sessionId };
  }

  private openSession(folder: string, verb: string): { session: FeedSession; sessionId: string } {
    const session = new FeedSession(`vagrant ${verb} (${path.basename(folder)})`);
    const view = this.d.sessions.adopt(session, this.d.registry.find(folder)?.routerTarget ?? null);
    return { session, sessionId: view.id };
  }

  private runner(folder: string, session?: FeedSession): VagrantRunner {
    return new VagrantRunner({
      cwd: folder,
      ...(this.d.env ? { env: this.d.env } : {}),
      ...(session ? { onData: (t: string) => session.push(t) } : {}),
      ...(this.d.interruptGraceMs !== undefined ? { interruptGraceMs: this.d.interruptGraceMs } : {}),
    });
  }
}
