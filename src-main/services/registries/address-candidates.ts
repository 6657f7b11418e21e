// Which address the router should use to reach a registry on this computer. This computer's own
// interfaces, plus the target's view of it: a Vagrant router behind VirtualBox NAT reaches the
// host at the NAT gateway 10.0.2.2 (shown, never contacted from here: it exists only inside the
// VM), and a devbox reaches the router over the data link. Each comes with its trade-off.
import { networkInterfaces } from 'node:os';
import type { AddressCandidate } from '../../../src-shared/types/registries';
import type { Target } from '../../../src-shared/types/targets';

export interface LocalAddress {
  name: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  internal: boolean;
}

export const VAGRANT_NAT_GATEWAY = '10.0.2.2';

export function localAddresses(ifaces = networkInterfaces()): LocalAddress[] {
  const out: LocalAddress[] = [];
  for (const [name, list] of Object.entries(ifaces)) {
    for (const a of list ?? []) {
      // Link-local IPv6 needs a zone the router cannot use; skip it.
      if (a.family === 'IPv6' && (a.address.startsWith('fe80') || a.scopeid)) continue;
      out.push({ name, address: a.address, family: a.family as 'IPv4' | 'IPv6', internal: a.internal });
    }
  }
  // IPv4 first: XR's global-vrf and the tutorial's routers use IPv4.
  return out.sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1));
}

function inLab(address: string): boolean {
  return /^198\.1[89]\./.test(address);
}

/** Candidates for a registry the router `target` (when given) will pull from. */
export function addressCandidates(locals: LocalAddress[], target?: Pick<Target, 'name' | 'platform' | 'host'> | null): AddressCandidate[] {
  const out: AddressCandidate[] = [];
  if (target?.platform === 'vagrant') {
    out.push({
      address: VAGRANT_NAT_GATEWAY,
      source: 'vagrant-nat',
      label: `${VAGRANT_NAT_GATEWAY} — this computer as ${target.name} sees it (VirtualBox NAT)`,
      tradeoff: 'Works with no network setup on the router; only this Vagrant router can use it, and the registry listens on 127.0.0.1 (NAT delivers there).',
      listen: '127.0.0.1',
      viewOnly: true,
    });
  }
  if (target?.platform === 'devbox') {
    out.push({
      address: target.host,
      source: 'devbox',
      label: `${target.host} — the devbox ${target.name} on the data link`,
      tradeoff: 'The router reaches it over a data port: needs `tpa address-family ipv4 update-source` on the router; the registry runs on the devbox, not here.',
      listen: '0.0.0.0',
      viewOnly: true,
    });
  }
  for (const a of locals) {
    // IPv4 only: an IPv6 literal in an image name ([fd00::2]:5000/app) is not accepted by
    // Docker 20.10's reference grammar, and XR's global-vrf examples are all IPv4.
    if (a.internal || a.family !== 'IPv4') continue;
    out.push({
      address: a.address,
      source: 'interface',
      label: `${a.address} — ${a.name}${inLab(a.address) ? ' (lab link)' : ''}`,
      tradeoff: inLab(a.address)
        ? 'The practice lab reaches this computer here; the router must route to it, and Docker treats it as remote (insecure/TLS settings are really tested).'
        : `Any router that can route to ${a.name} reaches it; the address may change with DHCP, and the registry is open to that network.`,
      listen: a.address,
      viewOnly: false,
    });
  }
  const loop = locals.find((a) => a.internal && a.family === 'IPv4');
  if (loop) {
    out.push({
      address: loop.address,
      source: 'loopback',
      label: `${loop.address} — this computer only`,
      tradeoff: 'Safe for pushes and tests here, but no router can pull from it (Docker also trusts 127.0.0.0/8 without any setting).',
      listen: loop.address,
      viewOnly: false,
    });
  }
  return out;
}
