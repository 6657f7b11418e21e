// Does a container see the router's network? Inside it, through the mounted namespace, list the
// interfaces and routes (`ip netns exec VRF ip …`, or busybox's `nsenter --net=…` where `ip` has
// no netns command), then judge: it reaches the router's network when the namespace shows
// interfaces with addresses other than the container's own. When it does not, name the missing
// `docker run` options, from the container's inspect data and the error text.
import type { NetworkCheck } from '../../../src-shared/types/containers';
import { quoteArg } from '../exec/shell-quote';
import { parseIpAddr, parseIpRoute } from './ip-output-parsers';
import { NETNS_DIR } from './run-spec';

/** The part of `docker inspect` the judgement reads. */
export interface InspectFacts {
  Mounts?: Array<{ Destination?: string; Source?: string }>;
  HostConfig?: { CapAdd?: string[] | null; Privileged?: boolean };
  NetworkSettings?: { IPAddress?: string; Networks?: Record<string, { IPAddress?: string }> };
}

/** The shell line run inside the container for one `ip` listing in the namespace. */
export function inNamespace(vrf: string, ipArgs: string): string {
  const ns = quoteArg(`${NETNS_DIR}/${vrf}`);
  // iproute2 first (the tutorial's way); busybox's ip has no netns, its nsenter does the same.
  return `ip netns exec ${quoteArg(vrf)} ip ${ipArgs} 2>/dev/null || nsenter --net=${ns} ip ${ipArgs}`;
}

export function mountOption(vrf: string): string {
  return `-v ${NETNS_DIR}/${vrf}:${NETNS_DIR}/${vrf}`;
}

export function judgeNetworkCheck(input: {
  container: string;
  vrf: string;
  inspect: InspectFacts;
  addr: { output: string; exitStatus: number };
  route: { output: string; exitStatus: number };
  commands: string[];
}): NetworkCheck {
  const { vrf, inspect } = input;
  const ok = input.addr.exitStatus === 0;
  const interfaces = ok ? parseIpAddr(input.addr.output) : [];
  const routes = input.route.exitStatus === 0 ? parseIpRoute(input.route.output) : [];
  const own = new Set(
    [inspect.NetworkSettings?.IPAddress, ...Object.values(inspect.NetworkSettings?.Networks ?? {}).map((n) => n.IPAddress)].filter((a): a is string => !!a),
  );
  const reaches = interfaces.some((i) => i.name !== 'lo' && i.addresses.some((a) => !own.has(a.split('/')[0]!) && !a.startsWith('fe80:')));

  const missing: string[] = [];
  if (!reaches) {
    const mounted = (inspect.Mounts ?? []).some((m) => m.Destination === `${NETNS_DIR}/${vrf}` || m.Destination === NETNS_DIR);
    const caps = (inspect.HostConfig?.CapAdd ?? []).map((c) => c.toUpperCase().replace(/^CAP_/, ''));
    const capable = inspect.HostConfig?.Privileged === true || caps.includes('SYS_ADMIN') || caps.includes('ALL');
    const text = input.addr.output;
    if (!mounted || /No such file or directory|cannot open network namespace|can't open/i.test(text)) missing.push(mountOption(vrf));
    if (!capable || /Operation not permitted|setns/i.test(text)) missing.push('--cap-add SYS_ADMIN');
  }
  const error = ok ? undefined : lastLines(input.addr.output);
  return {
    container: input.container,
    vrf,
    interfaces,
    routes,
    reachesRouterNetwork: reaches,
    missing: [...new Set(missing)],
    commands: input.commands,
    ...(error ? { error } : {}),
  };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join('\n');
}
