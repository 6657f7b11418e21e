// Can the router reach Docker Hub at all? Its daemon resolves registry-1.docker.io with the
// name servers of global-vrf (/etc/netns/global-vrf/resolv.conf) and leaves through a default
// route there. Read both before a pull, so the user gets the missing piece and its fix instead
// of a pull that times out.

export const GLOBAL_VRF_RESOLV_CONF = '/etc/netns/global-vrf/resolv.conf';

export interface HubProblem {
  what: 'name-server' | 'default-route';
  summary: string;
  fix: string;
}

export interface HubReadiness {
  nameServers: string[];
  /** The default route line as `ip route` prints it, or null. */
  defaultRoute: string | null;
  problems: HubProblem[];
}

export function nameServersIn(resolvConf: string): string[] {
  return resolvConf
    .split('\n')
    .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
    .filter((a): a is string => !!a);
}

/** resolv.conf with `nameserver ADDRESS` added (first, so it is asked first); unchanged when it is there. */
export function withNameServer(resolvConf: string, address: string): { text: string; changed: boolean } {
  if (nameServersIn(resolvConf).includes(address)) return { text: resolvConf, changed: false };
  return { text: `nameserver ${address}\n${resolvConf}`, changed: true };
}

export function hubReadiness(o: { resolvConf: string; defaultRoutes: string; target: string }): HubReadiness {
  const nameServers = nameServersIn(o.resolvConf);
  const defaultRoute = o.defaultRoutes.split('\n').map((l) => l.trim()).find((l) => /^default\b/.test(l)) ?? null;
  const problems: HubProblem[] = [];
  if (nameServers.length === 0) {
    problems.push({
      what: 'name-server',
      summary: `${o.target} has no name server in global-vrf (${GLOBAL_VRF_RESOLV_CONF}), so its Docker cannot resolve registry-1.docker.io.`,
      fix: `In the XR shell as root: echo "nameserver 8.8.8.8" >> ${GLOBAL_VRF_RESOLV_CONF} (use your network's name server), then run this step again.`,
    });
  }
  if (!defaultRoute) {
    problems.push({
      what: 'default-route',
      summary: `${o.target} has no default route in global-vrf, so nothing leaves the router towards Docker Hub.`,
      fix:
        'On XR 6.3.1 or later, in the XR CLI: tpa / vrf default / address-family ipv4 / default-route mgmt, then commit (with update-source MgmtEth0/RP0/CPU0/0). ' +
        'Before 6.3.1, in the XR shell as root: ip route add default via GATEWAY dev Mg0_RP0_CPU0_0 (lost on reload). The gateway must lead to the internet.',
    });
  }
  return { nameServers, defaultRoute, problems };
}
