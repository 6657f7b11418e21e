// xrcl vagrant init | up | status | ports | halt | destroy: the reference topology written from
// the project's templates, and vagrant driven in that folder (never the global machine index)
// through the same services as the app: up and halt run as tasks whose output streams to stderr.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TopologyChoices, VagrantTargetsResult } from '../../../src-shared/types/vagrant';
import type { CliServices } from '../cli-services';
import { onePositional, printResult, table, UsageError, type CliIo } from '../cli-io';
import { answerPromptsOnTerminal, followTask } from '../cli-tasks';
import { rememberPasswords } from './remember-passwords';

export const vagrantUsage = `xrcl vagrant init DIR [--router-memory MB] [--devbox BOX] [--provider virtualbox|docker] [--force] [--json]
xrcl vagrant up DIR [--router-name NAME] [--devbox-name NAME] [--json]
xrcl vagrant status DIR [--json]
xrcl vagrant ports DIR [--json]
xrcl vagrant halt DIR [--json]
xrcl vagrant destroy DIR [--json]`;

export async function vagrantCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const [verb, ...rest] = args;
  switch (verb) {
    case 'init':
      return init(rest, cli, io);
    case 'up':
      return up(rest, cli, io);
    case 'status':
      return status(rest, cli, io);
    case 'ports':
      return ports(rest, cli, io);
    case 'halt':
      return job('halt', rest, cli, io);
    case 'destroy':
      return job('destroy', rest, cli, io);
    default:
      throw new UsageError(verb ? `Unknown vagrant command "${verb}": use init, up, status, ports, halt or destroy.` : 'Say what to do: xrcl vagrant init | up | status | ports | halt | destroy.');
  }
}

async function init(args: string[], cli: CliServices, io: CliIo): Promise<void> {
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
  const choices: TopologyChoices = {
    provider: 'virtualbox',
    ...(memory ? { routerMemoryMb: Number(memory) } : {}),
    ...(values.devbox ? { devboxBox: values.devbox } : {}),
  };
  const files = await cli.call('vagrant.preview', { choices });
  const written = await cli.call('vagrant.init', { dir, choices, ...(values.force ? { overwrite: true } : {}) });
  printResult(io, written, [`Wrote the topology in ${dir}:`, ...files.map((f) => `  ${f.path}  (${f.purpose})`), `Next: xrcl vagrant up ${dir} (about 10 minutes).`].join('\n'));
}

/**
 * vagrant up with its output on stderr as it comes, then the router and devbox as targets (host
 * keys trusted on first use; a changed key is asked about on the terminal) and docker ps as root.
 * Ctrl-C cancels the task: vagrant cleans up, and the next up or destroy handles what is left.
 */
async function up(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'router-name': { type: 'string' }, 'devbox-name': { type: 'string' }, json: { type: 'boolean' } },
  });
  const dir = resolve(onePositional(positionals, 'DIR'));
  // The targets carry the box login, and later xrcl commands need it.
  await rememberPasswords(cli, io);
  const stop = answerPromptsOnTerminal(cli, io);
  try {
    const { taskId } = await cli.call('vagrant.up', { dir });
    const cancel = (): void => {
      io.stderr('\nCancelling: vagrant is cleaning up (Ctrl-C again does not hurry it).\n');
      void cli.call('tasks.cancel', { id: taskId }).catch(() => undefined);
    };
    process.on('SIGINT', cancel);
    try {
      await followTask(cli, taskId, io);
    } finally {
      process.off('SIGINT', cancel);
    }
    io.stderr('\n# Finding the forwarded ports and adding the machines as targets\n');
    const r = await cli.call('vagrant.addTargets', {
      dir,
      ...(values['router-name'] ? { routerName: values['router-name'] } : {}),
      ...(values['devbox-name'] ? { devboxName: values['devbox-name'] } : {}),
    });
    printResult(io, { machines: r.machines, ports: { rtr: r.ports.rtr }, targets: r.targets, hostKeys: r.hostKeys, docker: r.docker }, upSummary(r));
  } finally {
    stop();
  }
}

function upSummary(r: VagrantTargetsResult): string {
  const lines = [table([['MACHINE', 'STATE', 'PROVIDER'], ...r.machines.map((m) => [m.name, m.state, m.provider])]), ''];
  for (const t of r.targets) {
    lines.push(t.cliPort !== null ? `${t.name}: XR CLI ssh -p ${t.cliPort} ${t.cli?.user}@${t.host}, XR shell ssh -p ${t.shellPort} ${t.shell?.user}@${t.host}` : `${t.name}: ssh -p ${t.shellPort} ${t.shell?.user}@${t.host}`);
  }
  for (const k of r.hostKeys) lines.push(`  ${k.target} ${k.endpoint === 'cli' ? 'XR CLI' : 'shell'} key ${k.fingerprint}: ${k.status === 'new' ? 'trusted on first use' : k.status === 'replaced' ? 'old key forgotten, new one trusted' : 'already trusted'}`);
  lines.push(`docker: ${r.docker.note}`);
  return lines.join('\n');
}

async function status(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const dir = folderArg(args);
  const machines = await cli.call('vagrant.status', { dir });
  printResult(io, { dir, machines }, table([['MACHINE', 'STATE', 'PROVIDER'], ...machines.map((m) => [m.name, m.state, m.provider])]));
}

async function ports(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const dir = folderArg(args);
  const p = await cli.call('vagrant.ports', { dir });
  printResult(
    io,
    { dir, ports: { rtr: p.rtr }, devbox: p.devbox, host: p.host },
    `XR CLI (guest 22): ${p.host}:${p.rtr['22'] ?? '?'}\nXR shell (guest 57722): ${p.host}:${p.rtr['57722'] ?? '?'}${p.devbox !== null ? `\ndevbox SSH: ${p.host}:${p.devbox}` : ''}`,
  );
}

/** halt or destroy as a task, its output on stderr as it comes. */
async function job(verb: 'halt' | 'destroy', args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const dir = folderArg(args);
  const { taskId } = await cli.call(verb === 'halt' ? 'vagrant.halt' : 'vagrant.destroy', { dir });
  await followTask(cli, taskId, io);
  printResult(io, { dir, [verb === 'halt' ? 'halted' : 'destroyed']: true }, `${verb === 'halt' ? 'Stopped' : 'Destroyed'} the machines of ${dir}.`);
}

function folderArg(args: string[]): string {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  return resolve(onePositional(positionals, 'DIR'));
}
