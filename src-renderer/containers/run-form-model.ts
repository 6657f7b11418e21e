// The run dialog's fields as typed, and the RunSpec they make. The command is one line split the
// way a shell would (quotes kept together), with the same splitter the services use.
import type { ContainerCapability, RestartPolicy, RunSpec } from '../../src-shared/types/containers';
import { splitCommand } from '../../src-shared/shell-words';

export interface RunFields {
  image: string;
  name: string;
  command: string;
  vrfs: string[];
  capabilities: ContainerCapability[];
  restart: RestartPolicy;
  memory: string;
  cpus: string;
  /** One SRC:DEST[:ro] per line. */
  mounts: string;
}

export function emptyRunFields(): RunFields {
  return { image: '', name: '', command: '', vrfs: ['global-vrf'], capabilities: ['SYS_ADMIN'], restart: 'no', memory: '', cpus: '', mounts: '' };
}

/** The spec, or the first thing the fields themselves get wrong (before the service checks the rest). */
export function specOf(f: RunFields): { spec: RunSpec; problem: string | null } {
  let problem: string | null = null;
  let command: string[] = [];
  try {
    command = f.command.trim() ? splitCommand(f.command.trim()) : [];
  } catch {
    problem = 'The command needs quotes around characters a shell would read (; | & $ < >).';
  }
  const mounts = f.mounts
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [source = '', destination = '', ro] = l.split(':');
      if (!destination) problem ??= `"${l}" is not SRC:DEST.`;
      return { source, destination, ...(ro === 'ro' ? { readOnly: true } : {}) };
    });
  const cpus = f.cpus.trim() ? Number(f.cpus) : undefined;
  if (cpus !== undefined && !(cpus > 0 && cpus <= 64)) problem ??= 'CPUs is a number above 0, e.g. 0.5.';
  const spec: RunSpec = {
    image: f.image,
    name: f.name.trim(),
    ...(command.length ? { command } : {}),
    vrfs: f.vrfs,
    capabilities: f.capabilities,
    ...(f.restart !== 'no' ? { restart: f.restart } : {}),
    ...(f.memory.trim() ? { memory: f.memory.trim() } : {}),
    ...(cpus !== undefined && cpus > 0 && cpus <= 64 ? { cpus } : {}),
    ...(mounts.length && mounts.every((m) => m.source && m.destination) ? { mounts } : {}),
  };
  return { spec, problem };
}

/** A container's uptime from when it started, for the list. */
export function uptime(startedAt: string | null, now: number): string | null {
  if (!startedAt) return null;
  const s = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  if (!Number.isFinite(s)) return null;
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}
