// Prerequisite checks as data: what the lab needs on this machine, and the fix for each.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

interface ToolNeed {
  command: string;
  aptPackage: string;
  role: 'both' | 'router';
}

// Everything the lab host runs is a real program from these Debian packages.
export const LAB_TOOLS: ToolNeed[] = [
  { command: 'ip', aptPackage: 'iproute2', role: 'both' },
  { command: 'nsenter', aptPackage: 'util-linux', role: 'both' },
  { command: 'unshare', aptPackage: 'util-linux', role: 'both' },
  { command: 'pivot_root', aptPackage: 'util-linux', role: 'both' },
  { command: 'setsid', aptPackage: 'util-linux', role: 'both' },
  { command: 'mount', aptPackage: 'mount', role: 'both' },
  { command: 'sshd', aptPackage: 'openssh-server', role: 'both' },
  { command: 'ssh-keygen', aptPackage: 'openssh-client', role: 'both' },
  { command: 'dockerd', aptPackage: 'docker.io', role: 'both' },
  { command: 'containerd', aptPackage: 'docker.io (containerd)', role: 'both' },
  { command: 'docker', aptPackage: 'docker.io', role: 'both' },
  { command: 'iptables', aptPackage: 'iptables', role: 'both' },
  { command: 'useradd', aptPackage: 'passwd', role: 'both' },
  { command: 'chpasswd', aptPackage: 'passwd', role: 'both' },
  { command: 'sudo', aptPackage: 'sudo', role: 'both' },
  { command: 'fallocate', aptPackage: 'util-linux', role: 'router' },
];

const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function findCommand(cmd: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...SEARCH_PATH].filter(Boolean);
  for (const d of dirs) {
    const p = join(d, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

/** Problems that stop the lab from starting, each with its fix; empty when all is well. */
export function labPrerequisiteProblems(): string[] {
  const problems: string[] = [];
  if (process.platform !== 'linux') {
    problems.push('The practice lab needs Linux (network and mount namespaces).');
    return problems;
  }
  if (process.getuid?.() !== 0) {
    problems.push('The practice lab must run as root (it creates network namespaces, mounts and users): run it with sudo.');
  }
  const missing = LAB_TOOLS.filter((t) => !findCommand(t.command));
  // The lab host's init (pid 1 of its PID namespace): docker.io's docker-init, or tini.
  if (!findCommand('docker-init') && !findCommand('tini')) missing.push({ command: 'docker-init (or tini)', aptPackage: 'tini', role: 'both' });
  if (missing.length) {
    const pkgs = [...new Set(missing.map((t) => t.aptPackage.split(' ')[0]))];
    problems.push(
      `Missing ${missing.map((t) => t.command).join(', ')}: install with \`apt-get install ${pkgs.join(' ')}\`.`,
    );
  }
  return problems;
}

export function assertLabPrerequisites(): void {
  const p = labPrerequisiteProblems();
  if (p.length) throw new Error(p.join('\n'));
}
