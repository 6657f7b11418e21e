// A registry run as a container of the local Docker engine (registry:2, or the image the user
// names), with the registry's folder mounted at /xrcl and its config from there. The engine
// restarts it with the computer (unless-stopped), and the container name finds it again.
import Docker from 'dockerode';
import { AppError } from '../../../src-shared/errors';
import type { ManagedRegistry, Registry } from '../../../src-shared/types/registries';

export const containerName = (registry: string): string => `xrcl-registry-${registry}`;

function engineError(what: string, err: unknown): AppError {
  const e = err as { statusCode?: number; code?: string; json?: { message?: string }; message?: string };
  const msg = e.json?.message ?? e.message ?? String(err);
  const unreachable = e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EACCES';
  return new AppError(`${what} failed: ${msg}`, {
    code: unreachable ? 'DOCKER_UNREACHABLE' : e.statusCode === 404 ? 'NOT_FOUND' : 'DOCKER_ERROR',
    fix: unreachable
      ? 'Start Docker on this computer (and make sure this user may use it), or run the registry as a program instead.'
      : e.statusCode === 404
        ? 'The image is not on this computer: load it first (docker load -i registry.tar), or run the registry as a program instead.'
        : 'Read the engine message above.',
    device: 'this computer',
    cause: err,
  });
}

export class RegistryContainers {
  private docker: Docker | null = null;
  constructor(private readonly make: () => Docker = () => new Docker()) {}

  private engine(): Docker {
    return (this.docker ??= this.make());
  }

  async running(name: string): Promise<boolean> {
    try {
      const info = await this.engine().getContainer(containerName(name)).inspect();
      return info.State.Running;
    } catch {
      return false;
    }
  }

  async start(r: Registry, m: ManagedRegistry): Promise<void> {
    const docker = this.engine();
    const cname = containerName(r.name);
    const existing = docker.getContainer(cname);
    const known = await existing.inspect().then(() => true, () => false);
    if (!known) {
      await docker
        .createContainer({
          name: cname,
          Image: m.image ?? 'registry:2',
          // registry:2's entrypoint runs `registry serve "$@"`.
          Cmd: ['/xrcl/config.container.yml'],
          Labels: { 'xrcl.registry': r.name },
          ExposedPorts: { '5000/tcp': {} },
          HostConfig: {
            Binds: [`${m.folder}:/xrcl`],
            PortBindings: { '5000/tcp': [{ HostIp: m.listen, HostPort: String(r.port) }] },
            RestartPolicy: { Name: 'unless-stopped' },
          },
        })
        .catch((err) => {
          throw engineError(`docker create ${m.image ?? 'registry:2'}`, err);
        });
    }
    await existing.start().catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 304) throw engineError(`docker start ${cname}`, err);
    });
  }

  async stop(name: string): Promise<void> {
    await this.engine()
      .getContainer(containerName(name))
      .stop({ t: 10 })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 304 && err.statusCode !== 404) throw engineError(`docker stop ${containerName(name)}`, err);
      });
  }

  async remove(name: string): Promise<void> {
    await this.engine()
      .getContainer(containerName(name))
      .remove({ force: true })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw engineError(`docker rm ${containerName(name)}`, err);
      });
  }

  async logs(name: string): Promise<string> {
    try {
      const buf = (await this.engine().getContainer(containerName(name)).logs({ stdout: true, stderr: true, tail: 15 })) as unknown as Buffer;
      // Multiplexed frames: 8-byte headers before each chunk.
      const out: string[] = [];
      for (let i = 0; i + 8 <= buf.length; ) {
        const len = buf.readUInt32BE(i + 4);
        out.push(buf.subarray(i + 8, i + 8 + len).toString('utf8'));
        i += 8 + len;
      }
      return out.join('');
    } catch {
      return '';
    }
  }
}
