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

/**
 * The one to use when the user chose none: the host as a Vagrant router sees it, then the lab
 * link, then any other interface; never loopback, from which no router can pull.
 */
export function defaultCandidate(candidates: readonly AddressCandidate[], path: TargetPath | null): AddressCandidate | null {
  const rank = (c: AddressCandidate): number => (c.source === 'vagrant-nat' ? 0 : inLab(c.address) ? (path === 'lab' ? 0 : 1) : 2);
  const usable = candidatesForPath(candidates, path).filter((c) => c.source !== 'loopback');
  return [...usable].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}
