// xrcl: the app's services from a terminal, for engineers who script. A third front door as thin
// as the web host: the same services, data folder and validated contract.
import { containerCommand, containerUsage, runbookCommand } from './commands/container-commands';
import { imageCommand, imageUsage } from './commands/image-commands';
import { registryCommand, registryUsage } from './commands/registry-commands';
import { vagrantCommand, vagrantUsage } from './commands/vagrant-commands';
import { execCommand, onboardCommand, routerUsage } from './commands/router-commands';
import { knownHostsCommand, targetCommand, targetUsage } from './commands/target-commands';
import { openCliServices, type CliServices } from './cli-services';
import { printFailure, processIo, UsageError, type CliIo } from './cli-io';

const usage = `xrcl: XR Container Lab from the command line.

${targetUsage}
${routerUsage}
${imageUsage}
${registryUsage}
${vagrantUsage}
${containerUsage}

Options for every command: --json prints exactly one JSON object on stdout (errors as
{"error": {"message", "fix", "code"}}); progress goes to stderr. Exit status: 0 success,
1 failure, 2 usage error. Passwords are read with --password-stdin, never from arguments.
Data folder: XRCL_HOME, or the app's usual folder.
`;

type Command = (args: string[], cli: CliServices, io: CliIo) => Promise<void>;
const commands: Record<string, Command> = {
  target: targetCommand,
  'known-hosts': knownHostsCommand,
  onboard: onboardCommand,
  exec: execCommand,
  image: imageCommand,
  registry: registryCommand,
  vagrant: vagrantCommand,
  container: containerCommand,
  runbook: runbookCommand,
};

export async function main(argv: string[]): Promise<number> {
  const io = processIo(argv.includes('--json'));
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage);
    return name ? 0 : 2;
  }
  let cli: CliServices | null = null;
  try {
    const command = commands[name];
    if (!command) throw new UsageError(`Unknown command "${name}".`);
    cli = openCliServices();
    await command(rest, cli, io);
    // exec exits with the remote command's status.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // parseArgs reports unknown or malformed options as TypeErrors with a code.
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return printFailure(io, new UsageError((err as Error).message));
    return printFailure(io, err);
  } finally {
    cli?.services.dispose();
  }
}

process.exitCode = await main(process.argv.slice(2));
