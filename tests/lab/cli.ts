// `npm run lab -- <command>`: a thin shell over lab-api.ts. Prints JSON on stdout, errors
// (with their fix) on stderr, exit code 1 on failure, 2 when `fault` is asked wrongly (one line
// naming the problem).
import { FAULTS, type FaultName } from './control-socket.js';
import { labDown, labFault, labStatus, labUp, type LabPlatform, type LabRole } from './lab-api.js';

const USAGE = `Usage:
  npm run lab -- up [--platform vagrant|ncs5500|asr9k] [--role router|devbox] [--name NAME] [--disk-mb N] [--user U --password P]
  npm run lab -- down [--name NAME | --all]
  npm run lab -- status
  npm run lab -- fault <${FAULTS.join('|')}> --name NAME`;

/** A mistake in how a command was asked: one line on stderr, exit code 2. */
class UsageError extends Error {}

function parse(argv: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) flags.set(k, v);
      else if (argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith('--')) flags.set(k, argv[++i] as string);
      else flags.set(k, true);
    } else positional.push(a);
  }
  return { positional, flags };
}

function str(flags: Map<string, string | true>, k: string): string | undefined {
  const v = flags.get(k);
  if (v === true) throw new Error(`--${k} needs a value.\n${USAGE}`);
  return v;
}

async function main(): Promise<void> {
  const { positional, flags } = parse(process.argv.slice(2));
  const [cmd, arg] = positional;
  let out: unknown;
  switch (cmd) {
    case 'up': {
      const disk = str(flags, 'disk-mb');
      out = await labUp({
        platform: str(flags, 'platform') as LabPlatform | undefined,
        role: str(flags, 'role') as LabRole | undefined,
        name: str(flags, 'name'),
        diskMb: disk === undefined ? undefined : Number(disk),
        user: str(flags, 'user'),
        password: str(flags, 'password'),
      });
      break;
    }
    case 'down':
      out = { removed: await labDown({ name: str(flags, 'name'), all: flags.get('all') === true }) };
      break;
    case 'status':
      out = await labStatus();
      break;
    case 'fault': {
      const faults = FAULTS.join('|');
      if (!arg) throw new UsageError(`fault: say which fault (${faults}) and --name NAME.`);
      if (!FAULTS.includes(arg as FaultName)) throw new UsageError(`fault: unknown fault '${arg}': use one of ${faults}.`);
      const name = flags.get('name');
      if (typeof name !== 'string') {
        throw new UsageError(`fault ${arg}: --name NAME is missing (the lab to act on; \`npm run lab -- status\` lists them).`);
      }
      out = { fault: arg, name, detail: await labFault(name, arg as FaultName) };
      break;
    }
    default:
      throw new Error(USAGE);
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`lab: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
