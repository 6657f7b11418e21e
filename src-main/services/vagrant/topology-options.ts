// The user's choices for a Vagrant topology (router rtr + devbox on one link), with the
// reference tutorial's values as defaults, checked before anything is written or run.
import type { TopologyChoices } from '../../../src-shared/types/vagrant';
import { AppError } from '../../../src-shared/errors';

export type VagrantProvider = NonNullable<TopologyChoices['provider']>;

/** The user's choices (defaults in resolveTopologyOptions); the same shape crosses the contract. */
export type TopologyOptions = TopologyChoices;

export interface ResolvedTopologyOptions {
  provider: VagrantProvider;
  routerMemoryMb: number;
  routerBox: string;
  devboxBox: string;
  router: Ipv4Interface;
  devbox: Ipv4Interface;
  linkName: string;
  docker: { routerImage: string; devboxImage: string; containerPrefix: string } | null;
}

export interface Ipv4Interface {
  /** As given: 11.1.1.10/24 */
  cidr: string;
  address: string;
  prefix: number;
  netmask: string;
}

export const ROUTER_MACHINE = 'rtr';
export const DEVBOX_MACHINE = 'devbox';

export const TOPOLOGY_DEFAULTS = {
  provider: 'virtualbox' as VagrantProvider,
  routerMemoryMb: 5120,
  routerBox: 'IOS-XRv',
  devboxBox: 'ubuntu/trusty64',
  routerAddress: '11.1.1.10/24',
  devboxAddress: '11.1.1.20/24',
  linkName: 'link1',
};

/** The mini IOS-XRv image boots in 3072 MB (xr-facts section 3); more than 64 GB is a typo. */
export const ROUTER_MEMORY_RANGE = { min: 3072, max: 65536 };

function bad(message: string, fix: string): AppError {
  return new AppError(message, { code: 'BAD_INPUT', fix, device: 'this computer' });
}

/** Vagrant box names: `name` or `owner/name`, letters, digits, dot, dash, underscore. */
const BOX_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
/** Docker image references as `docker run` takes them (lower-case repository, optional tag). */
const IMAGE_REF = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d{1,5})?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/;
const LINK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const CONTAINER_PREFIX = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,40}$/;

export function parseIpv4Cidr(value: string, what: string): Ipv4Interface {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value.trim());
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : NaN;
  if (!m || octets.some((o) => o > 255) || m.slice(1, 5).some((o) => o.length > 1 && o.startsWith('0'))) {
    throw bad(`The ${what} "${value}" is not an IPv4 address with a prefix length.`, 'Write it like 11.1.1.10/24.');
  }
  if (prefix < 8 || prefix > 30) {
    throw bad(`The ${what} ${value} has prefix length /${prefix}; a point-to-point lab link needs /8 to /30.`, 'Use /24 as in the tutorial, e.g. 11.1.1.10/24.');
  }
  const addr = toInt(octets);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const host = addr & ~mask;
  if (host === 0 || host === (~mask >>> 0)) {
    throw bad(`The ${what} ${value} is the subnet's network or broadcast address.`, 'Pick a host address inside the subnet, e.g. .10 and .20 of a /24.');
  }
  if (octets[0] === 0 || octets[0] === 127 || octets[0]! >= 224) {
    throw bad(`The ${what} ${value} is not a usable unicast address.`, 'Use a private or lab subnet such as 11.1.1.0/24 (the tutorial) or 10.10.10.0/24.');
  }
  return { cidr: `${octets.join('.')}/${prefix}`, address: octets.join('.'), prefix, netmask: fromInt(mask) };
}

const toInt = (o: number[]): number => ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
const fromInt = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

export function resolveTopologyOptions(input: TopologyOptions = {}): ResolvedTopologyOptions {
  const provider = input.provider ?? TOPOLOGY_DEFAULTS.provider;
  if (provider !== 'virtualbox' && provider !== 'docker') {
    throw bad(`Unknown Vagrant provider "${String(provider)}".`, 'Use virtualbox (the IOS-XRv box) or docker (containers, for tests).');
  }
  const mem = input.routerMemoryMb ?? TOPOLOGY_DEFAULTS.routerMemoryMb;
  if (!Number.isInteger(mem) || mem < ROUTER_MEMORY_RANGE.min || mem > ROUTER_MEMORY_RANGE.max) {
    throw bad(
      `Router memory ${String(mem)} MB is outside ${ROUTER_MEMORY_RANGE.min}-${ROUTER_MEMORY_RANGE.max} MB.`,
      'Use 5120 MB (what Docker on IOS-XRv needs); 3072 MB only boots the mini image without containers.',
    );
  }
  const box = (value: string | undefined, fallback: string, what: string): string => {
    const v = (value ?? fallback).trim();
    if (!BOX_NAME.test(v) || v.length > 128) {
      throw bad(`"${v}" is not a Vagrant box name (${what}).`, 'Box names are like IOS-XRv or ubuntu/trusty64: letters, digits, dot, dash, underscore, one optional slash.');
    }
    return v;
  };
  const routerBox = box(input.routerBox, TOPOLOGY_DEFAULTS.routerBox, 'router');
  const devboxBox = box(input.devboxBox, TOPOLOGY_DEFAULTS.devboxBox, 'devbox');
  const router = parseIpv4Cidr(input.routerAddress ?? TOPOLOGY_DEFAULTS.routerAddress, 'router link address');
  const devbox = parseIpv4Cidr(input.devboxAddress ?? TOPOLOGY_DEFAULTS.devboxAddress, 'devbox link address');
  const net = (i: Ipv4Interface): number => toInt(i.address.split('.').map(Number)) & toInt(i.netmask.split('.').map(Number));
  if (router.prefix !== devbox.prefix || net(router) !== net(devbox)) {
    throw bad(`The router (${router.cidr}) and the devbox (${devbox.cidr}) are not on the same subnet.`, 'Give both ends of link1 addresses in one subnet, e.g. 11.1.1.10/24 and 11.1.1.20/24.');
  }
  if (router.address === devbox.address) {
    throw bad(`The router and the devbox both use ${router.address}.`, 'Give each end of the link its own address, e.g. .10 and .20.');
  }
  const linkName = input.linkName ?? TOPOLOGY_DEFAULTS.linkName;
  if (!LINK_NAME.test(linkName)) {
    throw bad(`"${linkName}" is not a usable internal network name.`, 'Use letters, digits, dash or underscore, like link1.');
  }
  let docker: ResolvedTopologyOptions['docker'] = null;
  if (provider === 'docker') {
    if (!input.docker) {
      throw bad('The docker provider needs the images that stand in for the router and the devbox.', 'Pass docker.routerImage and docker.devboxImage (images on this computer).');
    }
    for (const [what, ref] of [['router', input.docker.routerImage], ['devbox', input.docker.devboxImage]] as const) {
      if (!IMAGE_REF.test(ref)) throw bad(`"${ref}" is not a docker image reference (${what}).`, 'Use a local image name like xrcl/sshd:1.');
    }
    const containerPrefix = input.docker.containerPrefix ?? 'xrcl';
    if (!CONTAINER_PREFIX.test(containerPrefix)) {
      throw bad(`"${containerPrefix}" cannot start a container name.`, 'Use letters, digits, dot, dash or underscore.');
    }
    docker = { routerImage: input.docker.routerImage, devboxImage: input.docker.devboxImage, containerPrefix };
  }
  return { provider, routerMemoryMb: mem, routerBox, devboxBox, router, devbox, linkName, docker };
}
