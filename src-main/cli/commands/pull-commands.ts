// xrcl registry trust | login, xrcl pull: the router side of registries from a terminal. Each
// runs as a task (its log on stderr) and prints its result.
import { parseArgs } from 'node:util';
import type { CliServices } from '../cli-services';
import { onePositional, printResult, UsageError, type CliIo } from '../cli-io';
import { answerPromptsOnTerminal, followTask } from '../cli-tasks';

export const pullUsage = `xrcl registry trust NAME --target TARGET [--update-source INTERFACE] [--json]
xrcl registry login NAME --target TARGET [--json]
xrcl pull TARGET REF [--json]`;

/** The `registry` verbs that act on a router, joined to the registry store's own in registry-commands.ts. */
export const routerRegistryVerbs = { trust, login } as const;

async function withPrompts<T>(cli: CliServices, io: CliIo, fn: () => Promise<T>): Promise<T> {
  const stop = answerPromptsOnTerminal(cli, io);
  try {
    return await fn();
  } finally {
    stop();
  }
}

async function trust(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { target: { type: 'string' }, 'update-source': { type: 'string' }, json: { type: 'boolean' } },
  });
  const name = onePositional(positionals, 'NAME');
  if (!values.target) throw new UsageError('--target is required: the router whose docker daemon should trust the registry.');
  const target = values.target;
  const result = await withPrompts(cli, io, async () => {
    const { taskId } = await cli.call('routerRegistries.trust', { name, target, ...(values['update-source'] ? { updateSource: values['update-source'] } : {}) });
    await followTask(cli, taskId, io);
    return cli.call('routerRegistries.trustResult', { taskId });
  });
  if (!result) throw new Error('The trust task ended without a result.');
  const lines = result.steps.map((s) => `${s.changed ? 'changed  ' : 'unchanged'}  ${s.title} (${s.note})`);
  lines.push(`${result.changed ? 'Changed' : 'Nothing to change'}${result.restarted ? '; the docker daemon restarted' : ''}.`, `Proof: ${result.proof}`);
  printResult(io, { changed: result.changed, restarted: result.restarted, proof: result.proof, steps: result.steps }, lines.join('\n'));
}

async function login(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { target: { type: 'string' }, json: { type: 'boolean' } } });
  const name = onePositional(positionals, 'NAME');
  if (!values.target) throw new UsageError('--target is required: the router whose docker daemon logs in.');
  const target = values.target;
  await withPrompts(cli, io, async () => {
    const { taskId } = await cli.call('routerRegistries.login', { name, target });
    await followTask(cli, taskId, io);
  });
  printResult(io, { registry: name, target, loggedIn: true }, `${target} is logged in to ${name}.`);
}

export async function pullCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('Give the router and the image: xrcl pull TARGET REF.');
  const [target, ref] = positionals as [string, string];
  const result = await withPrompts(cli, io, async () => {
    const { taskId } = await cli.call('routerImages.pull', { target, ref });
    await followTask(cli, taskId, io);
    return cli.call('routerImages.pullResult', { taskId });
  });
  if (!result) throw new Error('The pull ended without a result.');
  printResult(io, { ref: result.ref, id: result.id }, `${result.ref} is on ${target}: ${result.id}`);
}
