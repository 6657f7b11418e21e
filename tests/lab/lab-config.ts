// What a lab host is: the one record (lab.json in its lab dir) that the CLI, the API, the
// supervisor and the clean-up all read. Also the naming rules that keep everything we create
// under the `xrcl` prefix, so stale leftovers can always be found again.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type LabPlatform = 'vagrant' | 'ncs5500' | 'asr9k';
export type LabRole = 'router' | 'devbox';

export const LAB_PREFIX = 'xrcl';
export const BRIDGE = 'xrclbr0';
export const HOST_ADDRESS = '198.18.0.1';
export const LINK_PREFIX_LEN = 24;
export const XR_SHELL_PORT = 57722;
// Lab indexes become 198.18.0.<n> and the router's docker bridge 198.19.<n>.1/24; networks the
// user creates on the router come from 198.19.<n+128>.0/24, hence the upper bound.
export const MIN_INDEX = 2;
export const MAX_INDEX = 127;

export interface Credentials {
  user: string;
  password: string;
}

export interface LabConfig {
  name: string;
  role: LabRole;
  platform: LabPlatform;
  /** Linux host name (UTS namespace), e.g. xr-vm_node0_RP0_CPU0, ncs5508, devbox. */
  hostname: string;
  /** XR CLI host name (prompt), e.g. ios; empty for a devbox. */
  cliHostname: string;
  index: number;
  hostAddress: string;
  labAddress: string;
  /** Name of the lab host's end of the veth pair, inside its namespace. */
  interface: string;
  netns: string;
  /** Host end of the veth pair. */
  hostVeth: string;
  diskMb: number;
  /** XR CLI login (routers). */
  cli: Credentials;
  /** Linux user created at start (vagrant platform and devbox), else null. */
  linuxUser: Credentials | null;
  labDir: string;
  repoRoot: string;
  createdAt: string;
}

/** Live facts the up process records once the supervisor is running. */
export interface LabRuntime {
  supervisorPid: number;
  /** Inode of the supervisor's mount namespace (nsfs), to find leftovers after a crash. */
  mntNs: string;
  netNs: string;
}

export type LabRecord = LabConfig & { runtime?: LabRuntime };

export function labRoot(): string {
  return process.env.XRCL_LAB_DIR || '/tmp/xrcl-lab';
}

export function labDirOf(name: string): string {
  return join(labRoot(), name);
}

export function netnsOf(name: string): string {
  return `${LAB_PREFIX}-${name}`;
}

/** cgroup parent handed to the lab's dockerd; the clean-up looks for directories of this name. */
export function cgroupNameOf(name: string): string {
  return `${LAB_PREFIX}-${name}`;
}

// Names end up in netns names, cgroup names and paths: keep them short and plain.
const NAME_RE = /^[a-z0-9][a-z0-9-]{0,19}$/;

export function validateName(name: string): void {
  if (!NAME_RE.test(name)) {
    throw new Error(
      `Invalid lab name '${name}': use 1-20 lower-case letters, digits or '-', starting with a letter or digit.`,
    );
  }
}

export function linuxHostnameFor(role: LabRole, platform: LabPlatform): string {
  if (role === 'devbox') return 'devbox';
  return { vagrant: 'xr-vm_node0_RP0_CPU0', ncs5500: 'ncs5508', asr9k: 'asr9k' }[platform];
}

export function cliHostnameFor(role: LabRole, platform: LabPlatform): string {
  if (role === 'devbox') return '';
  return { vagrant: 'ios', ncs5500: 'ncs5508', asr9k: 'asr9k' }[platform];
}

export function recordPath(labDir: string): string {
  return join(labDir, 'lab.json');
}

export function readRecord(labDir: string): LabRecord | null {
  try {
    return JSON.parse(readFileSync(recordPath(labDir), 'utf8')) as LabRecord;
  } catch {
    return null;
  }
}

export function writeRecord(rec: LabRecord): void {
  mkdirSync(rec.labDir, { recursive: true });
  writeFileSync(recordPath(rec.labDir), JSON.stringify(rec, null, 2) + '\n');
}

/** Every lab dir under the lab root (with or without a readable record). */
export function listLabDirs(): string[] {
  const root = labRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => join(root, d.name));
}
