// A Distribution registry run as a program on this computer (Debian's `docker-registry`, or
// `registry` from the Distribution release), detached so it keeps serving after the app exits.
// Its pid file in the registry's folder lets the next run of the app find it again; the pid
// counts only while that process still runs this registry's config (pids are reused).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { findOnPath } from '../vagrant/vagrant-program';

export const PROGRAM_NAMES = ['docker-registry', 'registry'];

export interface RegistryFiles {
  folder: string;
  config: string;
  pidFile: string;
  log: string;
}

export const registryFiles = (folder: string): RegistryFiles => ({
  folder,
  config: join(folder, 'config.yml'),
  pidFile: join(folder, 'registry.pid'),
  log: join(folder, 'registry.log'),
});

/** The Distribution program on PATH; throws with the install command when there is none. */
export function registryProgram(pathVar = process.env.PATH ?? ''): string {
  for (const name of PROGRAM_NAMES) {
    const found = findOnPath(name, pathVar, process.platform);
    if (found) return found;
  }
  throw new AppError('The registry program (CNCF Distribution) is not installed on this computer.', {
    code: 'REGISTRY_PROGRAM_MISSING',
    fix:
      process.platform === 'linux'
        ? 'Install it (`sudo apt-get install docker-registry` on Debian or Ubuntu), or run registries in Docker with the registry:2 image.'
        : 'Put the `registry` binary from a Distribution release on PATH, or run registries in Docker with the registry:2 image.',
    device: 'this computer',
  });
}

/** Starts `PROGRAM serve config.yml` detached, logging to the folder; returns its pid. */
export async function startRegistryProcess(files: RegistryFiles, program = registryProgram()): Promise<number> {
  const fd = openSync(files.log, 'a');
  let pid: number | undefined;
  try {
    const child = spawn(program, ['serve', files.config], { detached: true, stdio: ['ignore', fd, fd], cwd: files.folder, windowsHide: true });
    pid = child.pid;
    // A spawn failure (ENOENT, EACCES) arrives as an event; turn it into the same error as a bad start.
    child.once('error', () => undefined);
    child.unref();
  } finally {
    closeSync(fd);
  }
  if (!pid) throw new AppError(`${program} could not be started.`, { code: 'REGISTRY_START', fix: 'Check that the program runs: `' + program + ' --version`.', device: 'this computer' });
  await writeFile(files.pidFile, `${JSON.stringify({ pid, program, config: files.config })}\n`);
  return pid;
}

/** The pid of this registry's running process, or null. */
export async function runningPid(files: RegistryFiles): Promise<number | null> {
  let pid: number;
  try {
    pid = (JSON.parse(await readFile(files.pidFile, 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
  return isRegistryProcess(pid, files.config) ? pid : null;
}

export function isRegistryProcess(pid: number, config: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it runs, as another user; not ours to claim.
    void err;
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    // A zombie (exited, not yet reaped by us) has an empty command line.
    return cmd.includes(config);
  } catch {
    return false;
  }
}

/** Stops the registry (TERM, then KILL after `graceMs`) and forgets its pid. */
export async function stopRegistryProcess(files: RegistryFiles, graceMs = 10_000): Promise<boolean> {
  const pid = await runningPid(files);
  if (pid === null) {
    await rm(files.pidFile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isRegistryProcess(pid, files.config)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await rm(files.pidFile, { force: true });
  return true;
}

/** The last lines of the registry's log, for an error that says why it stopped. */
export function logTail(files: RegistryFiles, lines = 15): string {
  try {
    return readFileSync(files.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
