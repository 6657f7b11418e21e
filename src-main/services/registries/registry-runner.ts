// Runs a registry the app manages, whichever engine: writes its configs, starts it after
// checking the port, waits for /v2/ (never a fixed sleep), says whether it runs, stops it.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { AppError } from '../../../src-shared/errors';
import type { ManagedRegistry, Registry } from '../../../src-shared/types/registries';
import { assertPortFree } from './port-holder';
import { joinHostPort, registryConfigYaml } from './registry-config';
import { containerName, RegistryContainers } from './registry-container';
import { registryHealth } from './registry-health';
import { logTail, registryFiles, runningPid, startRegistryProcess, stopRegistryProcess } from './registry-process';

export type ManagedRecord = Registry & { managed: ManagedRegistry };

export class RegistryRunner {
  private readonly containers: RegistryContainers;

  constructor(docker?: () => Docker, private readonly startTimeoutMs = 20_000) {
    this.containers = new RegistryContainers(docker);
  }

  /** config.yml for the program, config.container.yml for a container (its folder at /xrcl). */
  async writeConfigs(r: ManagedRecord): Promise<void> {
    const m = r.managed;
    const secretFile = join(m.folder, 'http-secret');
    let secret: string;
    try {
      secret = (await readFile(secretFile, 'utf8')).trim();
    } catch {
      secret = randomBytes(24).toString('hex');
      await writeFile(secretFile, secret, { mode: 0o600 });
    }
    const tls = r.kind === 'tls';
    await writeFile(
      join(m.folder, 'config.yml'),
      registryConfigYaml({
        storage: join(m.folder, 'storage'),
        addr: joinHostPort(m.listen, r.port),
        secret,
        ...(tls ? { tls: { certificate: join(m.folder, 'certs', 'registry.crt'), key: join(m.folder, 'certs', 'registry.key') } } : {}),
      }),
    );
    await writeFile(
      join(m.folder, 'config.container.yml'),
      registryConfigYaml({
        storage: '/xrcl/storage',
        addr: '0.0.0.0:5000',
        secret,
        ...(tls ? { tls: { certificate: '/xrcl/certs/registry.crt', key: '/xrcl/certs/registry.key' } } : {}),
      }),
    );
  }

  /** Who runs it (a pid or a container), or null when it does not run. */
  async runningAs(r: ManagedRecord): Promise<string | null> {
    if (r.managed.engine === 'docker') return (await this.containers.running(r.name)) ? `container ${containerName(r.name)}` : null;
    const pid = await runningPid(registryFiles(r.managed.folder));
    return pid === null ? null : `pid ${pid}`;
  }

  /** Starts it unless it runs already, then waits until /v2/ answers. */
  async start(r: ManagedRecord): Promise<void> {
    if ((await this.runningAs(r)) !== null) return;
    await assertPortFree(r.managed.listen, r.port);
    if (r.managed.engine === 'docker') await this.containers.start(r, r.managed);
    else await startRegistryProcess(registryFiles(r.managed.folder));
    await this.waitHealthy(r);
  }

  async stop(r: ManagedRecord): Promise<void> {
    if (r.managed.engine === 'docker') await this.containers.stop(r.name);
    else await stopRegistryProcess(registryFiles(r.managed.folder));
  }

  /** Stops it and removes its container (the folder is the caller's). */
  async remove(r: ManagedRecord): Promise<void> {
    await this.stop(r);
    if (r.managed.engine === 'docker') await this.containers.remove(r.name);
  }

  private async waitHealthy(r: ManagedRecord): Promise<void> {
    const deadline = Date.now() + this.startTimeoutMs;
    for (;;) {
      const h = await registryHealth(r);
      if (h.ok) return;
      const alive = (await this.runningAs(r)) !== null;
      if (!alive || Date.now() > deadline) {
        const tail = r.managed.engine === 'docker' ? await this.containers.logs(r.name) : logTail(registryFiles(r.managed.folder));
        throw new AppError(`The registry "${r.name}" ${alive ? `did not answer on ${r.url}/v2/ in time (${h.detail})` : 'stopped right after starting'}.`, {
          code: 'REGISTRY_START',
          fix: 'Read the registry log below (it is in the registry folder too); a port taken meanwhile or a bad listen address are the usual causes.',
          device: 'this computer',
          detail: tail,
        });
      }
      await new Promise((res) => setTimeout(res, 50));
    }
  }
}
