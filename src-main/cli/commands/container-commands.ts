// xrcl container …: containers on a router (run, list, logs, exec, start/stop/restart, remove,
// the network check), and xrcl runbook export: the session's commands as one Markdown file.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { containerCapabilities, restartPolicies, type ContainerCapability, type RestartPolicy, type RunSpec } from '../../../src-shared/types/containers';
import { AppError } from '../../../src-shared/errors';
import { parseMount } from '../../services/containers/run-spec';
import type { CliServices } from '../cli-services';
import { onePositional, printResult, table, UsageError, type CliIo } from '../cli-io';
import { answerPromptsOnTerminal } from '../cli-tasks';

export const containerUsage = `xrcl container run TARGET IMAGE --name N [--vrf NAME]... [--cap CAP|none]... [--restart POLICY] [--memory SIZE] [--cpus N] [--mount SRC:DEST[:ro]]... [-- CMD...] [--json]
xrcl container list TARGET [--json]
xrcl container logs TARGET N [--follow] [--tail N]
xrcl container exec TARGET N -- CMD...          (exits with CMD's status)
xrcl container start|stop|restart TARGET N
xrcl container remove TARGET N [--image]        (--image also removes its image: that frees the disk)
xrcl container inspect TARGET N
xrcl container check TARGET N [--vrf NAME] [--json]
xrcl runbook export -o FILE.md | clear`;

/** Splits at the first `--`: options and positionals before, the container's command after. */
function splitAtDashes(args: string[]): [string[], string[] | null] {
  const i = args.indexOf('--');
  return i < 0 ? [args, null] : [args.slice(0, i), args.slice(i + 1)];
}

function twoPositionals(positionals: string[], usage: string): [string, string] {
  if (positionals.length !== 2) throw new UsageError(`Give the router and the container: ${usage}`);
  return positionals as [string, string];
}

export async function containerCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const [sub, ...rest] = args;
  const stop = answerPromptsOnTerminal(cli, io);
  try {
    switch (sub) {
      case 'run':
        return await run(rest, cli, io);
      case 'list':
        return await list(rest, cli, io);
      case 'logs':
        return await logs(rest, cli, io);
      case 'exec':
        return await exec(rest, cli, io);
      case 'start':
      case 'stop':
      case 'restart':
        return await lifecycle(sub, rest, cli, io);
      case 'remove':
        return await remove(rest, cli, io);
      case 'inspect':
        return await inspect(rest, cli, io);
      case 'check':
        return await check(rest, cli, io);
      default:
        throw new UsageError(sub ? `Unknown container command "${sub}".` : 'Say what to do: run, list, logs, exec, start, stop, restart, remove, inspect or check.');
    }
  } finally {
    stop();
  }
}

async function run(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const [opts, command] = splitAtDashes(args);
  const { values, positionals } = parseArgs({
    args: opts,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      vrf: { type: 'string', multiple: true },
      cap: { type: 'string', multiple: true },
      restart: { type: 'string' },
      memory: { type: 'string' },
      cpus: { type: 'string' },
      mount: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 2) throw new UsageError('Give the router and the image: xrcl container run TARGET IMAGE --name N');
  const [target, image] = positionals as [string, string];
  if (!values.name) throw new UsageError('--name is required: the container\'s name.');
  // `--cap none` runs without the default SYS_ADMIN.
  const caps = values.cap?.map((c) => c.toUpperCase().replace(/^CAP_/, '')).filter((c) => c !== 'NONE');
  const badCap = caps?.find((c) => !(containerCapabilities as readonly string[]).includes(c));
  if (badCap) throw new UsageError(`--cap ${badCap}: use one of ${containerCapabilities.join(', ')}.`);
  if (values.restart && !(restartPolicies as readonly string[]).includes(values.restart)) throw new UsageError(`--restart is one of ${restartPolicies.join(', ')}.`);
  const cpus = values.cpus === undefined ? undefined : Number(values.cpus);
  if (cpus !== undefined && !(cpus > 0)) throw new UsageError('--cpus is a number above 0, e.g. 0.5.');
  const spec: RunSpec = {
    image,
    name: values.name,
    ...(command?.length ? { command } : {}),
    ...(values.vrf ? { vrfs: values.vrf } : {}),
    ...(caps ? { capabilities: [...new Set(caps)] as ContainerCapability[] } : {}),
    ...(values.restart ? { restart: values.restart as RestartPolicy } : {}),
    ...(values.memory ? { memory: values.memory } : {}),
    ...(cpus !== undefined ? { cpus } : {}),
    ...(values.mount ? { mounts: values.mount.map(parseMount) } : {}),
  };
  // The command is shown before it runs; a spec with problems runs nothing.
  const preview = await cli.call('containers.preview', { target, spec });
  if (!preview.command) {
    throw new AppError(`The container cannot be run as asked: ${preview.problems.map((p) => p.message).join(' ')}`, { code: 'BAD_INPUT', device: target, fix: 'Correct the options named above; nothing was run on the router.' });
  }
  io.stderr(`$ ${preview.command}\n`);
  const result = await cli.call('containers.run', { target, spec });
  printResult(io, result, `${result.name} ${result.id.slice(0, 12)} running`);
}

async function list(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  void values;
  const target = onePositional(positionals, 'TARGET');
  const containers = await cli.call('containers.list', { target });
  const rows = [['NAME', 'STATE', 'IMAGE', 'STATUS', 'ID'], ...containers.map((c) => [c.name, c.state, c.image, c.status, c.id])];
  printResult(io, { containers }, containers.length ? table(rows) : `No containers on ${target}.`);
}

async function logs(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' }, json: { type: 'boolean' } } });
  const [target, name] = twoPositionals(positionals, 'xrcl container logs TARGET N [--follow]');
  if (!values.follow) {
    const tail = values.tail === undefined ? undefined : Number(values.tail);
    if (tail !== undefined && !(Number.isInteger(tail) && tail > 0)) throw new UsageError('--tail is a whole number of lines.');
    const r = await cli.call('containers.logs', { target, name, ...(tail ? { tail } : {}) });
    printResult(io, r, r.output.replace(/\n$/, ''));
    return;
  }
  // Until interrupted: the task's log is the container's output.
  const { taskId } = await cli.call('containers.followLogs', { target, name });
  const hub = cli.services.hub;
  await new Promise<void>((resolve, reject) => {
    const offLog = hub.on('task.log', (c) => {
      if (c.id === taskId) io.stdout(c.data.replace(/\r\n/g, '\n'));
    });
    const offUpdate = hub.on('task.updated', (t) => {
      if (t.id !== taskId || t.state === 'running') return;
      offLog();
      offUpdate();
      if (t.state === 'failed' && t.error) reject(Object.assign(new Error(t.error.message), t.error));
      else resolve();
    });
    process.once('SIGINT', () => void cli.call('tasks.cancel', { id: taskId }));
  });
}

async function exec(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const [opts, command] = splitAtDashes(args);
  const { positionals } = parseArgs({ args: opts, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const [target, name] = twoPositionals(positionals, 'xrcl container exec TARGET N -- CMD...');
  if (!command?.length) throw new UsageError('Give the command after --: xrcl container exec TARGET N -- CMD...');
  const r = await cli.call('containers.exec', { target, name, command });
  printResult(io, r, r.output.replace(/\n$/, ''));
  process.exitCode = r.exitStatus;
}

async function lifecycle(action: 'start' | 'stop' | 'restart', args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const [target, name] = twoPositionals(positionals, `xrcl container ${action} TARGET N`);
  await cli.call(`containers.${action}`, { target, name });
  printResult(io, { target, name, action }, `${name}: ${action === 'stop' ? 'stopped (this frees no disk: remove it, with --image, for that)' : `${action}ed`}`);
}

async function remove(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { image: { type: 'boolean' }, json: { type: 'boolean' } } });
  const [target, name] = twoPositionals(positionals, 'xrcl container remove TARGET N [--image]');
  const r = await cli.call('containers.remove', { target, name, ...(values.image ? { image: true } : {}) });
  const human = r.removedImage ? `Removed ${name} and its image ${r.removedImage}${r.imageBytes ? ` (${(r.imageBytes / 1e6).toFixed(1)} MB)` : ''}.` : `Removed ${name}; its image stays on the router (add --image to free that disk too).`;
  printResult(io, r, human);
}

async function inspect(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const [target, name] = twoPositionals(positionals, 'xrcl container inspect TARGET N');
  const r = await cli.call('containers.inspect', { target, name });
  printResult(io, r, JSON.stringify(r, null, 2));
}

async function check(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { vrf: { type: 'string' }, json: { type: 'boolean' } } });
  const [target, name] = twoPositionals(positionals, 'xrcl container check TARGET N');
  const r = await cli.call('containers.check', { target, name, ...(values.vrf ? { vrf: values.vrf } : {}) });
  const lines = [
    r.reachesRouterNetwork ? `${name} reaches the router's network (${r.vrf}).` : `${name} does not reach the router's network (${r.vrf}).`,
    ...r.interfaces.map((i) => `  ${i.name.padEnd(18)} ${i.addresses.join(' ')}`),
    ...r.routes.map((x) => `  route ${x.destination}${x.via ? ` via ${x.via}` : ''}${x.dev ? ` dev ${x.dev}` : ''}${x.src ? ` src ${x.src}` : ''}`),
    ...(r.missing.length ? [`Missing: ${r.missing.join(', ')} (run the container again with ${r.missing.length > 1 ? 'these options' : 'this option'}).`] : []),
    ...(r.error ? [`Error inside the container: ${r.error}`] : []),
  ];
  printResult(io, r, lines.join('\n'));
  if (!r.reachesRouterNetwork) process.exitCode = 1;
}

export async function runbookCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'clear') {
    await cli.call('runbook.clear');
    printResult(io, { cleared: true }, 'The runbook starts afresh.');
    return;
  }
  if (sub !== 'export') throw new UsageError('xrcl runbook export -o FILE.md, or xrcl runbook clear.');
  const { values } = parseArgs({ args: rest, options: { output: { type: 'string', short: 'o' }, json: { type: 'boolean' } } });
  const r = await cli.call('runbook.export');
  if (!values.output) {
    if (io.json) printResult(io, r, '');
    else io.stdout(r.markdown);
    return;
  }
  writeFileSync(values.output, r.markdown);
  printResult(io, { file: values.output, commands: r.commands }, `Wrote ${r.commands} commands to ${values.output}.`);
}
