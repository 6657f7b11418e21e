// Which of the registry address candidates fit the Guide's router path, and which one the
// Guide uses when the user picks none. Shared so the step and its input form agree.
import type { AddressCandidate } from './types/registries';
import type { TargetPath } from './types/wizard';

const inLab = (address: string): boolean => /^198\.1[89]\./.test(address);

/**
 * The candidates a router on this path can use: the VirtualBox NAT view only for the Vagrant box
 * (a practice lab router with the vagrant platform is not behind NAT), never a devbox (the
 * registry runs here).
 */
export function candidatesForPath(candidates: readonly AddressCandidate[], path: TargetPath | null): AddressCandidate[] {
  return candidates.filter((c) => c.source !== 'devbox' && (c.source !== 'vagrant-nat' || path === 'vagrant'));
}

/** How many leading bits two IPv4 addresses share (0 when either is not IPv4). */
export function sharedPrefixBits(a: string, b: string): number {
  const bits = (ip: string): string | null => {
    const parts = ip.split('.').map(Number);
    if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return null;
    return parts.map((n) => n.toString(2).padStart(8, '0')).join('');
  };
  const x = bits(a);
  const y = bits(b);
  if (!x || !y) return 0;
  let i = 0;
  while (i < 32 && x[i] === y[i]) i++;
  return i;
}

/**
 * The one to use when the user chose none: the host as a Vagrant router sees it; else this
 * computer's address nearest the router's (the same subnet: on the lab path the lab link
 * 198.18.0.1), then lab links, then any other interface; never loopback, from which no router
 * can pull.
 */
export function defaultCandidate(candidates: readonly AddressCandidate[], path: TargetPath | null, routerHost: string | null = null): AddressCandidate | null {
  const usable = candidatesForPath(candidates, path).filter((c) => c.source !== 'loopback');
  const score = (c: AddressCandidate): number =>
    (c.source === 'vagrant-nat' ? 1000 : 0) + (routerHost ? sharedPrefixBits(c.address, routerHost) * 2 : 0) + (inLab(c.address) ? 1 : 0);
  return [...usable].sort((a, b) => score(b) - score(a))[0] ?? null;
}
