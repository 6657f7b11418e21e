// xrcl target add | list | remove
import { parseArgs } from 'node:util';
import { targetPlatforms, type Target, type TargetInput, type TargetPlatform } from '../../../src-shared/types/targets';
import type { CliServices } from '../cli-services';
import { onePositional, passwordFromStdin, portArg, printResult, table, UsageError, type CliIo } from '../cli-io';
import { rememberPasswords } from './remember-passwords';

export const targetUsage = `xrcl target add NAME --platform ncs5500|asr9k|vagrant|devbox --host H [--cli-port 22] [--shell-port 57722]
                 --user U [--shell-user U] [--key FILE] [--password-stdin] [--jump NAME]
xrcl target list [--json]
xrcl target remove NAME
xrcl target test NAME [--accept-new] [--json]
xrcl known-hosts forget NAME`;

export async function targetCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const [verb, ...rest] = args;
  switch (verb) {
    case 'add':
      return add(rest, cli, io);
    case 'list':
      return list(rest, cli, io);
    case 'remove':
      return remove(rest, cli, io);
    case 'test':
      return test(rest, cli, io);
    default:
      throw new UsageError(verb ? `Unknown target command "${verb}": use add, list, remove or test.` : 'Say what to do: xrcl target add | list | remove | test.');
  }
}

async function add(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      platform: { type: 'string' },
      host: { type: 'string' },
      'cli-port': { type: 'string' },
      'shell-port': { type: 'string' },
      user: { type: 'string' },
      'shell-user': { type: 'string' },
      key: { type: 'string' },
      jump: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const name = onePositional(positionals, 'NAME');
  const platform = values.platform;
  if (!platform || !(targetPlatforms as readonly string[]).includes(platform)) {
    throw new UsageError(`--platform must be one of ${targetPlatforms.join(', ')}.`);
  }
  if (!values.host) throw new UsageError('--host is required: the management address or name.');
  if (!values.user) throw new UsageError('--user is required: the SSH login.');
  const input: TargetInput = {
    name,
    platform: platform as TargetPlatform,
    host: values.host,
    user: values.user,
    ...(values['cli-port'] !== undefined ? { cliPort: portArg(values['cli-port'], '--cli-port') } : {}),
    ...(values['shell-port'] !== undefined ? { shellPort: portArg(values['shell-port'], '--shell-port') } : {}),
    ...(values['shell-user'] ? { shellUser: values['shell-user'] } : {}),
    ...(values.key ? { keyFile: values.key } : {}),
    ...(values.jump ? { jump: values.jump } : {}),
  };
  const password = values['password-stdin'] ? await passwordFromStdin(io) : undefined;
  if (password !== undefined) await rememberPasswords(cli, io);
  const target = await cli.call('targets.add', { target: input, ...(password !== undefined ? { password } : {}) });
  printResult(io, { target }, `Added ${describe(target)}.`);
}

async function list(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  parseArgs({ args, options: { json: { type: 'boolean' } } });
  const targets = await cli.call('targets.list');
  const rows = [['NAME', 'PLATFORM', 'HOST', 'XR CLI', 'XR SHELL', 'JUMP'], ...targets.map(row)];
  printResult(io, { targets }, targets.length ? table(rows) : 'No targets yet: add one with xrcl target add.');
}

async function remove(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const name = onePositional(positionals, 'NAME');
  await cli.call('targets.remove', { name });
  printResult(io, { removed: name }, `Removed ${name} and its stored passwords.`);
}

async function test(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'accept-new': { type: 'boolean' }, json: { type: 'boolean' } } });
  const name = onePositional(positionals, 'NAME');
  const result = await cli.call('targets.test', { name, acceptNew: values['accept-new'] ?? false });
  const lines = Object.entries(result.endpoints).map(([id, e]) => {
    const label = id === 'xrCli' ? 'XR CLI  ' : 'XR shell';
    if (!e.reachable) return `${label} ${e.host}:${e.port}  not reachable: ${e.error?.message ?? 'no answer'}`;
    const key = e.hostKey ? `${e.hostKey.type} ${e.hostKey.fingerprint}` : 'no key';
    const trust = e.trusted ? 'trusted' : 'NOT trusted yet (check the fingerprint, then run again with --accept-new)';
    const login = e.login === 'ok' ? `, login ok as ${e.user}` : e.login === 'failed' ? `, login FAILED: ${e.error?.message ?? ''}` : '';
    return `${label} ${e.host}:${e.port}  ${key}  ${trust}${login}`;
  });
  printResult(io, result, lines.join('\n'));
}

export async function knownHostsCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const [verb, ...rest] = args;
  if (verb !== 'forget') throw new UsageError('Use: xrcl known-hosts forget NAME');
  const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const name = onePositional(positionals, 'NAME');
  const { removed } = await cli.call('knownHosts.forget', { name });
  printResult(io, { target: name, removed }, removed ? `Forgot ${removed} host key${removed === 1 ? '' : 's'} of ${name}; the next connection asks again.` : `No host keys of ${name} were on record.`);
}

function row(t: Target): string[] {
  const login = (l: Target['cli'], port: number | null) => (port === null ? '-' : l ? `${port} (${l.user})` : `${port} (onboard first)`);
  return [t.name, t.platform, t.host, login(t.cli, t.cliPort), login(t.shell, t.shellPort), t.jump ?? '-'];
}

function describe(t: Target): string {
  const parts = [t.cliPort ? `XR CLI ${t.cli?.user}@${t.host}:${t.cliPort}` : null, `${t.platform === 'devbox' ? 'SSH' : 'XR shell'} ${t.shell ? `${t.shell.user}@` : ''}${t.host}:${t.shellPort}`];
  return `${t.name} (${t.platform}): ${parts.filter(Boolean).join(', ')}`;
}

