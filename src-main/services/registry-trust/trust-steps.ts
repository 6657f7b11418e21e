// Trusting a registry on a router, as data (the onboarding runner's shape): each step says what
// it stands for by hand, how to tell it is already in place (a second run changes nothing), and
// how to do it. Which steps apply depends on the registry: the insecure flag for plain HTTP, the
// CA for TLS with a private CA, the hosts line when the router reaches it by name, and the tpa
// source address when the user asks for it.
import { AppError } from '../../../src-shared/errors';
import type { Registry } from '../../../src-shared/types/registries';
import type { TargetPlatform } from '../../../src-shared/types/targets';
import { quoteArg } from '../exec/shell-quote';
import type { CheckedStep } from '../onboarding/onboarding-runner';
import type { TransportResult } from '../transport/transport';
import { insecureRegistriesIn, withInsecureRegistry } from './docker-opts';
import { withHostsEntry } from './global-vrf-hosts';
import type { RegistryHostPort } from './registry-address';

export const SYSCONFIG_DOCKER = '/etc/sysconfig/docker';
export const GLOBAL_VRF_HOSTS = '/etc/netns/global-vrf/hosts';
export const certsDir = (hostPort: string): string => `/etc/docker/certs.d/${hostPort}`;

export interface TrustContext {
  platform: TargetPlatform;
  registry: Registry;
  hp: RegistryHostPort;
  /** The address for the global-vrf hosts line (checked), or null when none is needed. */
  address: string | null;
  /** The XR interface for `tpa address-family ipv4 update-source` (checked), or null. */
  updateSource: string | null;
  /** Runs a command in the router's root shell, logged and recorded. */
  run(command: string, opts?: { display?: string }): Promise<TransportResult>;
  /** Replaces a file on the router with `content` (keeping a backup), logged as `display`. */
  writeFile(path: string, content: string, display: string): Promise<void>;
  cli(command: string): Promise<TransportResult>;
  configure(lines: string[]): Promise<void>;
}

export interface TrustStep extends CheckedStep<TrustContext> {
  id: 'insecure-flag' | 'ca-cert' | 'hosts-entry' | 'update-source';
  applies(ctx: Pick<TrustContext, 'registry' | 'hp' | 'address' | 'updateSource'>): boolean;
}

const ROUTERS: readonly TargetPlatform[] = ['vagrant', 'ncs5500', 'asr9k'];

async function readFile(ctx: TrustContext, path: string, required: boolean): Promise<string | null> {
  const r = await ctx.run(`cat ${quoteArg(path)}`);
  if (r.exitStatus === 0) return r.output;
  if (!required) return null;
  throw new AppError(`${path} could not be read on the router.`, {
    code: 'TRUST_FAILED',
    command: `cat ${path}`,
    detail: r.output,
    fix: 'This file is where IOS-XR 6.x keeps the docker daemon\'s options; check that the target is an IOS-XR router with docker (xrcl exec NAME --shell --root "ls /etc/sysconfig").',
  });
}

const samePem = (a: string, b: string): boolean => a.replace(/\r/g, '').trim() === b.replace(/\r/g, '').trim();

/** XR shows `GigabitEthernet0/0/0/0` for a typed `Gi0/0/0/0`: same numbers, one name a prefix of the other. */
export function sameInterface(a: string, b: string): boolean {
  const split = (s: string): [string, string] => {
    const m = /^([A-Za-z-]+)(.*)$/.exec(s) ?? ['', s, ''];
    return [m[1]!.toLowerCase(), m[2]!.toLowerCase()];
  };
  const [na, ra] = split(a);
  const [nb, rb] = split(b);
  return ra === rb && (na.startsWith(nb) || nb.startsWith(na));
}

export const trustSteps: readonly TrustStep[] = [
  {
    id: 'insecure-flag',
    title: 'The daemon may use the registry over plain HTTP',
    manual: [
      { place: 'XR shell', command: 'vi /etc/sysconfig/docker', note: 'DOCKER_OPTS=" --insecure-registry HOST:PORT" (keep the space after the opening quote)' },
      { place: 'XR shell', command: 'service docker restart', note: 'ASR9k only: NCS5500 and the Vagrant box restart the daemon by themselves after the save' },
    ],
    platforms: ROUTERS,
    applies: (c) => c.registry.kind === 'insecure',
    async check(ctx) {
      const text = (await readFile(ctx, SYSCONFIG_DOCKER, true))!;
      const has = insecureRegistriesIn(text).includes(ctx.hp.hostPort);
      return has ? { done: true, note: `DOCKER_OPTS has --insecure-registry ${ctx.hp.hostPort}` } : { done: false, note: `DOCKER_OPTS lacks --insecure-registry ${ctx.hp.hostPort}` };
    },
    async apply(ctx) {
      const text = (await readFile(ctx, SYSCONFIG_DOCKER, true))!;
      const next = withInsecureRegistry(text, ctx.hp.hostPort);
      const line = next.text.split('\n').reverse().find((l) => l.includes(`--insecure-registry ${ctx.hp.hostPort}`)) ?? '';
      await ctx.writeFile(SYSCONFIG_DOCKER, next.text, `vi ${SYSCONFIG_DOCKER}  # ${line.trim()}`);
    },
  },
  {
    id: 'ca-cert',
    title: "The daemon trusts the registry's certificate authority",
    manual: [
      { place: 'XR shell', command: 'mkdir -p /etc/docker/certs.d/HOST:PORT' },
      { place: 'XR shell', command: 'vi /etc/docker/certs.d/HOST:PORT/ca.crt', note: "paste the registry's CA certificate (PEM)" },
    ],
    platforms: ROUTERS,
    applies: (c) => c.registry.kind !== 'insecure' && !!c.registry.caPem,
    async check(ctx) {
      const have = await readFile(ctx, `${certsDir(ctx.hp.hostPort)}/ca.crt`, false);
      if (have === null) return { done: false, note: `no ${certsDir(ctx.hp.hostPort)}/ca.crt` };
      return samePem(have, ctx.registry.caPem!) ? { done: true, note: 'ca.crt holds the registry\'s CA' } : { done: false, note: 'ca.crt holds another certificate' };
    },
    async apply(ctx) {
      const dir = certsDir(ctx.hp.hostPort);
      const mk = await ctx.run(`mkdir -p ${quoteArg(dir)}`);
      if (mk.exitStatus !== 0) throw new AppError(`${dir} could not be made on the router.`, { code: 'TRUST_FAILED', detail: mk.output, fix: 'Check the free space and permissions of /etc/docker on the router.' });
      const pem = ctx.registry.caPem!.replace(/\r/g, '').trim() + '\n';
      await ctx.writeFile(`${dir}/ca.crt`, pem, `vi ${dir}/ca.crt  # the registry's CA certificate`);
    },
  },
  {
    id: 'hosts-entry',
    title: "The registry's name resolves in global-vrf",
    manual: [{ place: 'XR shell', command: 'vi /etc/netns/global-vrf/hosts', note: 'add a line "ADDRESS NAME"' }],
    platforms: ROUTERS,
    applies: (c) => c.hp.isName && c.address !== null,
    async check(ctx) {
      const text = (await readFile(ctx, GLOBAL_VRF_HOSTS, false)) ?? '';
      const ok = !withHostsEntry(text, ctx.hp.host, ctx.address!).changed;
      return ok ? { done: true, note: `${ctx.hp.host} is ${ctx.address} in global-vrf` } : { done: false, note: `${ctx.hp.host} is not ${ctx.address} in global-vrf` };
    },
    async apply(ctx) {
      const text = (await readFile(ctx, GLOBAL_VRF_HOSTS, false)) ?? '';
      await ctx.writeFile(GLOBAL_VRF_HOSTS, withHostsEntry(text, ctx.hp.host, ctx.address!).text, `vi ${GLOBAL_VRF_HOSTS}  # ${ctx.address} ${ctx.hp.host}`);
    },
  },
  {
    id: 'update-source',
    title: 'Traffic to the registry leaves with the data port\'s address',
    manual: [{ place: 'XR CLI', command: 'configure\ntpa address-family ipv4 update-source INTERFACE\ncommit\nend' }],
    platforms: ROUTERS,
    applies: (c) => c.updateSource !== null,
    async check(ctx) {
      const r = await ctx.cli('show running-config tpa');
      const set = [...r.output.matchAll(/update-source\s+(?:dataports\s+)?(\S+)/g)].map((m) => m[1]!);
      return set.some((s) => sameInterface(s, ctx.updateSource!))
        ? { done: true, note: `tpa update-source is ${ctx.updateSource}` }
        : { done: false, note: set.length ? `tpa update-source is ${set.join(', ')}` : 'no tpa update-source' };
    },
    async apply(ctx) {
      await ctx.configure(['tpa', 'address-family ipv4', `update-source ${ctx.updateSource}`]);
    },
  },
];
