// xrcl onboard | exec: onboarding a physical router, and one command on a router.
import { parseArgs } from 'node:util';
import type { CliServices } from '../cli-services';
import { onePositional, passwordFromStdin, printResult, UsageError, type CliIo } from '../cli-io';
import { answerPromptsOnTerminal, followTask } from '../cli-tasks';
import { rememberPasswords } from './remember-passwords';

export const routerUsage = `xrcl onboard NAME --new-user U --new-password-stdin [--accept-new] [--regenerate-keys] [--json]
xrcl exec NAME --cli "COMMAND" | --shell [--root] "COMMAND" [--accept-new] [--json]`;

export async function onboardCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'new-user': { type: 'string' },
      'new-password-stdin': { type: 'boolean' },
      'accept-new': { type: 'boolean' },
      'regenerate-keys': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const name = onePositional(positionals, 'NAME');
  const target = (await cli.call('targets.list')).find((t) => t.name === name);
  const needsUser = target?.platform !== 'vagrant';
  if (needsUser && !values['new-user']) throw new UsageError('--new-user is required: the sudo user onboarding creates for the XR shell.');
  if (needsUser && !values['new-password-stdin']) throw new UsageError('--new-password-stdin is required: pipe in the new user\'s password.');
  const newPassword = values['new-password-stdin'] ? await passwordFromStdin(io, 'new password') : 'unused';
  await rememberPasswords(cli, io);
  const stop = answerPromptsOnTerminal(cli, io);
  try {
    const { taskId } = await cli.call('targets.onboard', {
      name,
      newUser: values['new-user'] ?? 'vagrant',
      newPassword,
      ...(values['accept-new'] ? { acceptNew: true } : {}),
      ...(values['regenerate-keys'] ? { regenerateKeys: true } : {}),
    });
    await followTask(cli, taskId, io);
  } finally {
    stop();
  }
  const result = await cli.call('targets.onboardingResult', { name });
  if (!result) throw new Error('Onboarding ended without a result.');
  const lines = result.steps.map((s) => `${s.changed ? 'changed  ' : 'unchanged'}  ${s.title} (${s.note})`);
  lines.push(`XR shell: ssh -p ${result.shell.port} ${result.shell.user}@${result.shell.host}, then sudo -i`);
  printResult(io, result, lines.join('\n'));
}

export async function execCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cli: { type: 'string' },
      shell: { type: 'boolean' },
      root: { type: 'boolean' },
      'accept-new': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  let name: string;
  let command: string;
  let where: 'cli' | 'shell' | 'root';
  if (values.cli !== undefined) {
    if (values.shell || values.root) throw new UsageError('Use either --cli "COMMAND" or --shell [--root] "COMMAND".');
    name = onePositional(positionals, 'NAME');
    command = values.cli;
    where = 'cli';
  } else if (values.shell) {
    if (positionals.length !== 2) throw new UsageError('Give the router and the command: xrcl exec NAME --shell [--root] "COMMAND".');
    [name, command] = positionals as [string, string];
    where = values.root ? 'root' : 'shell';
  } else {
    throw new UsageError('Say where the command runs: --cli "COMMAND" or --shell [--root] "COMMAND".');
  }
  const stop = answerPromptsOnTerminal(cli, io);
  try {
    const r = await cli.call('targets.exec', { name, where, command, ...(values['accept-new'] ? { acceptNew: true } : {}) });
    printResult(io, r, r.output.replace(/\n$/, ''));
    process.exitCode = r.exitStatus;
  } finally {
    stop();
  }
}
