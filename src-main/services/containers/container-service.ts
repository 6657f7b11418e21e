// Containers on a router, driven with the router's own docker client as root (`sudo -i`, where
// XR's root profile points DOCKER_HOST at the daemon): images and namespaces to choose from,
// run (checked, then the exact command), list, logs, start/stop/restart, remove (with the
// image, which is what frees disk), inspect, exec, and the network check. Every command is
// logged and recorded, so the runbook can replay it.
import { AppError } from '../../../src-shared/errors';
import type { ContainerSummary, NetworkCheck, RemoveResult, RouterImage, RunPreview, RunResult, RunSpec } from '../../../src-shared/types/containers';
import { formatCommand } from '../exec/shell-quote';
import type { PromptCenter } from '../prompts/prompt-center';
import type { RouterAccess, RouterRun } from '../routers/router-access';
import type { Session } from '../sessions/session';
import type { SshPool } from '../ssh/ssh-pool';
import type { TargetService } from '../targets/target-service';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { CommandRecorder } from '../transport/command-recorder';
import type { TransportResult } from '../transport/transport';
import { DockerExecSession } from './docker-exec-session';
import { IMAGES_FORMAT, NAME_IN_USE, NO_SUCH_CONTAINER, parseDockerImages, parseDockerPs, PS_FORMAT } from './docker-output-parsers';
import { inNamespace, judgeNetworkCheck, type InspectFacts } from './network-check';
import { platformLimits } from './platform-limits';
import { checkContainerName, checkedRunCommand, DEFAULT_VRF, NETNS_DIR, renderRun, runSpecProblems } from './run-spec';

export interface ContainerDeps {
  targets: TargetService;
  routers: RouterAccess;
  pool: SshPool;
  tasks: TaskManager;
  recorder: CommandRecorder;
  prompts: PromptCenter;
}

/** Where a job's commands are logged as they run (a Guide step's or a task's log). */
export type TaskLog = Pick<TaskContext, 'log' | 'signal'>;

const docker = (...args: string[]): string => formatCommand('docker', args, 'posix');
const SHELL_MISSING = /executable file not found|no such file or directory/i;

export class ContainerService {
  constructor(private readonly d: ContainerDeps) {}

  /** Checks the spec for this router's platform and shows the command it would run. */
  preview(target: string, spec: RunSpec): RunPreview {
    const platform = this.d.targets.get(target).platform;
    const problems = runSpecProblems(spec, platform);
    return { command: problems.length ? null : renderRun(spec), problems, limits: platformLimits(platform) };
  }

  async images(target: string): Promise<RouterImage[]> {
    return this.root(target, async (run) => parseDockerImages(ok(await run(docker('images', '--format', IMAGES_FORMAT)), target, 'list the images')));
  }

  /** The namespaces a container can mount (one per VRF under tpa; only global-vrf before 6.3.1). */
  async vrfs(target: string): Promise<string[]> {
    return this.root(target, (run) => this.listVrfs(run, target));
  }

  async run(target: string, spec: RunSpec, task?: TaskLog): Promise<RunResult> {
    const platform = this.d.targets.get(target).platform;
    const command = checkedRunCommand(spec, platform);
    return this.root(target, async (run) => {
      // A name in use is reported, never replaced.
      const existing = await run(docker('inspect', '--type', 'container', '--format', '{{.Id}}', spec.name));
      if (existing.exitStatus === 0) throw nameInUse(target, spec.name, existing.output.trim());
      const image = await run(docker('image', 'inspect', '--format', '{{.Id}}', spec.image));
      if (image.exitStatus !== 0) {
        throw new AppError(`The image ${spec.image} is not on ${target}.`, {
          code: 'NOT_FOUND',
          device: target,
          detail: image.output.trim(),
          fix: 'Bring it to the router first (pull it from a registry, or load a tarball), then choose it from the router\'s images.',
        });
      }
      const vrfs = await this.listVrfs(run, target);
      const absent = (spec.vrfs ?? [DEFAULT_VRF]).filter((v) => !vrfs.includes(v));
      if (absent.length) {
        throw new AppError(`${target} has no namespace ${absent.join(', ')} under ${NETNS_DIR} (it has ${vrfs.join(', ') || 'none'}).`, {
          code: 'BAD_INPUT',
          device: target,
          fix: 'Before XR 6.3.1 only global-vrf exists; from 6.3.1 a VRF gets a namespace when it is also configured under `tpa` (tpa / vrf NAME).',
        });
      }
      const r = await run(command, { tailLines: 40 });
      if (r.exitStatus !== 0) {
        if (NAME_IN_USE.test(r.output)) throw nameInUse(target, spec.name, '');
        throw new AppError(`docker run failed on ${target} (exit ${r.exitStatus}).`, {
          code: 'COMMAND_FAILED',
          device: target,
          command,
          detail: r.output.trim().slice(-2000),
          fix: 'Read docker\'s message above; correct the field it names and run again.',
        });
      }
      const id = /\b([0-9a-f]{64})\b/.exec(r.output)?.[1] ?? r.output.trim().split('\n').pop() ?? '';
      return { id, name: spec.name, command };
    }, task);
  }

  async list(target: string, task?: TaskLog): Promise<ContainerSummary[]> {
    return this.root(target, async (run) => {
      const list = parseDockerPs(ok(await run(docker('ps', '-a', '--no-trunc', '--format', PS_FORMAT)), target, 'list the containers'));
      const running = list.filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
      if (running.length) {
        const r = await run(docker('inspect', '--format', '{{.Id}} {{.State.StartedAt}}', ...running.map((c) => c.id)));
        const started = new Map(r.output.split('\n').map((l) => l.trim().split(' ') as [string, string]));
        for (const c of running) c.startedAt = started.get(c.id) ?? null;
      }
      for (const c of list) c.id = c.id.slice(0, 12);
      return list;
    }, task);
  }

  async logs(target: string, name: string, tail = 200): Promise<{ output: string }> {
    checkContainerName(name);
    return this.root(target, async (run) => ({ output: ok(await run(docker('logs', '--tail', String(tail), name), { tailLines: 5 }), target, `read the logs of ${name}`) }));
  }

  /** `docker logs -f` as a task: its log is the container's output until cancelled. */
  followLogs(target: string, name: string): { taskId: string } {
    checkContainerName(name);
    this.d.targets.get(target);
    const started = this.d.tasks.start({
      title: `Logs of ${name} on ${target}`,
      kind: 'container-logs',
      target,
      run: async (ctx: TaskContext) =>
        this.root(
          target,
          async (run) => {
            const r = await run(docker('logs', '--follow', '--tail', '100', name), { timeoutMs: 24 * 3600_000, tailLines: 5 }).catch((err: unknown) => {
              if ((err as AppError).code === 'CANCELLED') return { output: '', exitStatus: 0 };
              throw err;
            });
            ok(r, target, `follow the logs of ${name}`);
          },
          ctx,
        ),
    });
    started.done.catch(() => undefined);
    return { taskId: started.id };
  }

  async lifecycle(target: string, name: string, action: 'start' | 'stop' | 'restart', task?: TaskLog): Promise<void> {
    checkContainerName(name);
    await this.root(target, async (run) => ok(await run(docker(action, name), { timeoutMs: 60_000 }), target, `${action} ${name}`), task);
  }

  /** Removes the container (stopping frees no disk), and with `image` the image it ran. */
  async remove(target: string, name: string, image: boolean): Promise<RemoveResult> {
    checkContainerName(name);
    return this.root(target, async (run) => {
      const ref = ok(await run(docker('inspect', '--type', 'container', '--format', '{{.Config.Image}}', name)), target, `find ${name}`).trim();
      ok(await run(docker('rm', '--force', name)), target, `remove ${name}`);
      if (!image) return { removedContainer: name, removedImage: null, imageBytes: null };
      const size = Number((await run(docker('image', 'inspect', '--format', '{{.Size}}', ref))).output.trim()) || null;
      const r = await run(docker('rmi', ref));
      if (r.exitStatus !== 0) {
        throw new AppError(`${name} was removed, but its image ${ref} was not: another container still uses it.`, {
          code: 'IMAGE_IN_USE',
          device: target,
          command: docker('rmi', ref),
          detail: r.output.trim(),
          fix: `Remove the other containers made from ${ref} (docker ps -a shows them), then remove the image.`,
        });
      }
      return { removedContainer: name, removedImage: ref, imageBytes: size };
    });
  }

  async inspect(target: string, name: string): Promise<Record<string, unknown>> {
    checkContainerName(name);
    return this.root(target, async (run) => {
      const out = ok(await run(docker('inspect', '--type', 'container', name), { tailLines: 5 }), target, `inspect ${name}`);
      const parsed = JSON.parse(out) as Record<string, unknown>[];
      if (!parsed[0]) throw notFound(target, name, out);
      return parsed[0];
    });
  }

  /** One command in the container; its exit status is the command's own. */
  async execCommand(target: string, name: string, argv: string[]): Promise<{ output: string; exitStatus: number }> {
    checkContainerName(name);
    return this.root(target, async (run) => {
      const r = await run(docker('exec', name, ...argv), { tailLines: 40 });
      if (r.exitStatus !== 0 && NO_SUCH_CONTAINER.test(r.output)) throw notFound(target, name, r.output);
      return r;
    });
  }

  /**
   * An interactive shell in the container, as a terminal session: `docker exec -it NAME sh`,
   * or `docker attach` when the image has no shell (a single-binary image).
   */
  async openShell(target: string, name: string, size: { cols: number; rows: number }): Promise<Session> {
    checkContainerName(name);
    const hasShell = await this.root(target, async (run) => {
      const r = await run(docker('exec', name, 'sh', '-c', 'exit 0'));
      if (r.exitStatus === 0) return true;
      if (NO_SUCH_CONTAINER.test(r.output)) throw notFound(target, name, r.output);
      if (/is not running/i.test(r.output)) {
        throw new AppError(`${name} is not running on ${target}.`, { code: 'NOT_RUNNING', device: target, fix: `Start it first (docker start ${name}).` });
      }
      if (SHELL_MISSING.test(r.output)) return false;
      throw new AppError(`Could not open a shell in ${name} on ${target}.`, { code: 'COMMAND_FAILED', device: target, detail: r.output.trim(), fix: 'Read docker\'s message; check the container is healthy.' });
    });
    const command = hasShell ? docker('exec', '-it', name, 'sh') : docker('attach', name);
    const sshTarget = this.d.routers.sshTarget(target, 'shell');
    const conn = await this.d.pool.get(sshTarget);
    this.d.recorder.append({
      place: 'XR shell',
      target: conn.describe(),
      command,
      asRoot: true,
      exitStatus: 0,
      outputTail: '(interactive)',
      startedAt: new Date().toISOString(),
      durationMs: 0,
    });
    return DockerExecSession.open(conn, {
      command,
      title: `${name} on ${target}${hasShell ? '' : ' (attached)'}`,
      cols: size.cols,
      rows: size.rows,
      password: async () =>
        sshTarget.auth.password ??
        this.d.prompts.ask({ kind: 'password', title: `sudo password for ${sshTarget.username}`, message: `docker on ${target} needs root: sudo -i asks for the password of ${sshTarget.username}.`, device: target }),
    });
  }

  /** Inside the container, through the mounted namespace: the router's interfaces and routes. */
  async check(target: string, name: string, vrf = DEFAULT_VRF, task?: TaskLog): Promise<NetworkCheck> {
    checkContainerName(name);
    return this.root(target, async (run) => {
      const raw = await run(docker('inspect', '--type', 'container', name), { tailLines: 3 });
      if (raw.exitStatus !== 0) throw notFound(target, name, raw.output);
      const facts = (JSON.parse(raw.output) as Array<InspectFacts & { State?: { Running?: boolean } }>)[0] ?? {};
      if (facts.State?.Running === false) {
        throw new AppError(`${name} is not running on ${target}, so it cannot be checked.`, { code: 'NOT_RUNNING', device: target, fix: `Start it (docker start ${name}), then check again.` });
      }
      const addrCmd = docker('exec', name, 'sh', '-c', inNamespace(vrf, 'addr'));
      const routeCmd = docker('exec', name, 'sh', '-c', inNamespace(vrf, 'route'));
      const addr = await run(addrCmd, { tailLines: 40 });
      const route = addr.exitStatus === 0 ? await run(routeCmd, { tailLines: 40 }) : { output: '', exitStatus: 1 };
      return judgeNetworkCheck({ container: name, vrf, inspect: facts, addr, route, commands: [addrCmd, routeCmd] });
    }, task);
  }

  private async listVrfs(run: RouterRun, target: string): Promise<string[]> {
    const r = ok(await run(`ls -1 ${NETNS_DIR}`), target, `list ${NETNS_DIR}`);
    return r.split('\n').map((l) => l.trim()).filter((l) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(l));
  }

  private root<T>(target: string, fn: (run: RouterRun) => Promise<T>, task?: TaskLog): Promise<T> {
    return this.d.routers.withRunner(target, 'root', { recorder: this.d.recorder, prompts: this.d.prompts, ...(task ? { task } : {}) }, fn);
  }
}

/** The output of a command that must succeed; otherwise an error naming what it was for. */
function ok(r: TransportResult, target: string, what: string): string {
  if (r.exitStatus === 0) return r.output;
  if (NO_SUCH_CONTAINER.test(r.output)) {
    const name = /No such (?:container|object): (\S+)/i.exec(r.output)?.[1] ?? 'that container';
    throw notFound(target, name, r.output);
  }
  throw new AppError(`Could not ${what} on ${target} (exit ${r.exitStatus}).`, {
    code: 'COMMAND_FAILED',
    device: target,
    detail: r.output.trim().slice(-2000),
    fix: 'Read docker\'s message above. If docker is not answering, check it with docker ps in the XR shell as root.',
  });
}

function notFound(target: string, name: string, output: string): AppError {
  return new AppError(`There is no container ${name} on ${target}.`, { code: 'NOT_FOUND', device: target, detail: output.trim().slice(-500), fix: 'Refresh the list: it may have been removed.' });
}

function nameInUse(target: string, name: string, id: string): AppError {
  return new AppError(`A container named ${name} already exists on ${target}${id ? ` (${id.slice(0, 12)})` : ''}; it was left as it is.`, {
    code: 'NAME_IN_USE',
    device: target,
    fix: `Choose another name, or remove the old container first (Remove, or docker rm -f ${name}).`,
  });
}
