// xrcl registry up | down | list | remove | add | push | tags | delete | candidates: registries on
// this computer and existing ones, through the same contract as the Registries page.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { managedKinds, registryEngines, type ManagedKind, type RegistryEngine, type RegistryView } from '../../../src-shared/types/registries';
import { AppError } from '../../../src-shared/errors';
import { DAEMON_PREFIX } from '../../services/registries/registry-push-task';
import type { CliServices } from '../cli-services';
import { onePositional, passwordFromStdin, portArg, printResult, table, UsageError, type CliIo } from '../cli-io';
import { answerPromptsOnTerminal, followTask } from '../cli-tasks';
import { rememberPasswords } from './remember-passwords';

export const registryUsage = `xrcl registry up NAME --kind insecure|tls [--port 5000] [--address A] [--hostname DNS] [--listen L]
                 [--on local] [--engine binary|docker] [--image registry:2] [--json]
xrcl registry down NAME | remove NAME
xrcl registry list [--json]
xrcl registry candidates [--target NAME] [--json]
xrcl registry add NAME --url https://HOST:PORT [--user U --password-stdin] [--ca FILE] [--json]
xrcl registry push NAME SOURCE [--as REPO:TAG] [--json]   (SOURCE: a docker-save or OCI tarball, or docker-daemon:IMAGE)
xrcl registry tags NAME [--json]
xrcl registry delete NAME REPO:TAG [--json]`;

export async function registryCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const [verb, ...rest] = args;
  const verbs: Record<string, (a: string[], c: CliServices, i: CliIo) => Promise<void>> = { up, down, remove, list, candidates, add, push, tags, delete: del };
  const run = verb ? verbs[verb] : undefined;
  if (!run) throw new UsageError(verb ? `Unknown registry command "${verb}": use ${Object.keys(verbs).join(', ')}.` : 'Say what to do: xrcl registry up | down | list | add | push | tags.');
  return run(rest, cli, io);
}

function summary(r: RegistryView): object {
  return {
    name: r.name,
    url: r.url,
    address: r.address ?? r.host,
    hostPort: r.hostPort,
    port: r.port,
    kind: r.kind,
    state: r.state,
    ...(r.caFile ? { caFile: r.caFile } : {}),
    ...(r.storage ? { storage: r.storage } : {}),
  };
}

async function up(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      port: { type: 'string' },
      address: { type: 'string' },
      hostname: { type: 'string' },
      listen: { type: 'string' },
      on: { type: 'string', default: 'local' },
      engine: { type: 'string' },
      image: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const name = onePositional(positionals, 'NAME');
  if (!values.kind || !(managedKinds as readonly string[]).includes(values.kind)) throw new UsageError(`--kind must be one of ${managedKinds.join(', ')}.`);
  if (values.on !== 'local') {
    throw new AppError(`Registries on another machine (--on ${values.on}) are not supported yet.`, { code: 'NOT_SUPPORTED', fix: 'Run the registry on this computer (--on local) and give the router the address it reaches this computer on (--address).' });
  }
  if (values.engine && !(registryEngines as readonly string[]).includes(values.engine)) throw new UsageError(`--engine must be one of ${registryEngines.join(', ')}.`);
  const r = await cli.call('registries.up', {
    name,
    kind: values.kind as ManagedKind,
    ...(values.port ? { port: portArg(values.port, '--port') } : {}),
    ...(values.address ? { address: values.address } : {}),
    ...(values.hostname ? { hostname: values.hostname } : {}),
    ...(values.listen ? { listen: values.listen } : {}),
    ...(values.engine ? { engine: values.engine as RegistryEngine } : {}),
    ...(values.image ? { image: values.image } : {}),
  });
  printResult(io, summary(r), `${r.name} (${r.kind}) is ${r.state}: images are named ${r.hostPort}/REPO:TAG; this computer reaches it at ${r.url}.${r.caFile ? `\nCA certificate for the router: ${r.caFile}` : ''}`);
}

async function down(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const r = await cli.call('registries.down', { name: onePositional(positionals, 'NAME') });
  printResult(io, summary(r), `${r.name} is ${r.state}; its images stay in ${r.storage}.`);
}

async function remove(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const name = onePositional(positionals, 'NAME');
  await cli.call('registries.remove', { name });
  printResult(io, { removed: name }, `Removed ${name} (a registry the app started is stopped and its folder deleted).`);
}

async function list(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  parseArgs({ args, options: { json: { type: 'boolean' } } });
  const registries = await cli.call('registries.list');
  const rows = [['NAME', 'KIND', 'STATE', 'IMAGES AS', 'URL'], ...registries.map((r) => [r.name, r.kind, r.state, `${r.hostPort}/…`, r.url])];
  printResult(io, { registries: registries.map(summary) }, registries.length ? table(rows) : 'No registries yet: start one with xrcl registry up NAME --kind insecure.');
}

async function candidates(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options: { target: { type: 'string' }, json: { type: 'boolean' } } });
  const list = await cli.call('registries.candidates', values.target ? { target: values.target } : {});
  printResult(io, { candidates: list }, list.map((c) => `${c.label}\n    ${c.tradeoff}`).join('\n'));
}

async function add(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, user: { type: 'string' }, 'password-stdin': { type: 'boolean' }, ca: { type: 'string' }, json: { type: 'boolean' } },
  });
  const name = onePositional(positionals, 'NAME');
  if (!values.url) throw new UsageError('--url https://HOST:PORT is required.');
  if (values['password-stdin'] && !values.user) throw new UsageError('--password-stdin needs --user.');
  const caPem = values.ca ? await readFile(resolve(values.ca), 'utf8') : undefined;
  const password = values['password-stdin'] ? await passwordFromStdin(io) : undefined;
  // A user without --password-stdin: the password is asked on the terminal (refused without one).
  if (values.user) await rememberPasswords(cli, io);
  const stop = answerPromptsOnTerminal(cli, io);
  let r: RegistryView;
  try {
    r = await cli.call('registries.add', {
      registry: { name, url: values.url, ...(values.user ? { user: values.user } : {}), ...(caPem ? { caPem } : {}) },
      ...(password !== undefined ? { password } : {}),
    });
  } finally {
    stop();
  }
  printResult(io, summary(r), `Added ${r.name} (${r.url}): it answers on /v2/${r.user ? ` with the login of ${r.user}` : ''}.`);
}

async function push(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('Give the registry and what to push: xrcl registry push NAME SOURCE [--as REPO:TAG].');
  const [name, source] = positionals as [string, string];
  const { taskId } = await cli.call('registries.push', {
    name,
    source: source.startsWith(DAEMON_PREFIX) ? source : resolve(source),
    ...(values.as ? { as: values.as } : {}),
  });
  // On a terminal, the task's progress line (total and the blob being sent) under the log.
  const offProgress = process.stderr.isTTY
    ? cli.services.hub.on('task.updated', (t) => {
        if (t.id === taskId && t.state === 'running' && t.progress !== null) io.stderr(`\r\x1b[K${Math.floor(t.progress * 100)}% ${t.detail}`);
      })
    : () => undefined;
  try {
    await followTask(cli, taskId, io);
  } finally {
    offProgress();
    if (process.stderr.isTTY) io.stderr('\r\x1b[K');
  }
  const result = await cli.call('registries.pushResult', { taskId });
  if (!result) throw new AppError('The push ended without a result.', { code: 'INTERNAL' });
  printResult(io, result, `Pushed ${result.repository}:${result.tag} (${result.digest}): ${result.blobsSent} blob(s) sent (${result.bytesSent} bytes), ${result.blobsSkipped} already there.`);
}

async function tags(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const name = onePositional(positionals, 'NAME');
  const repositories = await cli.call('registries.repositories', { name });
  const rows = [['REPOSITORY', 'TAG', 'DIGEST', 'SIZE'], ...repositories.flatMap((r) => r.tags.map((t) => [r.name, t.tag, t.digest, String(t.size)]))];
  printResult(io, { repositories }, repositories.length ? table(rows) : `${name} holds no images yet.`);
}

async function del(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('Give the registry and the tag: xrcl registry delete NAME REPO:TAG.');
  const [name, ref] = positionals as [string, string];
  const colon = ref.lastIndexOf(':');
  if (colon <= 0 || ref.lastIndexOf('/') > colon) throw new UsageError('Name the tag as REPO:TAG.');
  const r = await cli.call('registries.deleteTag', { name, repository: ref.slice(0, colon), tag: ref.slice(colon + 1) });
  printResult(io, r, `Deleted ${r.digest}: tag${r.removedTags.length > 1 ? 's' : ''} ${r.removedTags.join(', ')}.`);
}
