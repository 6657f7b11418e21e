// Commands on this computer: split as a POSIX shell would, then run without a shell through the
// one command runner (whole process tree stopped on timeout or cancel).
import { AppError } from '../../../src-shared/errors';
import { runCommand, type CommandResult } from '../exec/command-runner';
import { tailLines } from '../exec/output-tail';
import { splitCommand } from './split-command';
import { DEFAULT_TIMEOUT_MS, type Transport, type TransportResult, type TransportRunOptions } from './transport';

export interface LocalTransportOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export class LocalTransport implements Transport {
  readonly place = 'this computer' as const;

  constructor(private readonly options: LocalTransportOptions = {}) {}

  describe(): string {
    return 'this computer';
  }

  async run(command: string, opts: TransportRunOptions = {}): Promise<TransportResult> {
    const [file, ...args] = splitCommand(command);
    return this.runArgv(file!, args, opts, command);
  }

  /** The same, from argv (no splitting); `shown` is the command as typed, for errors. */
  async runArgv(file: string, args: string[], opts: TransportRunOptions = {}, shown?: string): Promise<TransportResult> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let output = '';
    const r = await runCommand(
      {
        file,
        args,
        timeoutMs,
        cwd: this.options.cwd,
        env: this.options.env,
        input: opts.stdin === undefined ? undefined : opts.stdin.toString(),
      },
      {
        signal: opts.signal,
        shellStyle: 'posix',
        onOutput: (text) => {
          output += text;
          opts.onOutput?.(Buffer.from(text, 'utf8'));
        },
      },
    );
    const failure = explainFailure(r, shown ?? r.command, timeoutMs, output);
    if (failure) throw failure;
    // Signals count as a shell reports them: 128 + number.
    const status = r.exitCode ?? (r.signal ? 128 + signalNumber(r.signal) : 1);
    return { output, exitStatus: status };
  }
}

function explainFailure(r: CommandResult, command: string, timeoutMs: number, output: string): AppError | null {
  const base = { device: 'this computer', command, detail: tailLines(output) };
  if (r.cancelled) return new AppError('Cancelled by the user.', { ...base, code: 'CANCELLED', name: 'CancelledError' });
  if (r.timedOut) {
    return new AppError(`The command did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`, {
      ...base,
      code: 'TIMEOUT',
      fix: 'Check what it was waiting for in its output, then run the step again.',
    });
  }
  if (r.notFound) {
    return new AppError(r.error ?? 'The program was not found.', {
      ...base,
      code: 'NOT_FOUND',
      fix: 'Install it, or make sure it is on the PATH, then run the step again.',
    });
  }
  if (r.error) return new AppError(r.error, { ...base, code: 'COMMAND_FAILED', fix: 'Check the program and its folder.' });
  return null;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13 };
function signalNumber(name: string): number {
  return SIGNALS[name] ?? 0;
}
