// The registries the app knows: ones it starts on this computer (plain HTTP or TLS with a
// certificate it made), each with its own folder under the data folder (storage, config.yml,
// certificates, pid file, log) that survives restarts; and existing ones the user added, with
// their login. It is also the RegistryDirectory the router side reads.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { AppError } from '../../../src-shared/errors';
import type { Registry, RegistryAddInput, RegistryUpInput, RegistryView } from '../../../src-shared/types/registries';
import type { PromptCenter } from '../prompts/prompt-center';
import type { SecretStore } from '../secrets/secret-store';
import type { PersistentValue } from '../store/app-store';
import { localAddresses } from './address-candidates';
import { makeRegistryCertificates, writeCertificates } from './registry-certificates';
import { joinHostPort } from './registry-config';
import type { RegistryDirectory } from './registry-directory';
import { RegistryHttp, type RegistryEndpoint } from './registry-http';
import { registryHealth } from './registry-health';
import { RegistryRunner, type ManagedRecord } from './registry-runner';
import { checkListenAddress, checkRegistryHost, checkRegistryName, checkRegistryUrl } from './registry-rules';

export const registrySecretId = (name: string): string => `registry/${name}`;
export const DEFAULT_REGISTRY_PORT = 5000;

export interface RegistryServiceDeps {
  value: PersistentValue<Record<string, Registry>>;
  secrets: () => SecretStore;
  dataDir: string;
  docker?: () => Docker;
  /** Asks for a registry's password when a user is given without one. */
  prompts?: PromptCenter;
  now?: () => Date;
  /** How long a starting registry may take to answer /v2/. */
  startTimeoutMs?: number;
}

export class RegistryService implements RegistryDirectory {
  private readonly runner: RegistryRunner;

  constructor(private readonly deps: RegistryServiceDeps) {
    this.runner = new RegistryRunner(deps.docker, deps.startTimeoutMs);
  }

  get(name: string): Registry {
    const r = this.all()[name];
    if (!r) {
      const known = Object.keys(this.all()).sort();
      throw new AppError(`There is no registry named "${name}".`, {
        code: 'NOT_FOUND',
        fix: known.length ? `Known registries: ${known.join(', ')}.` : 'Create one on the Registries page or with `xrcl registry up NAME --kind insecure`.',
      });
    }
    return r;
  }

  password(name: string): string | undefined {
    return this.deps.secrets().get(registrySecretId(name));
  }

  async list(): Promise<RegistryView[]> {
    const all = Object.values(this.all()).sort((a, b) => a.name.localeCompare(b.name));
    return Promise.all(all.map((r) => this.view(r)));
  }

  async status(name: string): Promise<RegistryView> {
    return this.view(this.get(name));
  }

  folderOf(name: string): string {
    return join(this.deps.dataDir, 'registries', checkRegistryName(name));
  }

  /** Creates the registry when it is new, then starts it (a running one is left as it is). */
  async up(input: RegistryUpInput): Promise<RegistryView> {
    const name = checkRegistryName(input.name);
    const existing = this.all()[name];
    let record: Registry;
    if (existing) {
      if (!existing.managed) throw new AppError(`"${name}" is an existing registry the app did not start.`, { code: 'BAD_INPUT', fix: 'Pick another name for a registry on this computer.' });
      if (existing.kind !== input.kind) {
        throw new AppError(`"${name}" exists as a ${existing.kind} registry.`, { code: 'EXISTS', fix: `Remove it first (xrcl registry remove ${name}) or pick another name.` });
      }
      record = existing;
    } else {
      record = await this.create(name, input);
    }
    await this.runner.start(managed(record));
    return this.view(record);
  }

  async down(name: string): Promise<RegistryView> {
    const r = this.get(name);
    if (!r.managed) throw new AppError(`"${name}" is an existing registry: the app did not start it, so it does not stop it.`, { code: 'BAD_INPUT', fix: 'Stop it where it runs, or remove it from the list.' });
    await this.runner.stop(managed(r));
    return this.view(r);
  }

  /** Forgets the registry; one the app started is stopped and its folder (and images) deleted. */
  async remove(name: string): Promise<void> {
    const r = this.get(name);
    if (r.managed) {
      await this.runner.remove(managed(r));
      await rm(r.managed.folder, { recursive: true, force: true });
    }
    const rest = this.all();
    delete rest[name];
    this.deps.secrets().delete(registrySecretId(name));
    this.deps.value.set(rest);
  }

  /** Records an existing registry and checks it from this computer with the login. */
  async add(input: RegistryAddInput, password?: string): Promise<RegistryView> {
    const name = checkRegistryName(input.name);
    const prior = this.all()[name];
    if (prior?.managed) throw new AppError(`"${name}" is a registry the app started.`, { code: 'EXISTS', fix: 'Pick another name for the existing registry.' });
    const url = checkRegistryUrl(input.url);
    if (password !== undefined && !input.user) throw new AppError('A password needs a user name.', { code: 'BAD_INPUT', fix: 'Give --user with --password-stdin.' });
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const record: Registry = {
      name,
      kind: 'existing',
      hostPort: url.port ? url.host : host,
      host,
      port,
      address: null,
      url: url.origin,
      caPem: input.caPem ?? null,
      user: input.user ?? null,
      hasPassword: password !== undefined || (!!prior && prior.user === (input.user ?? null) && prior.hasPassword),
      createdAt: prior?.createdAt ?? this.now().toISOString(),
    };
    if (record.user && !record.hasPassword && this.deps.prompts) {
      // A user without a password: ask, as docker login does (never on a command line).
      password = await this.deps.prompts.ask({
        kind: 'password',
        title: `Password for ${record.user} at ${record.hostPort}`,
        message: `The registry "${name}" is checked with this login, and the password is kept in the secret store.`,
        details: { registry: url.origin, user: record.user },
        device: 'this computer',
      });
      record.hasPassword = true;
    }
    // Checked before it is saved: a typo should not leave a broken entry behind.
    await this.check(record, password ?? (record.hasPassword ? this.password(name) : undefined));
    if (password !== undefined) this.deps.secrets().set(registrySecretId(name), password);
    else if (!record.hasPassword) this.deps.secrets().delete(registrySecretId(name));
    this.save(record);
    return this.view(record);
  }

  /** The registry's API client, logged in as stored. */
  http(name: string): RegistryHttp {
    const r = this.get(name);
    return new RegistryHttp(this.endpoint(r));
  }

  endpoint(r: Registry, password = this.password(r.name)): RegistryEndpoint {
    return { name: r.name, url: r.url, caPem: r.caPem, user: r.user, ...(password !== undefined ? { password } : {}) };
  }

  private async create(name: string, input: RegistryUpInput): Promise<Registry> {
    const port = input.port ?? DEFAULT_REGISTRY_PORT;
    const locals = localAddresses();
    const address = checkRegistryHost(input.address ?? locals.find((a) => !a.internal && a.family === 'IPv4')?.address ?? '127.0.0.1');
    const listen = checkListenAddress(input.listen ?? (locals.some((a) => a.address === address) ? address : '0.0.0.0'));
    const hostname = input.hostname ? checkRegistryHost(input.hostname) : null;
    if (hostname && input.kind !== 'tls') throw new AppError('A host name is for TLS registries (it goes in the certificate).', { code: 'BAD_INPUT', fix: 'Leave out the host name, or choose the tls kind.' });
    const engine = input.engine ?? 'binary';
    const folder = this.folderOf(name);
    // Where this computer reaches it: the listen address, or loopback when it listens on all.
    const localHost = listen === '0.0.0.0' || listen === '::' ? '127.0.0.1' : listen;
    const scheme = input.kind === 'tls' ? 'https' : 'http';
    const host = hostname ?? address;
    const record: Registry = {
      name,
      kind: input.kind,
      hostPort: joinHostPort(host, port),
      host,
      port,
      address: hostname ? address : null,
      url: `${scheme}://${joinHostPort(localHost, port)}`,
      caPem: null,
      user: null,
      hasPassword: false,
      createdAt: this.now().toISOString(),
      managed: { engine, listen, folder, ...(engine === 'docker' ? { image: input.image ?? 'registry:2' } : {}) },
    };
    await mkdir(join(folder, 'storage'), { recursive: true });
    if (input.kind === 'tls') {
      const certs = await makeRegistryCertificates({ registry: name, hosts: [...(hostname ? [hostname] : []), address, localHost, 'localhost'] });
      await writeCertificates(join(folder, 'certs'), certs);
      record.caPem = certs.caPem;
    }
    await this.runner.writeConfigs(managed(record));
    this.save(record);
    return record;
  }

  private async check(r: Registry, password: string | undefined): Promise<void> {
    const http = new RegistryHttp(this.endpoint(r, password));
    try {
      const res = await http.request('GET', '/v2/', { ok: [200] });
      await res.body.dump();
    } finally {
      await http.close();
    }
  }

  private async view(r: Registry): Promise<RegistryView> {
    const m = r.managed;
    const caFile = r.kind === 'tls' && m ? join(m.folder, 'certs', 'ca.crt') : null;
    const base = { ...r, caFile, storage: m ? join(m.folder, 'storage') : null };
    if (!m) return { ...base, state: 'external', stateDetail: `added ${r.createdAt.slice(0, 10)}; checked from here when added` };
    const who = await this.runner.runningAs(managed(r));
    if (!who) return { ...base, state: 'stopped', stateDetail: existsSync(m.folder) ? 'stopped' : 'its folder is missing' };
    const h = await registryHealth(r);
    return { ...base, state: h.ok ? 'running' : 'unhealthy', stateDetail: h.ok ? `${who}, ${h.detail}` : `${who}, but ${h.detail}` };
  }

  private save(r: Registry): void {
    this.deps.value.set({ ...this.all(), [r.name]: r });
  }

  private all(): Record<string, Registry> {
    return { ...(this.deps.value.get() ?? {}) };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

function managed(r: Registry): ManagedRecord {
  if (!r.managed) throw new Error(`${r.name} is not a registry the app manages`);
  return r as ManagedRecord;
}
