// Commands in the XR CLI (SSH port 22): one interactive shell kept open, as a person would use it.
// On login the terminal is set for automation (no paging, wide lines, no timestamp when the
// router accepts it). Each command's echo, timestamp line and closing prompt are removed from
// its output; dialogs are answered; parser errors become AppErrors with the caret's column; and
// configure() commits a set of lines or, on a failed commit, reads why and aborts everything.
import { AppError } from '../../../src-shared/errors';
import { loggedRun, type LoggedRunContext } from '../transport/logged-run';
import { DEFAULT_TIMEOUT_MS, type Transport, type TransportResult, type TransportRunOptions } from '../transport/transport';
import { ChannelExpect } from './channel-expect';
import type { SshPool } from './ssh-pool';
import { describeTarget, type SshTarget } from './ssh-target';
import {
  XR_COMMIT_FAILED,
  XR_DIALOGS,
  XR_PARSE_ERROR,
  XR_PROMPT,
  XR_TIMESTAMP_LINE,
  promptMode,
  type XrCliMode,
  type XrDialogAnswers,
} from './xr-cli-prompts';

export interface XrCliTransportOptions {
  pool: SshPool;
  target: SshTarget;
  /** How dialogs are answered (default: yes, default modulus, confirm). */
  answers?: XrDialogAnswers;
  loginTimeoutMs?: number;
}

export interface XrCliRunOptions extends TransportRunOptions {
  answers?: XrDialogAnswers;
}

export class XrCliTransport implements Transport {
  readonly place = 'XR CLI' as const;
  private session: CliSession | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: XrCliTransportOptions) {}

  describe(): string {
    return describeTarget(this.o.target);
  }

  /** The prompt last seen, e.g. `RP/0/RP0/CPU0:ncs5508#` (null before login). */
  get prompt(): string | null {
    return this.session?.prompt ?? null;
  }

  run(command: string, opts: XrCliRunOptions = {}): Promise<TransportResult> {
    return this.serial(async () => (await this.open(opts.signal)).send(command, { ...opts, answers: { ...this.o.answers, ...opts.answers } }));
  }

  /**
   * Enters config mode, sends the lines, commits and leaves. A rejected line or a failed commit
   * aborts the whole candidate, so nothing is half-applied, and throws with XR's explanation.
   * Every line goes through loggedRun, so the task log and the records read as typed by hand.
   */
  configure(lines: string[], ctx: LoggedRunContext = {}, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string> {
    return this.serial(async () => {
      const session = await this.open(opts.signal);
      const step: Transport = {
        place: this.place,
        describe: () => this.describe(),
        run: (cmd, o) => session.send(cmd, { ...o, answers: this.o.answers }),
      };
      const say = (cmd: string): Promise<TransportResult> => loggedRun(step, cmd, ctx, { signal: opts.signal, timeoutMs: opts.timeoutMs });
      const abort = async (): Promise<void> => {
        if (session.closed || session.mode !== 'config') return;
        await say('abort').catch(() => session.close());
      };
      await say('configure');
      try {
        for (const line of lines) await say(line);
      } catch (err) {
        await abort();
        throw err;
      }
      const commit = await say('commit').catch(async (err: unknown) => {
        await abort();
        throw err;
      });
      if (XR_COMMIT_FAILED.test(commit.output)) {
        const failed = await say('show configuration failed').catch(() => ({ output: '' }));
        await abort();
        throw new AppError(`${this.describe()} refused the configuration; nothing was applied.`, {
          code: 'CONFIG_COMMIT_FAILED',
          device: this.describe(),
          command: ['configure', ...lines, 'commit'].join('\n'),
          detail: (failed.output.trim() || commit.output.trim()).slice(-3000),
          fix: 'Read the lines marked !!% in the detail (XR\'s `show configuration failed`), correct them and apply again.',
        });
      }
      await say('end');
      return commit.output;
    });
  }

  close(): void {
    this.session?.close();
    this.session = null;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async open(signal?: AbortSignal): Promise<CliSession> {
    if (this.session && !this.session.closed) return this.session;
    this.session = null;
    const conn = await this.o.pool.get(this.o.target, { signal });
    const chan = await conn.shell({ term: 'vt100', cols: 512, rows: 24 });
    const s = new CliSession(new ChannelExpect(chan, this.describe()), this.describe());
    try {
      await s.login(this.o.loginTimeoutMs ?? 30_000, signal);
    } catch (err) {
      s.close();
      throw err;
    }
    this.session = s;
    return s;
  }
}

class CliSession {
  prompt = '';
  mode: XrCliMode = 'exec';

  constructor(
    private readonly io: ChannelExpect,
    private readonly where: string,
  ) {}

  get closed(): boolean {
    return this.io.closed;
  }

  close(): void {
    this.io.close();
  }

  async login(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const m = await this.io.expect([XR_PROMPT], { timeoutMs, signal, what: 'the XR CLI prompt (RP/0/.../CPU0:host#)' });
    this.prompt = m.match[1]!;
    this.mode = promptMode(m.match);
    await this.send('terminal length 0', { timeoutMs });
    await this.send('terminal width 512', { timeoutMs });
    // Older releases do not know this one; the timestamp lines are then removed from output.
    await this.send('terminal exec prompt no-timestamp', { timeoutMs }).catch((err: unknown) => {
      if (!(err instanceof AppError && err.code === 'XR_INVALID_INPUT')) throw err;
    });
  }

  async send(command: string, opts: XrCliRunOptions): Promise<TransportResult> {
    if (/[\r\n]/.test(command)) {
      throw new AppError('One XR CLI command per line.', { code: 'BAD_INPUT', command, fix: 'Send the lines one at a time (configure() does this for config).' });
    }
    const promptBefore = this.prompt;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    const stream = new LineStream(command, opts.onOutput);
    this.io.onText = (t) => stream.push(t);
    let text = '';
    try {
      this.io.write(command + '\r');
      for (;;) {
        const m = await this.io.expect([XR_PROMPT, ...XR_DIALOGS.map((d) => d.pattern)], {
          timeoutMs: Math.max(1, deadline - Date.now()),
          signal: opts.signal,
          what: 'the prompt after the command',
          command,
        });
        text += m.before + m.match[0];
        if (m.index === 0) {
          text = text.slice(0, text.length - m.match[0].length);
          this.prompt = m.match[1]!;
          this.mode = promptMode(m.match);
          break;
        }
        this.io.write(XR_DIALOGS[m.index - 1]!.answer(opts.answers ?? {}) + '\r');
      }
    } catch (err) {
      // After a timeout or cancel the CLI's state is unknown: the next command opens a new session.
      this.close();
      throw err;
    } finally {
      this.io.onText = null;
    }
    const output = cleanOutput(text, command);
    const parse = XR_PARSE_ERROR.exec(output);
    if (parse) throw parseError(output, parse[1]!, command, promptBefore, this.where);
    return { output, exitStatus: 0 };
  }
}

/** Drops the echoed command line and the timestamp line, and uses \n line ends. */
function cleanOutput(raw: string, command: string): string {
  let t = raw.replace(/\r+\n/g, '\n').replace(/^\n+/, '');
  const firstNl = t.indexOf('\n');
  if (firstNl >= 0 && t.slice(0, firstNl).trimEnd().endsWith(command.trimEnd())) t = t.slice(firstNl + 1);
  else if (firstNl < 0 && t.trimEnd().endsWith(command.trimEnd())) t = '';
  t = t.replace(XR_TIMESTAMP_LINE, '');
  return t;
}

function parseError(output: string, what: string, command: string, prompt: string, where: string): AppError {
  const lines = output.split('\n');
  const caretLine = lines.find((l) => /^\s*\^\s*$/.test(l));
  // On a terminal the caret counts the prompt too; without echo XR repeats the line first.
  let column: number | null = null;
  if (caretLine !== undefined) {
    const at = caretLine.indexOf('^');
    column = at >= prompt.length ? at - prompt.length : at;
  }
  const word = column === null ? '' : (/^\S*/.exec(command.slice(column))?.[0] ?? '');
  const invalid = what.startsWith('Invalid');
  const where1 = column === null ? '' : ` at column ${column + 1}${word ? ` ("${word}")` : ''}`;
  return new AppError(`The XR CLI did not accept "${command}": % ${what}${invalid ? where1 : ''}`, {
    code: invalid ? 'XR_INVALID_INPUT' : what.startsWith('Incomplete') ? 'XR_INCOMPLETE_COMMAND' : 'XR_AMBIGUOUS_COMMAND',
    device: where,
    command,
    detail: `${command}\n${column === null ? '' : ' '.repeat(column) + '^\n'}${output.trim()}`,
    fix: invalid
      ? 'Check the word at the marker: a typo, or a command this XR release or platform does not have.'
      : 'Complete the command (XR\'s `?` lists what may follow).',
  });
}

/**
 * Streams complete lines of a command's output: the echo and timestamp line are skipped and
 * the last, unfinished line is held back, since at the end it is the prompt.
 */
class LineStream {
  private held = '';
  private lineNo = 0;

  constructor(
    private readonly command: string,
    private readonly onOutput?: (chunk: Buffer) => void,
  ) {}

  push(text: string): void {
    if (!this.onOutput) return;
    const all = this.held + text.replace(/\r+\n/g, '\n');
    const cut = all.lastIndexOf('\n') + 1;
    this.held = all.slice(cut);
    const lines = all.slice(0, cut).split('\n').slice(0, -1);
    let out = '';
    for (const line of lines) {
      const n = this.lineNo++;
      if (n === 0 && line.trim() === '') {
        this.lineNo = 0;
        continue;
      }
      if (n === 0 && line.trimEnd().endsWith(this.command.trimEnd())) continue;
      if (n <= 1 && XR_TIMESTAMP_LINE.test(line + '\n')) continue;
      out += line + '\n';
    }
    if (out) this.onOutput(Buffer.from(out, 'utf8'));
  }
}
