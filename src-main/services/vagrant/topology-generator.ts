// Builds the topology folder: Vagrantfile, the router's day-0 config and the provisioning
// scripts. generateTopology() is pure (the UI shows the files before anything runs);
// writeTopology() puts them on disk.
//
//   const topo = generateTopology({ routerMemoryMb: 6144 });   // throws AppError BAD_INPUT
//   topo.files.map((f) => f.path)   // Vagrantfile, configs/rtr_config, scripts/...
//   await writeTopology('/path/to/topology', topo);
import { mkdir, readFile, stat, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { resolveTopologyOptions, type ResolvedTopologyOptions, type TopologyOptions } from './topology-options';
import { APPLY_CONFIG_PATH, DOCKER_INSTALL_PATH, applyConfigScript, dockerInstallScript } from './templates/provision-scripts';
import { RTR_CONFIG_PATH, rtrConfig } from './templates/rtr-config-template';
import { vagrantfile } from './templates/vagrantfile-template';

export interface TopologyFile {
  /** Relative to the topology folder, with forward slashes. */
  path: string;
  contents: string;
  /** 0o755 for scripts, 0o644 otherwise. */
  mode: number;
  /** One line for the UI: what the file does. */
  purpose: string;
}

export interface GeneratedTopology {
  options: ResolvedTopologyOptions;
  files: TopologyFile[];
}

export function generateTopology(input: TopologyOptions = {}): GeneratedTopology {
  const o = resolveTopologyOptions(input);
  const files: TopologyFile[] = [
    {
      path: 'Vagrantfile',
      contents: vagrantfile(o),
      mode: 0o644,
      purpose:
        o.provider === 'docker'
          ? 'The two machines as containers (docker provider), with the router ports and link of the real topology.'
          : `The two VMs: rtr from the ${o.routerBox} box (${o.routerMemoryMb} MB) and devbox from ${o.devboxBox}, joined by ${o.linkName}.`,
    },
    {
      path: RTR_CONFIG_PATH,
      contents: rtrConfig(o),
      mode: 0o644,
      purpose: `The router's day-0 configuration: GigabitEthernet0/0/0/0 ${o.router.cidr}, no shutdown.`,
    },
    {
      path: APPLY_CONFIG_PATH,
      contents: applyConfigScript(),
      mode: 0o755,
      purpose: 'Applies rtr_config with xrapply as root in the XR Linux shell and reports what XR rejected.',
    },
    {
      path: DOCKER_INSTALL_PATH,
      contents: dockerInstallScript(),
      mode: 0o755,
      purpose: 'Installs the Docker engine on the devbox (the registry and image builds run there).',
    },
  ];
  return { options: o, files };
}

export interface WriteTopologyOptions {
  /** Replace files that exist with other contents. Default false: such a folder is refused. */
  overwrite?: boolean;
}

/** Writes the files under `dir` (created if needed); returns their absolute paths. */
export async function writeTopology(dir: string, topology: GeneratedTopology, opts: WriteTopologyOptions = {}): Promise<string[]> {
  if (!path.isAbsolute(dir)) {
    throw new AppError(`The topology folder must be an absolute path, not "${dir}".`, { code: 'BAD_INPUT', fix: 'Pick the folder with the folder chooser.' });
  }
  if (!opts.overwrite) {
    const changed: string[] = [];
    for (const f of topology.files) {
      const existing = await readFile(path.join(dir, f.path), 'utf8').catch(() => null);
      if (existing !== null && existing !== f.contents) changed.push(f.path);
    }
    if (changed.length > 0) {
      throw new AppError(`${dir} already holds a different ${changed.join(', ')}.`, {
        code: 'TOPOLOGY_EXISTS',
        device: 'this computer',
        fix: 'Choose an empty folder, or confirm that the files may be replaced (machines already created there keep running until you destroy them).',
      });
    }
  }
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => null);
  if (isDir === false) {
    throw new AppError(`${dir} is a file, not a folder.`, { code: 'BAD_INPUT', fix: 'Choose a folder for the topology.' });
  }
  const written: string[] = [];
  for (const f of topology.files) {
    const target = path.join(dir, ...f.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.contents, { mode: f.mode });
    await chmod(target, f.mode);
    written.push(target);
  }
  return written;
}
