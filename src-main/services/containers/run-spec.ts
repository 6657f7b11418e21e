// A `docker run` for IOS-XR, checked before anything runs and rendered to the exact command a
// user would type in the router's root shell, every argument quoted. The defaults are the
// tutorial's: the global-vrf namespace mounted and SYS_ADMIN, so `ip netns exec global-vrf`
// works inside.
import { AppError } from '../../../src-shared/errors';
import { containerCapabilities, restartPolicies, type RunPreview, type RunSpec } from '../../../src-shared/types/containers';
import type { TargetPlatform } from '../../../src-shared/types/targets';
import { formatCommand } from '../exec/shell-quote';
import { parseImageReference } from '../images/image-reference';
import { platformLimits } from './platform-limits';

/** Docker's own container-name grammar. */
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const SHELL_META = /[\s;&|$`'"<>()\\*?!{}[\]#~]/;
/** Namespace names under /var/run/netns (VRF names on XR). */
const NETNS_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const IMAGE_ID = /^(?:sha256:)?[0-9a-f]{12,64}$/;
const SIZE = /^([0-9]+(?:\.[0-9]+)?)([bkmg]?)$/i;
const PATH = /^\/[A-Za-z0-9._/@+-]*$/;
export const NETNS_DIR = '/var/run/netns';
export const DEFAULT_VRF = 'global-vrf';

type Problem = RunPreview['problems'][number];

/** Throws BAD_INPUT when the name is not one docker accepts, naming shell metacharacters. */
export function checkContainerName(name: string): string {
  const problem = containerNameProblem(name);
  if (problem) throw new AppError(problem, { code: 'BAD_INPUT', fix: 'Use letters, digits and . _ - (starting with a letter or digit), at least two characters, e.g. my-app.' });
  return name;
}

export function containerNameProblem(name: string): string | null {
  if (!name) return 'Give the container a name.';
  if (SHELL_META.test(name)) {
    const bad = [...new Set([...name].filter((c) => SHELL_META.test(c)))].map((c) => (c.trim() ? c : 'white space')).join(' ');
    return `"${name}" is not a container name: it holds shell characters (${bad}).`;
  }
  if (name.length > 128) return 'A container name is at most 128 characters.';
  if (!CONTAINER_NAME.test(name)) return `"${name}" is not a container name docker accepts ([a-zA-Z0-9][a-zA-Z0-9_.-]+).`;
  return null;
}

export function imageProblem(image: string): string | null {
  if (!image) return 'Choose an image from the router.';
  if (IMAGE_ID.test(image)) return null;
  try {
    parseImageReference(image);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Docker's size form (512m, 1g, 1.5g) in bytes, or null when it is not one. */
export function sizeInBytes(text: string): number | null {
  const m = SIZE.exec(text);
  if (!m) return null;
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

/** Every problem with the spec on this platform; empty when it can run. */
export function runSpecProblems(spec: RunSpec, platform: TargetPlatform): Problem[] {
  const out: Problem[] = [];
  const limits = platformLimits(platform);
  const image = imageProblem(spec.image);
  if (image) out.push({ field: 'image', message: image });
  const name = containerNameProblem(spec.name);
  if (name) out.push({ field: 'name', message: name });
  for (const arg of spec.command ?? []) {
    if (arg.includes('\0')) out.push({ field: 'command', message: 'The command may not hold NUL characters.' });
  }
  for (const vrf of spec.vrfs ?? [DEFAULT_VRF]) {
    if (!NETNS_NAME.test(vrf)) out.push({ field: 'vrfs', message: `"${vrf}" is not a namespace name (letters, digits, . _ -).` });
  }
  for (const cap of spec.capabilities ?? ['SYS_ADMIN']) {
    if (!(containerCapabilities as readonly string[]).includes(cap)) out.push({ field: 'capabilities', message: `${cap} is not one of ${containerCapabilities.join(', ')}.` });
  }
  if (spec.restart !== undefined && !(restartPolicies as readonly string[]).includes(spec.restart)) {
    out.push({ field: 'restart', message: `Restart policy is one of ${restartPolicies.join(', ')}.` });
  }
  if (spec.memory !== undefined) {
    const bytes = sizeInBytes(spec.memory);
    if (bytes === null || bytes < 6 * 1024 * 1024) out.push({ field: 'memory', message: `"${spec.memory}" is not a memory size docker accepts (at least 6m; e.g. 256m, 1g).` });
    else if (limits.memoryCapBytes !== null && bytes > limits.memoryCapBytes) {
      out.push({ field: 'memory', message: `${spec.memory} is above this platform's cap of ${limits.memoryCapText} for all containers together.` });
    }
  }
  if (spec.cpus !== undefined && !(Number.isFinite(spec.cpus) && spec.cpus > 0 && spec.cpus <= 64)) {
    out.push({ field: 'cpus', message: 'CPUs is a number above 0, e.g. 0.5 or 1.' });
  }
  for (const m of spec.mounts ?? []) {
    const where = `${m.source}:${m.destination}`;
    if (!PATH.test(m.source) || !PATH.test(m.destination) || [m.source, m.destination].some((p) => p.split('/').includes('..'))) {
      out.push({ field: 'mounts', message: `${where}: both paths must be absolute, without .. or shell characters.` });
    } else if (limits.mountRoot && m.source !== limits.mountRoot && !m.source.startsWith(`${limits.mountRoot}/`)) {
      out.push({ field: 'mounts', message: `${m.source} is not visible to the router's docker daemon: on this platform it runs in the host layer, which sees only ${limits.mountRoot}. Copy the files under ${limits.mountRoot} and mount from there.` });
    }
  }
  return out;
}

/** The argv after `docker`: `run -itd --name … IMAGE CMD…`. Call only on a spec without problems. */
export function runArgs(spec: RunSpec): string[] {
  const args = ['run', '-itd', '--name', spec.name];
  for (const vrf of spec.vrfs ?? [DEFAULT_VRF]) args.push('-v', `${NETNS_DIR}/${vrf}:${NETNS_DIR}/${vrf}`);
  for (const cap of spec.capabilities ?? ['SYS_ADMIN']) args.push('--cap-add', cap);
  if (spec.restart && spec.restart !== 'no') args.push('--restart', spec.restart);
  if (spec.memory) args.push('--memory', spec.memory.toLowerCase());
  if (spec.cpus !== undefined) args.push('--cpus', String(spec.cpus));
  for (const m of spec.mounts ?? []) args.push('-v', `${m.source}:${m.destination}${m.readOnly ? ':ro' : ''}`);
  args.push(spec.image, ...(spec.command ?? []));
  return args;
}

/** The exact command line, every argument quoted for the router's shell. */
export function renderRun(spec: RunSpec): string {
  return formatCommand('docker', runArgs(spec), 'posix');
}

/** Checks, then renders; throws BAD_INPUT listing every problem. */
export function checkedRunCommand(spec: RunSpec, platform: TargetPlatform): string {
  const problems = runSpecProblems(spec, platform);
  if (problems.length) {
    throw new AppError(`The container cannot be run as asked: ${problems.map((p) => p.message).join(' ')}`, {
      code: 'BAD_INPUT',
      fix: 'Correct the fields named above; nothing was run on the router.',
    });
  }
  return renderRun(spec);
}

/** Parses SRC:DEST[:ro] as typed on the command line. */
export function parseMount(text: string): { source: string; destination: string; readOnly?: boolean } {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && parts[2] !== 'ro')) {
    throw new AppError(`"${text}" is not a bind mount: write SRC:DEST or SRC:DEST:ro.`, { code: 'BAD_INPUT', fix: 'For example --mount /misc/app_host/data:/data' });
  }
  return { source: parts[0]!, destination: parts[1]!, ...(parts[2] === 'ro' ? { readOnly: true } : {}) };
}
