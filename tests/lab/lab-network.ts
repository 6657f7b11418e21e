// The lab link: one host bridge (198.18.0.1/24) that every lab host joins with a veth pair.
// The lab host's end lives in its own network namespace, named like XR's management port.
// There is no default route anywhere in the lab, so nothing leaves this machine. Firewall
// rules (iptables and ip6tables) keep lab traffic on the bridge and let only root and the
// user who ran sudo open connections to lab hosts.
import { existsSync } from 'node:fs';
import { BRIDGE, HOST_ADDRESS, LAB_PREFIX, LINK_PREFIX_LEN } from './lab-config.js';
import { runOkSync, runSync } from './run-command.js';

function linkExists(name: string, netns?: string): boolean {
  const args = netns ? ['-n', netns, 'link', 'show', name] : ['link', 'show', name];
  return runSync('ip', args).code === 0;
}

type Tables = 'iptables' | 'ip6tables';
const TABLES: Tables[] = ['iptables', 'ip6tables'];
const COMMENT = ['-m', 'comment', '--comment', 'xrcl-lab'];

const FORWARD_RULE = ['FORWARD', '-i', BRIDGE, '-o', BRIDGE, ...COMMENT, '-j', 'ACCEPT'];
// Even if someone adds a default route inside a lab host (the tutorial does, on real routers),
// this machine must not forward lab traffic anywhere else, nor anything from elsewhere into the lab.
const NO_EXIT_RULE = ['FORWARD', '-i', BRIDGE, '!', '-o', BRIDGE, ...COMMENT, '-j', 'DROP'];
const NO_ENTRY_RULE = ['FORWARD', '!', '-i', BRIDGE, '-o', BRIDGE, ...COMMENT, '-j', 'DROP'];
const FORWARD_RULES = [NO_EXIT_RULE, NO_ENTRY_RULE, FORWARD_RULE];

// Who on this machine may open connections to lab hosts: root, and the user who ran sudo.
// Every other local user is rejected on the lab bridge (IPv4 and IPv6 alike), so the fixed
// lab credentials give them nothing. The rules live in a chain of their own, jumped to from OUTPUT.
export const OUTPUT_CHAIN = 'XRCL-LAB-OUT';
const OUTPUT_JUMP = ['OUTPUT', '-o', BRIDGE, ...COMMENT, '-j', OUTPUT_CHAIN];

/** The uids allowed to reach lab hosts: root, and SUDO_UID when set. */
export function allowedUids(): number[] {
  const uids = [0];
  const sudo = Number(process.env.SUDO_UID);
  if (Number.isInteger(sudo) && sudo > 0) uids.push(sudo);
  return uids;
}

function fwFail(t: Tables, args: string[], r: { code: number; stdout: string; stderr: string }): Error {
  return new Error(
    `Could not install the lab firewall rule \`${t} ${args.join(' ')}\` (exit ${r.code}): ${(r.stderr || r.stdout).trim()}. ` +
      `The lab does not start without it (it keeps other users of this machine out of the lab).`,
  );
}

/** Adds rule unless present (at `position`, else at the end); any failure throws. */
function ensureRule(t: Tables, rule: string[], position?: number): void {
  const check = runSync(t, ['-C', ...rule]);
  if (check.code === 0) return;
  if (check.code !== 1) throw fwFail(t, ['-C', ...rule], check);
  const args = position === undefined ? ['-A', ...rule] : ['-I', rule[0] as string, String(position), ...rule.slice(1)];
  const r = runSync(t, args);
  if (r.code !== 0) throw fwFail(t, args, r);
}

// Idempotent and safe for parallel `up`s: ACCEPT rules always go in at the top, the REJECTs at
// the end, so whatever the interleaving nothing allowed ever sits behind a REJECT.
//
// No blanket ESTABLISHED accept: a server another user runs on this machine must not answer
// lab hosts either (they would pull its images). What the kernel sends by itself passes:
// packets of no socket or of a closed one (the last data and FIN after close(); a connection
// only gets that far once its handshake passed these rules), TCP resets, and ICMP other than
// echo requests (errors, echo replies, IPv6 neighbour discovery and MLD come from kernel
// sockets, which have no owner to match); users cannot send those (raw sockets need root), and
// an echo request is all an unprivileged ping socket sends.
function installOutputChain(t: Tables): void {
  if (runSync(t, ['-S', OUTPUT_CHAIN]).code !== 0) {
    const r = runSync(t, ['-N', OUTPUT_CHAIN]);
    if (r.code !== 0 && runSync(t, ['-S', OUTPUT_CHAIN]).code !== 0) throw fwFail(t, ['-N', OUTPUT_CHAIN], r);
  }
  const reject = t === 'iptables' ? 'icmp-admin-prohibited' : 'icmp6-adm-prohibited';
  // TCP gets a reset, so a refused connect fails at once (IPv6 treats the ICMP as a soft error).
  ensureRule(t, [OUTPUT_CHAIN, '-p', 'tcp', ...COMMENT, '-j', 'REJECT', '--reject-with', 'tcp-reset']);
  ensureRule(t, [OUTPUT_CHAIN, ...COMMENT, '-j', 'REJECT', '--reject-with', reject]);
  for (const uid of allowedUids()) ensureRule(t, [OUTPUT_CHAIN, '-m', 'owner', '--uid-owner', String(uid), ...COMMENT, '-j', 'ACCEPT'], 1);
  ensureRule(t, [OUTPUT_CHAIN, '-p', 'tcp', '--tcp-flags', 'RST', 'RST', ...COMMENT, '-j', 'ACCEPT'], 1);
  ensureRule(t, [OUTPUT_CHAIN, '-m', 'owner', '!', '--socket-exists', ...COMMENT, '-j', 'ACCEPT'], 1);
  const icmp = t === 'iptables' ? ['-p', 'icmp', '!', '--icmp-type', 'echo-request'] : ['-p', 'ipv6-icmp', '!', '--icmpv6-type', 'echo-request'];
  ensureRule(t, [OUTPUT_CHAIN, ...icmp, ...COMMENT, '-j', 'ACCEPT'], 1);
  ensureRule(t, OUTPUT_JUMP, 1);
}

export function ensureBridge(): void {
  if (!linkExists(BRIDGE)) {
    runOkSync('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
    runOkSync('ip', ['addr', 'add', `${HOST_ADDRESS}/${LINK_PREFIX_LEN}`, 'dev', BRIDGE]);
  }
  runOkSync('ip', ['link', 'set', BRIDGE, 'up']);
  for (const t of TABLES) {
    // Once br_netfilter is loaded (any dockerd loads it, ours too), bridged frames go through
    // the host's FORWARD chain, which a host dockerd or firewall sets to DROP: that would cut
    // router <-> devbox traffic on our bridge. Let our own bridge's frames through.
    for (const rule of FORWARD_RULES) ensureRule(t, rule, 1);
    installOutputChain(t);
  }
}

/** Which of our firewall rules exist, per table ([] when none); null when a table cannot be asked. */
export function firewallRulesPresent(): string[] | null {
  const out: string[] = [];
  for (const t of TABLES) {
    const chain = runSync(t, ['-S', OUTPUT_CHAIN]).code === 0;
    // A jump to a chain that does not exist cannot be asked about (exit 2): it is not there.
    for (const rule of chain ? [...FORWARD_RULES, OUTPUT_JUMP] : FORWARD_RULES) {
      const c = runSync(t, ['-C', ...rule]).code;
      if (c === 0) out.push(`${t} ${rule.join(' ')}`);
      else if (c !== 1) return null;
    }
    if (chain) out.push(`${t} chain ${OUTPUT_CHAIN}`);
  }
  return out;
}

/** null when iptables cannot be asked at all. */
export function forwardRulePresent(): boolean | null {
  const r = firewallRulesPresent();
  return r === null ? null : r.length > 0;
}

export function removeBridge(): void {
  if (linkExists(BRIDGE)) runSync('ip', ['link', 'del', BRIDGE]);
  for (const t of TABLES) {
    for (const rule of [...FORWARD_RULES, OUTPUT_JUMP]) {
      while (runSync(t, ['-C', ...rule]).code === 0) {
        if (runSync(t, ['-D', ...rule]).code !== 0) break;
      }
    }
    if (runSync(t, ['-S', OUTPUT_CHAIN]).code === 0) {
      runSync(t, ['-F', OUTPUT_CHAIN]);
      runSync(t, ['-X', OUTPUT_CHAIN]);
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
