// Readers for what vagrant prints: `vagrant port`, `vagrant port --guest N`, `vagrant ssh-config`,
// `vagrant status --machine-readable` and the forwarded-port lines of `vagrant up`. Each takes the
// text as printed (through a PTY: CRLF line ends and colour codes are fine) and never throws.
// Formats: xr-facts section 3, Vagrant's own locale strings, and fixtures/README.md.

/** Guest ports of the IOS-XRv box: 22 is the XR CLI, 57722 the XR Linux shell (sshd_operns). */
export const XR_CLI_GUEST_PORT = 22;
export const XR_SHELL_GUEST_PORT = 57722;

export interface ForwardedPort {
  guest: number;
  host: number;
  /** Only in `vagrant up` output: the VirtualBox adapter number, or the host address (docker). */
  adapter?: number;
  hostIp?: string;
}

// CSI/OSC escape sequences (colours, cursor moves) and lone CRs that a PTY leaves in the text.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Text without terminal escapes, with CRLF and CR turned into LF. */
export function plainText(text: string): string {
  return text.replace(ANSI, '').replace(/\r+\n/g, '\n').replace(/\r/g, '\n');
}

/** `vagrant port <machine>`: right-aligned "    22 (guest) => 2223 (host)" lines after a notice. */
export function parsePortList(text: string): ForwardedPort[] {
  const ports: ForwardedPort[] = [];
  for (const line of plainText(text).split('\n')) {
    const m = /^\s*(\d+) \(guest\) => (\d+) \(host\)\s*$/.exec(line);
    if (m) ports.push({ guest: Number(m[1]), host: Number(m[2]) });
  }
  return ports;
}

/** `vagrant port <machine> --guest N`: just the host port on one line; null when absent. */
export function parseGuestPort(text: string): number | null {
  const lines = plainText(text).split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length !== 1) return null;
  const m = /^(\d{1,5})$/.exec(lines[0]!);
  return m ? validPort(Number(m[1])) : null;
}

export interface SshConfigEntry {
  host: string;
  hostName: string | null;
  port: number | null;
  user: string | null;
  identityFiles: string[];
  /** Every option as written (first value per key, keys lower-cased). */
  options: Record<string, string>;
}

/** `vagrant ssh-config [machine]`: one `Host` block per machine. */
export function parseSshConfig(text: string): SshConfigEntry[] {
  const entries: SshConfigEntry[] = [];
  let current: SshConfigEntry | null = null;
  for (const raw of plainText(text).split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = unquote(m[2]!.trim());
    if (key === 'host') {
      current = { host: value, hostName: null, port: null, user: null, identityFiles: [], options: {} };
      entries.push(current);
      continue;
    }
    if (!current) continue;
    if (!(key in current.options)) current.options[key] = value;
    if (key === 'hostname') current.hostName ??= value;
    else if (key === 'port') current.port ??= validPort(Number(value));
    else if (key === 'user') current.user ??= value;
    else if (key === 'identityfile') current.identityFiles.push(value);
  }
  return entries;
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

function validPort(n: number): number | null {
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : null;
}

export interface MachineReadableLine {
  timestamp: number;
  target: string;
  type: string;
  data: string[];
}

/**
 * `--machine-readable` lines: "timestamp,target,type,data...". Vagrant escapes commas inside data
 * as %!(VAGRANT_COMMA) and newlines as a literal \n.
 */
export function parseMachineReadable(text: string): MachineReadableLine[] {
  const out: MachineReadableLine[] = [];
  for (const line of plainText(text).split('\n')) {
    const parts = line.split(',');
    if (parts.length < 3 || !/^\d+$/.test(parts[0]!)) continue;
    out.push({
      timestamp: Number(parts[0]),
      target: parts[1]!,
      type: parts[2]!,
      data: parts.slice(3).map((d) => d.replace(/%!\(VAGRANT_COMMA\)/g, ',').replace(/\\n/g, '\n')),
    });
  }
  return out;
}

/** A machine's state id as Vagrant reports it: running, poweroff, saved, stopped, not_created, ... */
export interface MachineStatus {
  name: string;
  state: string;
  /** Vagrant's short human text, e.g. "not created". */
  stateHuman: string;
  provider: string;
  /** True where the machine exists in the provider (anything but not_created). */
  created: boolean;
  running: boolean;
}

/** `vagrant status --machine-readable`: every machine in the Vagrantfile, in file order. */
export function parseStatus(text: string): MachineStatus[] {
  const byName = new Map<string, MachineStatus>();
  const get = (name: string): MachineStatus => {
    let m = byName.get(name);
    if (!m) {
      m = { name, state: 'unknown', stateHuman: 'unknown', provider: '', created: false, running: false };
      byName.set(name, m);
    }
    return m;
  };
  for (const l of parseMachineReadable(text)) {
    if (l.target === '') continue;
    const m = get(l.target);
    if (l.type === 'provider-name' || (l.type === 'metadata' && l.data[0] === 'provider')) {
      m.provider = (l.type === 'provider-name' ? l.data[0] : l.data[1]) ?? m.provider;
    } else if (l.type === 'state') {
      m.state = l.data[0] ?? 'unknown';
      m.created = m.state !== 'not_created';
      m.running = m.state === 'running';
    } else if (l.type === 'state-human-short') {
      m.stateHuman = l.data[0] ?? m.stateHuman;
    }
  }
  return [...byName.values()];
}

export interface UpPortReport {
  machine: string;
  port: ForwardedPort;
}

export interface PortCollisionFix {
  machine: string;
  guest: number;
  wanted: number;
  now: number;
}

/**
 * Forwarded ports as `vagrant up` prints them: VirtualBox "rtr: 57722 (guest) => 2222 (host)
 * (adapter 1)", docker "rtr:   Port: 127.0.0.1:2200:57722", plus the collision notices
 * "rtr: Fixed port collision for 57722 => 2222. Now on port 2200.". The last word per machine and
 * guest port wins (a second `up` reprints them).
 */
export function parseUpPorts(text: string): { ports: UpPortReport[]; collisions: PortCollisionFix[] } {
  const ports = new Map<string, UpPortReport>();
  const collisions: PortCollisionFix[] = [];
  for (const line of plainText(text).split('\n')) {
    const prefixed = /^(?:==>\s+)?\s*([\w.-]+):\s+(.*)$/.exec(line.trimEnd());
    if (!prefixed) continue;
    const machine = prefixed[1]!;
    const rest = prefixed[2]!;
    let m = /^(\d+) \(guest\) => (\d+) \(host\)(?: \(adapter (\d+)\))?$/.exec(rest);
    if (m) {
      const port: ForwardedPort = { guest: Number(m[1]), host: Number(m[2]) };
      if (m[3] !== undefined) port.adapter = Number(m[3]);
      ports.set(`${machine}/${port.guest}`, { machine, port });
      continue;
    }
    m = /^Port: (?:([\d.:[\]a-fA-F]+):)?(\d+):(\d+)(?:\/(?:tcp|udp))?$/.exec(rest);
    if (m) {
      const port: ForwardedPort = { guest: Number(m[3]), host: Number(m[2]) };
      if (m[1]) port.hostIp = m[1];
      ports.set(`${machine}/${port.guest}`, { machine, port });
      continue;
    }
    m = /^Fixed port collision for (\d+) => (\d+)\. Now on port (\d+)\.$/.exec(rest);
    if (m) collisions.push({ machine, guest: Number(m[1]), wanted: Number(m[2]), now: Number(m[3]) });
  }
  return { ports: [...ports.values()], collisions };
}

export type PortSource = 'vagrant port' | 'vagrant up' | 'vagrant ssh-config';

export interface RouterPorts {
  /** Host port that reaches the XR CLI (guest 22), or null when no source told it. */
  cli: number | null;
  /** Host port that reaches the XR Linux shell (guest 57722), or null. */
  shell: number | null;
  /** Host address to connect to (127.0.0.1 unless ssh-config said otherwise). */
  host: string;
  /** Where each answer came from, for the log and the runbook. */
  sources: { cli?: PortSource; shell?: PortSource };
}

export interface RouterPortEvidence {
  /** `vagrant port rtr` output, where the provider supports it. */
  portList?: string;
  /** `vagrant up` output of this run. */
  upOutput?: string;
  /** `vagrant ssh-config rtr` output: its Port is the guest port config.ssh.guest_port names. */
  sshConfig?: string;
  /** Guest port the router's ssh-config points at (the box sets 57722). */
  sshGuestPort?: number;
  machine?: string;
}

/**
 * The router's two host ports from whatever Vagrant told us, best source first: `vagrant port`,
 * then the ports `vagrant up` printed, then ssh-config (which only knows the ssh guest port).
 */
export function routerPortsFrom(e: RouterPortEvidence): RouterPorts {
  const machine = e.machine ?? 'rtr';
  const result: RouterPorts = { cli: null, shell: null, host: '127.0.0.1', sources: {} };
  const take = (guest: number, host: number, source: PortSource): void => {
    if (guest === XR_CLI_GUEST_PORT && result.cli === null) {
      result.cli = host;
      result.sources.cli = source;
    } else if (guest === XR_SHELL_GUEST_PORT && result.shell === null) {
      result.shell = host;
      result.sources.shell = source;
    }
  };
  if (e.portList) for (const p of parsePortList(e.portList)) take(p.guest, p.host, 'vagrant port');
  if (e.upOutput) {
    for (const r of parseUpPorts(e.upOutput).ports) if (r.machine === machine) take(r.port.guest, r.port.host, 'vagrant up');
  }
  if (e.sshConfig) {
    const entries = parseSshConfig(e.sshConfig);
    const entry = entries.find((x) => x.host === machine) ?? (entries.length === 1 ? entries[0] : undefined);
    if (entry?.port != null) {
      take(e.sshGuestPort ?? XR_SHELL_GUEST_PORT, entry.port, 'vagrant ssh-config');
      if (entry.hostName && entry.hostName !== '127.0.0.1' && entry.hostName !== 'localhost') result.host = entry.hostName;
    }
  }
  return result;
}

/** `vagrant port` on a provider that cannot list ports (docker): the fall-back is ssh-config. */
export function portListUnsupported(text: string): boolean {
  return /does not support listing forwarded ports/.test(plainText(text));
}
