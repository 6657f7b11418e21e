// `ip addr` and `ip route` as printed inside a container (iproute2 or busybox, which print the
// same shapes), read into interfaces with their addresses and routes.
import type { NetworkInterface, NetworkRoute } from '../../../src-shared/types/containers';

const LINK = /^\d+:\s+([^:@\s]+)(?:@[^:\s]+)?:\s+</;
const ADDR = /^\s+inet6?\s+(\S+)/;

export function parseIpAddr(output: string): NetworkInterface[] {
  const out: NetworkInterface[] = [];
  let current: NetworkInterface | null = null;
  for (const line of output.split('\n')) {
    const link = LINK.exec(line);
    if (link) {
      current = { name: link[1]!, addresses: [] };
      out.push(current);
      continue;
    }
    const addr = ADDR.exec(line);
    if (addr && current) current.addresses.push(addr[1]!);
  }
  return out;
}

export function parseIpRoute(output: string): NetworkRoute[] {
  const out: NetworkRoute[] = [];
  for (const line of output.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (!words[0] || !/^(?:default|[0-9a-f.:]+(?:\/\d+)?)$/i.test(words[0])) continue;
    const route: NetworkRoute = { destination: words[0] };
    for (const key of ['via', 'dev', 'src'] as const) {
      const i = words.indexOf(key);
      if (i >= 0 && words[i + 1]) route[key] = words[i + 1]!;
    }
    out.push(route);
  }
  return out;
}
