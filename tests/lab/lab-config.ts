// What a lab host is: the one record (lab.json in its lab dir) that the CLI, the API, the
// supervisor and the clean-up all read. Also the naming rules that keep everything we create
// under the `xrcl` prefix, so stale leftovers can always be found again.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

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

/** Where lab state lives: root-only (see lab-state.ts, which checks it before any use). */
export const DEFAULT_LAB_ROOT = '/run/xrcl-lab';

export function labRoot(): string {
  return resolve(process.env.XRCL_LAB_DIR || DEFAULT_LAB_ROOT);
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

export function isValidName(name: string): boolean {
  return NAME_RE.test(name);
}

export function hostVethOf(index: number): string {
  return `${LAB_PREFIX}v${index}`;
}

/**
 * Why a record read from disk may not be acted on (null when it is sound): every name in it
 * must follow the naming rules above and match the directory it was found in, so a record
 * cannot point the clean-up at someone else's namespace, link, directory or process.
 */
export function recordProblem(rec: unknown, labDir: string): string | null {
  if (typeof rec !== 'object' || rec === null) return 'not a JSON object';
  const r = rec as Partial<LabRecord>;
  const dirName = basename(labDir);
  if (typeof r.name !== 'string' || !isValidName(r.name)) return `invalid name ${JSON.stringify(r.name)}`;
  if (r.name !== dirName) return `name '${r.name}' does not match its directory '${dirName}'`;
  if (r.labDir !== join(labRoot(), r.name)) return `labDir ${JSON.stringify(r.labDir)} is not ${join(labRoot(), r.name)}`;
  if (r.netns !== netnsOf(r.name)) return `netns ${JSON.stringify(r.netns)} is not ${netnsOf(r.name)}`;
  if (!Number.isInteger(r.index) || (r.index as number) < MIN_INDEX || (r.index as number) > MAX_INDEX) return `invalid index ${JSON.stringify(r.index)}`;
  if (r.hostVeth !== hostVethOf(r.index as number)) return `hostVeth ${JSON.stringify(r.hostVeth)} is not ${hostVethOf(r.index as number)}`;
  if (r.role !== 'router' && r.role !== 'devbox') return `invalid role ${JSON.stringify(r.role)}`;
  if (r.platform !== 'vagrant' && r.platform !== 'ncs5500' && r.platform !== 'asr9k') return `invalid platform ${JSON.stringify(r.platform)}`;
  if (r.runtime !== undefined) {
    const rt = r.runtime as Partial<LabRuntime> | null;
    if (typeof rt !== 'object' || rt === null) return 'invalid runtime';
    if (!Number.isInteger(rt.supervisorPid) || (rt.supervisorPid as number) <= 1) return `invalid supervisorPid ${JSON.stringify(rt.supervisorPid)}`;
    for (const k of ['mntNs', 'netNs'] as const) {
      if (typeof rt[k] !== 'string' || !/^\d*$/.test(rt[k])) return `invalid ${k} ${JSON.stringify(rt[k])}`;
    }
  }
  return null;
}

/** The record in labDir, or null when there is none or it fails recordProblem (a regular file only). */
export function readRecord(labDir: string): LabRecord | null {
  try {
    if (!lstatSync(recordPath(labDir)).isFile()) return null;
    const rec = JSON.parse(readFileSync(recordPath(labDir), 'utf8')) as unknown;
    return recordProblem(rec, labDir) === null ? (rec as LabRecord) : null;
  } catch {
    return null;
  }
}

export function writeRecord(rec: LabRecord): void {
  mkdirSync(rec.labDir, { recursive: true, mode: 0o700 });
  writeFileSync(recordPath(rec.labDir), JSON.stringify(rec, null, 2) + '\n');
}

/**
 * Every lab dir under the lab root (with or without a readable record). Only real directories
 * (not symlinks) whose name is a valid lab name: anything else is never acted on.
 */
export function listLabDirs(): string[] {
  const root = labRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isValidName(d.name))
    .map((d) => join(root, d.name));
}
