// From a saved target to SSH: which endpoint answers where, with which login, through which
// jump host; and "Test connection", which shows each endpoint's host key before trusting it.
import { AppError, toErrorEnvelope } from '../../../src-shared/errors';
import type { ConnectionTest, EndpointId, EndpointTest, Target } from '../../../src-shared/types/targets';
import { probeHostKey } from '../ssh/host-key-probe';
import type { KnownHosts } from '../ssh/known-hosts';
import type { PromptCenter } from '../prompts/prompt-center';
import type { SshPool } from '../ssh/ssh-pool';
import { XrCliTransport } from '../ssh/xr-cli-transport';
import { XrShellTransport } from '../ssh/xr-shell-transport';
import type { TaskContext } from '../tasks/task-manager';
import type { CommandRecorder } from '../transport/command-recorder';
import { loggedRun, type LoggedRunOptions } from '../transport/logged-run';
import type { TransportResult } from '../transport/transport';
import type { SshTarget } from '../ssh/ssh-target';
import type { Endpoint, TargetService } from '../targets/target-service';


const endpointOf: Record<EndpointId, Endpoint> = { xrCli: 'cli', xrShell: 'shell' };

export interface RouterRunOptions {
  acceptNew?: boolean;
  signal?: AbortSignal;
  recorder?: CommandRecorder;
  prompts?: PromptCenter;
  task?: Pick<TaskContext, 'log' | 'signal'>;
}

/** Runs one command on the router, logged and recorded; resolves for any exit status. */
export type RouterRun = (command: string, opts?: LoggedRunOptions) => Promise<TransportResult>;

export class RouterAccess {
  constructor(
    private readonly targets: TargetService,
    private readonly knownHosts: KnownHosts,
    private readonly pool: SshPool,
  ) {}

  /** The SSH target of one endpoint, with its stored login and its jump host's chain. */
  sshTarget(name: string, endpoint: Endpoint, opts: { acceptNew?: boolean; seen?: string[] } = {}): SshTarget {
    const t = this.targets.get(name);
    const port = endpoint === 'cli' ? t.cliPort : t.shellPort;
    const login = endpoint === 'cli' ? t.cli : t.shell;
    if (port === null || !login) {
      throw new AppError(
        endpoint === 'cli' ? `${name} has no XR CLI (it is a devbox).` : `${name} has no XR shell login yet.`,
        {
          code: 'NO_ENDPOINT',
          device: name,
          fix: endpoint === 'cli' ? 'Use its shell endpoint.' : 'Run onboarding first (it creates a sudo user for port 57722), or edit the router and give its XR shell user.',
        },
      );
    }
    const seen = [...(opts.seen ?? []), name];
    if (t.jump && seen.includes(t.jump)) {
      throw new AppError(`The jump hosts of ${name} go round in a circle (${[...seen, t.jump].join(' → ')}).`, { code: 'BAD_INPUT', fix: 'Edit the jump host of one of them.' });
    }
    const password = this.targets.password(name, endpoint);
    return {
      host: t.host,
      port,
      username: login.user,
      auth: { ...(password !== undefined ? { password } : {}) },
      label: `${name} ${endpoint === 'cli' ? 'XR CLI' : t.platform === 'devbox' ? 'SSH' : 'XR shell'}`,
      acceptNewHostKey: opts.acceptNew ?? false,
      ...(t.jump ? { jump: this.sshTarget(t.jump, this.jumpEndpoint(t.jump), { acceptNew: opts.acceptNew, seen }) } : {}),
    };
  }

  /** Checks each endpoint: does it answer, which key it offers, is that key trusted, does the login work. */
  async test(name: string, opts: { acceptNew?: boolean; signal?: AbortSignal } = {}): Promise<ConnectionTest> {
    const target = this.targets.get(name);
    const ids: EndpointId[] = target.cliPort === null ? ['xrShell'] : ['xrCli', 'xrShell'];
    const results = await Promise.all(ids.map((id) => this.testEndpoint(target, id, opts)));
    const changed = results.find((r) => r.error?.code === 'HOST_KEY_CHANGED');
    if (changed?.error) throw AppError.fromEnvelope(changed.error);
    return { target: name, endpoints: Object.fromEntries(ids.map((id, i) => [id, results[i]])) };
  }

  /**
   * Runs one command on a router: in the XR CLI, in the XR shell as its login user, or as root
   * through sudo -i. Logged and recorded (for the runbook) with the passwords replaced.
   */
  async exec(
    name: string,
    where: 'cli' | 'shell' | 'root',
    command: string,
    opts: RouterRunOptions = {},
  ): Promise<TransportResult> {
    return this.withRunner(name, where, opts, (run) => run(command));
  }

  /**
   * Several commands over one login (one `sudo -i` for all of them as root), each logged and
   * recorded as `exec` does; the connection's shell is closed when `fn` ends.
   */
  async withRunner<T>(name: string, where: 'cli' | 'shell' | 'root', opts: RouterRunOptions, fn: (run: RouterRun) => Promise<T>): Promise<T> {
    const endpoint: Endpoint = where === 'cli' ? 'cli' : 'shell';
    const target = this.sshTarget(name, endpoint, { acceptNew: opts.acceptNew });
    const transport =
      where === 'cli'
        ? new XrCliTransport({ pool: this.pool, target })
        : new XrShellTransport({ pool: this.pool, target, asRoot: where === 'root', ...(opts.prompts ? { prompts: opts.prompts } : {}) });
    const secrets = this.targets.secretsOf(name);
    const run: RouterRun = (command, o = {}) =>
      loggedRun(transport, command, { recorder: opts.recorder, redact: secrets, ...(opts.task ? { task: opts.task } : {}) }, { signal: opts.signal, ...o });
    try {
      return await fn(run);
    } finally {
      transport.close();
    }
  }

  /** Forgets every key on record for the target's endpoints (a rebuilt box has new keys). */
  async forgetHostKeys(name: string): Promise<{ removed: number }> {
    const t = this.targets.get(name);
    let removed = 0;
    for (const port of new Set([t.cliPort, t.shellPort])) if (port !== null) removed += await this.knownHosts.forget(t.host, port);
    return { removed };
  }

  private jumpEndpoint(name: string): Endpoint {
    const t = this.targets.get(name);
    return t.shell ? 'shell' : 'cli';
  }

  private async testEndpoint(t: Target, id: EndpointId, opts: { acceptNew?: boolean; signal?: AbortSignal }): Promise<EndpointTest> {
    const endpoint = endpointOf[id];
    const port = (endpoint === 'cli' ? t.cliPort : t.shellPort) as number;
    const login = endpoint === 'cli' ? t.cli : t.shell;
    const where = `${t.name} ${id === 'xrCli' ? 'XR CLI' : t.platform === 'devbox' ? 'SSH' : 'XR shell'} (${t.host}:${port})`;
    const result: EndpointTest = { host: t.host, port, user: login?.user ?? null, reachable: false, hostKey: null, trusted: false, login: 'skipped' };
    try {
      const sock = t.jump ? await (await this.pool.get(this.sshTarget(t.jump, this.jumpEndpoint(t.jump), { acceptNew: opts.acceptNew }))).forwardOut(t.host, port) : undefined;
      const presented = await probeHostKey(t.host, port, { where, ...(sock ? { sock } : {}) });
      result.reachable = true;
      result.hostKey = { type: presented.type, fingerprint: presented.fingerprint };
      const status = await this.knownHosts.check(t.host, port, presented.key);
      if (status.status === 'changed') {
        const old = status.oldKeys.map((k) => `${k.type} ${k.fingerprint}`).join(', ');
        throw new AppError(`Host key changed for ${where}: it was ${old}, it is now ${presented.type} ${presented.fingerprint}.`, {
          code: 'HOST_KEY_CHANGED',
          device: where,
          fix: `If the router was rebuilt, forget its old keys (Routers > Forget host keys, or xrcl known-hosts forget ${t.name}) and test again. Otherwise do not connect: someone may be in the middle.`,
        });
      }
      result.trusted = status.status === 'trusted';
      if (!login || (!result.trusted && !opts.acceptNew)) return result;
      try {
        const conn = await this.pool.get(this.sshTarget(t.name, endpoint, { acceptNew: opts.acceptNew }), { signal: opts.signal });
        result.login = conn.isOpen ? 'ok' : 'failed';
        result.trusted = true;
      } catch (err) {
        result.login = 'failed';
        result.error = toErrorEnvelope(err);
        if ((err as AppError).code === 'HOST_KEY_CHANGED') throw err;
        result.trusted = (await this.knownHosts.check(t.host, port, presented.key)).status === 'trusted';
      }
    } catch (err) {
      result.error = toErrorEnvelope(err);
    }
    return result;
  }
}
