// What the Vagrant integration suites need, and the throwaway pieces they create: a private
// VAGRANT_HOME, topology folders, a free lab subnet for the docker variant's link, and the
// clean-up of every container, network and image they made.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCommand } from '../../lab/lab-prereqs';
import { runSync } from '../../lab/run-command';
import { sshdImageProblem } from './sshd-image';

/** Why the suites that run vagrant cannot run here, or null. */
export function vagrantProblem(): string | null {
  if (process.platform !== 'linux') return 'runs on Linux only';
  if (process.getuid?.() !== 0) return 'needs root (docker, and the image build)';
  if (!findCommand('vagrant')) return 'vagrant not found: apt-get install vagrant';
  return null;
}

export function vagrantDockerProblem(): string | null {
  const v = vagrantProblem();
  if (v) return v;
  if (!findCommand('docker')) return 'docker not found: apt-get install docker.io';
  if (runSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 }).code !== 0) return 'the Docker engine is not running (start dockerd)';
  return sshdImageProblem();
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A 198.19.N.0/24 that no route and no docker network uses (the lab links live in 198.18.0.0/15). */
export function freeLabSubnet(): { router: string; devbox: string; prefix: string } {
  const routes = runSync('ip', ['-4', 'route']).stdout;
  const nets = runSync('docker', ['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}} {{end}}', ...networkIds()]).stdout;
  const used = routes + nets;
  for (let n = 200 + (process.pid % 40); n < 255; n++) {
    const prefix = `198.19.${n}`;
    if (!used.includes(`${prefix}.`)) return { router: `${prefix}.10/24`, devbox: `${prefix}.20/24`, prefix };
  }
  throw new Error('no free 198.19.N.0/24 for the test link');
}

function networkIds(): string[] {
  return runSync('docker', ['network', 'ls', '-q']).stdout.split('\n').filter(Boolean);
}

/** Containers whose name starts with prefix, running or not. */
export function containersNamed(prefix: string): string[] {
  return runSync('docker', ['ps', '-a', '--filter', `name=^/${prefix}`, '--format', '{{.Names}} {{.State}}']).stdout.split('\n').filter(Boolean);
}

/** Removes leftovers: containers by name prefix, and docker networks on the given subnet prefix. */
export function removeDockerLeftovers(namePrefix: string, subnetPrefix?: string): void {
  for (const line of containersNamed(namePrefix)) runSync('docker', ['rm', '-f', line.split(' ')[0]!]);
  if (!subnetPrefix) return;
  for (const id of networkIds()) {
    const subnet = runSync('docker', ['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', id]).stdout;
    if (subnet.startsWith(`${subnetPrefix}.`)) runSync('docker', ['network', 'rm', id]);
  }
}

export function dockerNetworksOn(subnetPrefix: string): string[] {
  return networkIds().filter((id) => runSync('docker', ['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', id]).stdout.startsWith(`${subnetPrefix}.`));
}
