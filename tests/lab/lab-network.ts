// The lab link: one host bridge (198.18.0.1/24) that every lab host joins with a veth pair.
// The lab host's end lives in its own network namespace, named like XR's management port.
// There is no default route anywhere in the lab, so nothing leaves this machine.
import { existsSync } from 'node:fs';
import { BRIDGE, HOST_ADDRESS, LAB_PREFIX, LINK_PREFIX_LEN } from './lab-config.js';
import { runOkSync, runSync } from './run-command.js';

const FORWARD_RULE = ['FORWARD', '-i', BRIDGE, '-o', BRIDGE, '-m', 'comment', '--comment', 'xrcl-lab', '-j', 'ACCEPT'];
// Even if someone adds a default route inside a lab host (the tutorial does, on real routers),
// this machine must not forward lab traffic anywhere else.
const NO_EXIT_RULE = ['FORWARD', '-i', BRIDGE, '!', '-o', BRIDGE, '-m', 'comment', '--comment', 'xrcl-lab', '-j', 'DROP'];

function linkExists(name: string, netns?: string): boolean {
  const args = netns ? ['-n', netns, 'link', 'show', name] : ['link', 'show', name];
  return runSync('ip', args).code === 0;
}

export function ensureBridge(): void {
  if (!linkExists(BRIDGE)) {
    runOkSync('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
    runOkSync('ip', ['addr', 'add', `${HOST_ADDRESS}/${LINK_PREFIX_LEN}`, 'dev', BRIDGE]);
  }
  runOkSync('ip', ['link', 'set', BRIDGE, 'up']);
  // Once br_netfilter is loaded (any dockerd loads it, ours too), bridged frames go through
  // the host's FORWARD chain, which a host dockerd or firewall sets to DROP: that would cut
  // router <-> devbox traffic on our bridge. Let our own bridge's frames through.
  for (const rule of [NO_EXIT_RULE, FORWARD_RULE]) {
    if (runSync('iptables', ['-C', ...rule]).code === 1) runOkSync('iptables', ['-I', 'FORWARD', '1', ...rule.slice(1)]);
  }
}

/** null when iptables cannot be asked at all. */
export function forwardRulePresent(): boolean | null {
  const codes = [FORWARD_RULE, NO_EXIT_RULE].map((rule) => runSync('iptables', ['-C', ...rule]).code);
  if (codes.includes(0)) return true;
  return codes.every((c) => c === 1) ? false : null;
}

export function removeBridge(): void {
  if (linkExists(BRIDGE)) runSync('ip', ['link', 'del', BRIDGE]);
  for (const rule of [FORWARD_RULE, NO_EXIT_RULE]) {
    while (runSync('iptables', ['-C', ...rule]).code === 0) {
      if (runSync('iptables', ['-D', ...rule]).code !== 0) break;
    }
  }
}

export function bridgeExists(): boolean {
  return linkExists(BRIDGE);
}

export interface HostLink {
  netns: string;
  hostVeth: string;
  /** Interface name inside the namespace, e.g. Mg0_RP0_CPU0_0 or eth0. */
  interface: string;
  address: string;
}

/** Creates the namespace and plugs it into the bridge. Leaves nothing behind on failure. */
export function createHostLink(link: HostLink): void {
  ensureBridge();
  const peerTmp = `${link.hostVeth}p`;
  try {
    runOkSync('ip', ['netns', 'add', link.netns]);
    runOkSync('ip', ['link', 'add', link.hostVeth, 'type', 'veth', 'peer', 'name', peerTmp]);
    runOkSync('ip', ['link', 'set', link.hostVeth, 'master', BRIDGE, 'up']);
    runOkSync('ip', ['link', 'set', peerTmp, 'netns', link.netns]);
    const n = ['-n', link.netns];
    runOkSync('ip', [...n, 'link', 'set', peerTmp, 'name', link.interface]);
    runOkSync('ip', [...n, 'addr', 'add', `${link.address}/${LINK_PREFIX_LEN}`, 'dev', link.interface]);
    // Addresses are reused after a lab goes down: announce the new MAC when the link comes up
    // (gratuitous ARP) so other lab hosts do not keep talking to the old one, and forget it here.
    runOkSync('nsenter', [`--net=/run/netns/${link.netns}`, 'sh', '-c', `echo 1 > /proc/sys/net/ipv4/conf/${link.interface}/arp_notify`]);
    runSync('ip', ['neigh', 'flush', 'to', link.address, 'dev', BRIDGE]);
    runOkSync('ip', [...n, 'link', 'set', link.interface, 'up']);
    runOkSync('ip', [...n, 'link', 'set', 'lo', 'up']);
  } catch (e) {
    removeHostLink(link.netns, link.hostVeth);
    throw e;
  }
}

export function removeHostLink(netns: string, hostVeth: string): void {
  if (existsSync(`/run/netns/${netns}`)) runSync('ip', ['netns', 'del', netns]);
  // Deleting the namespace destroys the peer and with it the host end; this covers a
  // half-made pair whose peer never moved.
  if (linkExists(hostVeth)) runSync('ip', ['link', 'del', hostVeth]);
}

/** Lab namespaces that exist on this machine (ours carry the xrcl- prefix). */
export function listLabNetns(): string[] {
  const r = runSync('ip', ['netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(`${LAB_PREFIX}-`));
}

/** Host-side veths we made (xrclv<N>). */
export function listLabVeths(): string[] {
  const r = runSync('ip', ['-o', 'link', 'show']);
  const out: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)/.exec(line);
    if (m?.[1] && m[1].startsWith(`${LAB_PREFIX}v`)) out.push(m[1]);
  }
  return out;
}
