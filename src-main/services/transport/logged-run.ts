// Runs a command on a transport the way the app always does: `$ command` and its output go to the
// task log as they happen, and a CommandRecord goes to the recorder, with every secret replaced
// by a placeholder in both. Errors keep their AppError shape, with device and command filled in.
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../../src-shared/errors';
import type { TaskContext } from '../tasks/task-manager';
import { tailLines } from '../exec/output-tail';
import type { CommandRecorder } from './command-recorder';
import { redact, StreamRedactor } from './redact';
import type { Transport, TransportResult, TransportRunOptions } from './transport';

export interface LoggedRunContext {
  /** The task whose log shows the command; its signal cancels the command too. */
  task?: Pick<TaskContext, 'log' | 'signal'>;
  recorder?: CommandRecorder;
  /** Secrets that may appear in the command, its output or an error: replaced by `<password>`. */
  redact?: readonly string[];
  /** The command as a person would type it, when it differs from what is sent (already safe to show). */
  display?: string;
}

export interface LoggedRunOptions extends Omit<TransportRunOptions, 'onOutput'> {
  onOutput?: (text: string) => void;
  /** Lines of output kept in the record. Default 20. */
  tailLines?: number;
}

const toTerminal = (s: string): string => s.replace(/\r?\n/g, '\r\n');

export async function loggedRun(
  transport: Transport,
  command: string,
  ctx: LoggedRunContext,
  opts: LoggedRunOptions = {},
): Promise<TransportResult> {
  const secrets = ctx.redact ?? [];
  const shown = redact(ctx.display ?? command, secrets);
  const target = redact(transport.describe(), secrets);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const log = (text: string): void => {
    if (text) ctx.task?.log(toTerminal(text));
  };
  log(`$ ${shown}\n`);

  const decoder = new StringDecoder('utf8');
  const stream = new StreamRedactor(secrets);
  let endedWithNewline = true;
  const emit = (text: string): void => {
    if (!text) return;
    endedWithNewline = text.endsWith('\n');
    log(text);
    opts.onOutput?.(text);
  };
  const signals = [opts.signal, ctx.task?.signal].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];

  const record = (exitStatus: number | null, output: string, error?: string): void => {
    ctx.recorder?.append({
      place: transport.place,
      target,
      command: shown,
      ...(transport.asRoot ? { asRoot: true } : {}),
      exitStatus,
      outputTail: tailLines(redact(output, secrets), opts.tailLines ?? 20),
      startedAt,
      durationMs: Math.round(performance.now() - t0),
      ...(error !== undefined ? { error: redact(error, secrets) } : {}),
    });
  };

  try {
    const result = await transport.run(command, {
      signal,
      timeoutMs: opts.timeoutMs,
      stdin: opts.stdin,
      onOutput: (chunk) => emit(stream.push(decoder.write(chunk))),
    });
    emit(stream.push(decoder.end()) + stream.end());
    if (!endedWithNewline) log('\n');
    record(result.exitStatus, result.output);
    return { output: redactedIfNeeded(result.output, secrets), exitStatus: result.exitStatus };
  } catch (err) {
    emit(stream.push(decoder.end()) + stream.end());
    const e = asAppError(err, transport, shown, secrets);
    log(`${endedWithNewline ? '' : '\n'}! ${e.message}\n`);
    record(null, e.detail ?? '', e.message);
    throw e;
  }
}

// The caller gets the real output (it may need to parse it); only what is shown or stored is
// redacted. A secret echoed back in output is still a secret, so callers that pass one get it out.
function redactedIfNeeded(output: string, secrets: readonly string[]): string {
  return secrets.length ? redact(output, secrets) : output;
}

function asAppError(err: unknown, transport: Transport, command: string, secrets: readonly string[]): AppError {
  const device = redact(transport.describe(), secrets);
  if (err instanceof AppError) {
    return new AppError(redact(err.message, secrets), {
      code: err.code,
      name: err.name,
      fix: err.fix === undefined ? undefined : redact(err.fix, secrets),
      device: err.device ?? device,
      command: err.command === undefined ? command : redact(err.command, secrets),
      detail: err.detail === undefined ? undefined : redact(err.detail, secrets),
      // No `cause`: the original may hold the secret in plain text.
    });
  }
  const aborted = err instanceof Error && err.name === 'AbortError';
  const message = err instanceof Error ? err.message : String(err);
  return new AppError(aborted ? 'Cancelled by the user.' : redact(message, secrets), {
    code: aborted ? 'CANCELLED' : 'COMMAND_FAILED',
    name: aborted ? 'CancelledError' : 'AppError',
    device,
    command,
  });
}
