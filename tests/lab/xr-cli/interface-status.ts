// The interfaces the emulated router has and their state, read from the running config, and
// the two views clients ask for: `show ipv4 interface brief` and `show interfaces [name]`.
// State follows config only: a port that is not shut down is up (the lab has no cables to pull).
import { createHash } from 'node:crypto';
import type { ConfigNode } from './running-config.js';
import { interfaceRank, isLoopback } from './xr-interface-names.js';
import type { PlatformInfo } from './xr-platform.js';

export interface InterfaceState {
  name: string;
  shutdown: boolean;
  /** `ipv4 address A M` as configured. */
  ipv4?: { address: string; mask: string };
  description?: string;
}

function prefixLength(mask: string): number {
  return mask.split('.').reduce((n, octet) => n + (Number(octet) >>> 0).toString(2).replace(/0/g, '').length, 0);
}

function compare(a: string, b: string): number {
  const d = interfaceRank(a) - interfaceRank(b);
  return d !== 0 ? d : a.localeCompare(b, 'en', { numeric: true });
}

/** Every interface that exists: the Mgmt port and physical ports always, Loopbacks once configured. */
export function interfaceStates(tree: ConfigNode[], info: PlatformInfo): InterfaceState[] {
  const configured = new Map<string, ConfigNode>();
  for (const n of tree) if (n.line.startsWith('interface ')) configured.set(n.line.slice('interface '.length), n);
  const names = new Set([info.mgmtInterface, ...info.physicalInterfaces, ...[...configured.keys()].filter(isLoopback)]);
  return [...names].sort(compare).map((name) => {
    const children = configured.get(name)?.children ?? [];
    const state: InterfaceState = { name, shutdown: children.some((c) => c.line === 'shutdown') };
    const ip = children.find((c) => c.line.startsWith('ipv4 address '))?.line.split(' ');
    if (ip) state.ipv4 = { address: ip[2]!, mask: ip[3]! };
    const d = children.find((c) => c.line.startsWith('description '));
    if (d) state.description = d.line.slice('description '.length);
    return state;
  });
}

/** XR's `show ipv4 interface brief` table (a blank line, then fixed columns). */
export function renderIpv4Brief(states: InterfaceState[]): string[] {
  const row = (i: string, ip: string, st: string, proto: string, vrf: string): string =>
    `${i.padEnd(30)} ${ip.padEnd(15)} ${st.padEnd(15)} ${proto.padEnd(8)} ${vrf}`;
  return [
    '',
    row('Interface', 'IP-Address', 'Status', 'Protocol', 'Vrf-Name'),
    ...states.map((s) =>
      row(s.name, s.ipv4?.address ?? 'unassigned', s.shutdown ? 'Shutdown' : 'Up', s.shutdown ? 'Down' : 'Up', 'default'),
    ),
  ];
}

/** A stable, locally administered MAC per router and port, in XR's dotted form. */
function macFor(seed: string, name: string): string {
  const h = createHash('sha256').update(`${seed}/${name}`).digest();
  const b = [0x52, 0x54, 0x00, h[0]!, h[1]!, h[2]!].map((x) => x.toString(16).padStart(2, '0'));
  return `${b[0]}${b[1]}.${b[2]}${b[3]}.${b[4]}${b[5]}`;
}

/** One interface as `show interfaces <name>` prints it (counters are those of an idle lab port). */
export function renderInterfaceDetail(s: InterfaceState, seed: string): string[] {
  const state = s.shutdown ? 'administratively down' : 'up';
  const loop = isLoopback(s.name);
  const mgmt = s.name.startsWith('MgmtEth');
  const out = [`${s.name} is ${state}, line protocol is ${state}`, `  Interface state transitions: ${s.shutdown ? 0 : 1}`];
  if (loop) out.push('  Hardware is Loopback interface(s)');
  else {
    const mac = macFor(seed, s.name);
    out.push(`  Hardware is ${mgmt ? 'Management Ethernet' : 'GigabitEthernet'}, address is ${mac} (bia ${mac})`);
  }
  if (s.description !== undefined) out.push(`  Description: ${s.description}`);
  out.push(`  Internet address is ${s.ipv4 ? `${s.ipv4.address}/${prefixLength(s.ipv4.mask)}` : 'Unknown'}`);
  if (loop) {
    out.push(
      '  MTU 1500 bytes, BW 0 Kbit',
      '     reliability Unknown, txload Unknown, rxload Unknown',
      '  Encapsulation Loopback,  loopback not set,',
      '  Last input Unknown, output Unknown',
      '  Last clearing of "show interface" counters Unknown',
      '  Input/output data rate is disabled.',
    );
    return out;
  }
  out.push(
    '  MTU 1514 bytes, BW 1000000 Kbit (Max: 1000000 Kbit)',
    '     reliability 255/255, txload 0/255, rxload 0/255',
    '  Encapsulation ARPA,',
    `  ${s.shutdown ? 'Duplex unknown, 1000Mb/s' : 'Full-duplex, 1000Mb/s'}, link type is autonegotiation`,
    '  output flow control is off, input flow control is off',
    '  loopback not set,',
    ...(s.shutdown ? [] : ['  ARP type ARPA, ARP timeout 04:00:00']),
    '  Last input never, output never',
    '  Last clearing of "show interface" counters never',
    '  5 minute input rate 0 bits/sec, 0 packets/sec',
    '  5 minute output rate 0 bits/sec, 0 packets/sec',
    '     0 packets input, 0 bytes, 0 total input drops',
    '     0 drops for unrecognized upper-level protocol',
    '     Received 0 broadcast packets, 0 multicast packets',
    '              0 runts, 0 giants, 0 throttles, 0 parity',
    '     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort',
    '     0 packets output, 0 bytes, 0 total output drops',
    '     Output 0 broadcast packets, 0 multicast packets',
    '     0 output errors, 0 underruns, 0 applique, 0 resets',
    '     0 output buffer failures, 0 output buffers swapped out',
    `     ${s.shutdown ? 0 : 1} carrier transitions`,
  );
  return out;
}
