// The routers and devboxes the user works with: saved across restarts in the settings store,
// their passwords in the secret store (never in the settings file).
import { AppError } from '../../../src-shared/errors';
import type { Target, TargetInput, TargetLogin } from '../../../src-shared/types/targets';
import type { SecretStore } from '../secrets/secret-store';
import type { PersistentValue } from '../store/app-store';
import { checkHost, checkPort, checkSshUser, checkTargetName, defaultPorts } from './target-rules';

export type Endpoint = 'cli' | 'shell';

/** Secrets that come with an add or an update; absent means "keep what is stored". */
export interface TargetSecrets {
  password?: string;
  shellPassword?: string;
}

export const secretId = (name: string, endpoint: Endpoint): string => `target/${name}/${endpoint}`;

export class TargetService {
  constructor(
    private readonly value: PersistentValue<Record<string, Target>>,
    private readonly secrets: () => SecretStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Target[] {
    return Object.values(this.all()).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): Target {
    const target = this.all()[name];
    if (!target) {
      throw new AppError(`There is no target named "${name}".`, {
        code: 'NOT_FOUND',
        fix: this.list().length ? `Known targets: ${this.list().map((t) => t.name).join(', ')}.` : 'Add one first (Routers page, or xrcl target add).',
      });
    }
    return target;
  }

  /** The password of a login, when one is stored. */
  password(name: string, endpoint: Endpoint): string | undefined {
    return this.secrets().get(secretId(name, endpoint));
  }

  /**
   * The target's passwords, to hide from logs and records. A password equal to a login name
   * (the Vagrant box's vagrant/vagrant) is public, and hiding it would hide the user name in
   * every command and output, so it is left out.
   */
  secretsOf(name: string): string[] {
    const t = this.get(name);
    const users = new Set([t.cli?.user, t.shell?.user].filter(Boolean));
    return (['cli', 'shell'] as const)
      .map((e) => this.password(name, e))
      .filter((p): p is string => !!p && !users.has(p));
  }

  add(input: TargetInput, secrets: TargetSecrets = {}): Target {
    const name = checkTargetName(input.name);
    if (this.all()[name]) {
      throw new AppError(`A target named "${name}" exists already.`, {
        code: 'EXISTS',
        fix: 'Pick another name, edit the existing target, or remove it first.',
      });
    }
    const at = this.now().toISOString();
    const target = this.build(input, { createdAt: at, updatedAt: at });
    this.storeSecrets(target, secrets);
    this.save({ ...this.all(), [name]: this.withPasswordFlags(target) });
    return this.get(name);
  }

  update(name: string, input: TargetInput, secrets: TargetSecrets = {}): Target {
    const old = this.get(name);
    if (input.name !== name) {
      throw new AppError('A target cannot be renamed.', { code: 'BAD_INPUT', fix: 'Add it again under the new name, then remove the old one.' });
    }
    const target = this.build(input, { createdAt: old.createdAt, updatedAt: this.now().toISOString() });
    // Onboarding's shell login stays unless the user names another one.
    if (!input.shellUser && old.shell && target.platform === old.platform && target.platform !== 'devbox') target.shell = old.shell;
    this.storeSecrets(target, secrets);
    this.save({ ...this.all(), [name]: this.withPasswordFlags(target) });
    return this.get(name);
  }

  /** The XR shell login that onboarding created (or the user typed), with its password. */
  setShellLogin(name: string, user: string, password: string): Target {
    const target = { ...this.get(name), shell: { user: checkSshUser(user), hasPassword: true }, updatedAt: this.now().toISOString() };
    this.secrets().set(secretId(name, 'shell'), password);
    this.save({ ...this.all(), [name]: target });
    return target;
  }

  remove(name: string): void {
    this.get(name);
    const users = this.list().filter((t) => t.jump === name).map((t) => t.name);
    if (users.length) {
      throw new AppError(`"${name}" is the jump host of ${users.join(', ')}.`, {
        code: 'IN_USE',
        fix: `Change or remove ${users.join(', ')} first.`,
      });
    }
    const rest = { ...this.all() };
    delete rest[name];
    this.secrets().delete(secretId(name, 'cli'));
    this.secrets().delete(secretId(name, 'shell'));
    this.save(rest);
  }

  private build(input: TargetInput, times: { createdAt: string; updatedAt: string }): Target {
    const defaults = defaultPorts(input.platform);
    const user = checkSshUser(input.user);
    const isDevbox = input.platform === 'devbox';
    if (isDevbox && input.cliPort !== undefined) {
      throw new AppError('A devbox has no XR CLI port.', { code: 'BAD_INPUT', fix: 'Leave out the CLI port; give the SSH port as the shell port.' });
    }
    const jump = input.jump ? checkTargetName(input.jump) : null;
    if (jump === input.name) throw new AppError('A target cannot be its own jump host.', { code: 'BAD_INPUT' });
    if (jump) this.get(jump);
    const login = (u: string): TargetLogin => ({ user: u, hasPassword: false, ...(input.keyFile ? { keyFile: input.keyFile } : {}) });
    // The Vagrant box and a devbox have their shell login from the start; a physical router
    // gets one from onboarding.
    const shellUser = input.shellUser ? checkSshUser(input.shellUser) : isDevbox || input.platform === 'vagrant' ? user : null;
    return {
      name: input.name,
      platform: input.platform,
      host: checkHost(input.host),
      cliPort: isDevbox ? null : checkPort(input.cliPort ?? (defaults.cliPort as number), 'XR CLI'),
      shellPort: checkPort(input.shellPort ?? defaults.shellPort, isDevbox ? 'SSH' : 'XR shell'),
      cli: isDevbox ? null : login(user),
      shell: shellUser ? login(shellUser) : null,
      jump,
      ...times,
    };
  }

  private storeSecrets(target: Target, secrets: TargetSecrets): void {
    const store = this.secrets();
    const primary: Endpoint = target.cli ? 'cli' : 'shell';
    if (secrets.password !== undefined) store.set(secretId(target.name, primary), secrets.password);
    // One password serves both logins when they are the same user (vagrant/vagrant).
    const shellPassword = secrets.shellPassword ?? (target.cli && target.shell?.user === target.cli.user ? secrets.password : undefined);
    if (shellPassword !== undefined && target.shell && primary !== 'shell') store.set(secretId(target.name, 'shell'), shellPassword);
  }

  private withPasswordFlags(target: Target): Target {
    const has = (e: Endpoint) => this.secrets().get(secretId(target.name, e)) !== undefined;
    return {
      ...target,
      cli: target.cli ? { ...target.cli, hasPassword: has('cli') } : null,
      shell: target.shell ? { ...target.shell, hasPassword: has('shell') } : null,
    };
  }

  private all(): Record<string, Target> {
    return { ...(this.value.get() ?? {}) };
  }

  private save(all: Record<string, Target>): void {
    this.value.set(all);
  }
}
