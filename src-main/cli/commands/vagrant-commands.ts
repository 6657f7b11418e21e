// xrcl vagrant init | status | ports | destroy: the reference topology written from the
// project's templates, and vagrant driven in that folder (never the global machine index).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTopology, writeTopology } from '../../services/vagrant/topology-generator';
import type { TopologyOptions } from '../../services/vagrant/topology-options';
import { VagrantRunner } from '../../services/vagrant/vagrant-runner';
import type { CliServices } from '../cli-services';
import { onePositional, printResult, table, UsageError, type CliIo } from '../cli-io';

export const vagrantUsage = `xrcl vagrant init DIR [--router-memory MB] [--devbox BOX] [--provider virtualbox|docker] [--force] [--json]
xrcl vagrant status DIR [--json]
xrcl vagrant ports DIR [--json]
xrcl vagrant destroy DIR [--json]`;

export async function vagrantCommand(args: string[], _cli: CliServices, io: CliIo): Promise<void> {
  const [verb, ...rest] = args;
  switch (verb) {
    case 'init':
      return init(rest, io);
    case 'status':
      return status(rest, io);
    case 'ports':
      return ports(rest, io);
    case 'destroy':
      return destroy(rest, io);
    default:
      throw new UsageError(verb ? `Unknown vagrant command "${verb}": use init, status, ports or destroy.` : 'Say what to do: xrcl vagrant init | status | ports | destroy.');
  }
}

async function init(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'router-memory': { type: 'string' },
      devbox: { type: 'string' },
      provider: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const dir = resolve(onePositional(positionals, 'DIR'));
  if (values.provider && values.provider !== 'virtualbox' && values.provider !== 'docker') throw new UsageError('--provider is virtualbox or docker.');
  if (values.provider === 'docker') throw new UsageError('The docker provider needs local images for the router and the devbox; it is for the app\'s own tests. Use virtualbox.');
  const memory = values['router-memory'];
  if (memory !== undefined && !/^\d+$/.test(memory)) throw new UsageError(`--router-memory is a number of MB, not "${memory}".`);
  const options: TopologyOptions = {
    provider: 'virtualbox',
    ...(memory ? { routerMemoryMb: Number(memory) } : {}),
    ...(values.devbox ? { devboxBox: values.devbox } : {}),
  };
  const topology = generateTopology(options);
  await writeTopology(dir, topology, { overwrite: values.force ?? false });
  const files = topology.files.map((f) => f.path);
  printResult(io, { dir, files }, [`Wrote the topology in ${dir}:`, ...topology.files.map((f) => `  ${f.path}  (${f.purpose})`), 'Next: vagrant up in that folder (about 10 minutes).'].join('\n'));
}

async function status(args: string[], io: CliIo): Promise<void> {
  const dir = folderArg(args);
  const machines = (await new VagrantRunner({ cwd: dir }).status()).map((m) => ({ name: m.name, state: m.state, provider: m.provider }));
  printResult(io, { dir, machines }, table([['MACHINE', 'STATE', 'PROVIDER'], ...machines.map((m) => [m.name, m.state, m.provider])]));
}

async function ports(args: string[], io: CliIo): Promise<void> {
  const dir = folderArg(args);
  const p = await new VagrantRunner({ cwd: dir }).routerPorts();
  printResult(io, { dir, ports: { rtr: { '22': p.cli, '57722': p.shell } }, host: p.host }, `XR CLI (guest 22): ${p.host}:${p.cli ?? '?'}\nXR shell (guest 57722): ${p.host}:${p.shell ?? '?'}`);
}

async function destroy(args: string[], io: CliIo): Promise<void> {
  const dir = folderArg(args);
  await new VagrantRunner({ cwd: dir, onData: (t) => io.stderr(t) }).destroy();
  printResult(io, { dir, destroyed: true }, `Destroyed the machines of ${dir}.`);
}

function folderArg(args: string[]): string {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  return resolve(onePositional(positionals, 'DIR'));
}
