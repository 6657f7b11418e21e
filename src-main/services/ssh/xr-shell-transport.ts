// Commands in the XR Linux shell (port 57722, or any Linux host over SSH). As the login user they
// run on an exec channel. As root they run in a shell reached with `sudo -i` (XR's tutorial way:
// plain sudo lacks the docker environment), kept open between commands: the sudo password is
// typed when sudo asks for it, never echoed or logged, and each command's output and exit
// status are read between unique markers printed by the shell itself, not guessed from prompts.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { DialogStep } from '../transport/dialog';
import type { PromptCenter } from '../prompts/prompt-center';
import { redact } from '../transport/redact';
import { DEFAULT_TIMEOUT_MS, type Transport, type TransportResult, type TransportRunOptions } from '../transport/transport';
import { ChannelExpect } from './channel-expect';
import { XR_PROMPT } from './xr-cli-prompts';
import type { SshConnection } from './ssh-connection';
import type { SshPool } from './ssh-pool';
import { describeTarget, type SshTarget } from './ssh-target';

export interface XrShellOptions {
  pool: SshPool;
  /** Where the commands count as typed: the router's Linux shell (default), or a devbox. */
  place?: 'XR shell' | 'devbox';
  target: SshTarget;
  /** Run as root through `sudo -i`. */
  asRoot?: boolean;
  /** The sudo password; defaults to the login password, then asks through `prompts`. */
  sudoPassword?: string;
  prompts?: PromptCenter;
  /** Time allowed for sudo and the root shell to come up. Default 30 s. */
  setupTimeoutMs?: number;
}

// sudo's own prompt (`[sudo] password for cisco: `) or the bare `Password: ` XR's sudo shows (D612).
const SUDO_PROMPT = /(?:\[sudo\] password for [^\r\n:]*|^Password|\nPassword|\rPassword): ?$/;
/** XR's root shell prompt, `[ncs5508:~]$` (brackets, and `$` even as root). */
const XR_ROOT_PROMPT = /\[[^\]\r\n]+:[^\]\r\n]*\]\$ ?$/;
const SUDO_REFUSED = /is not in the sudoers file|is not allowed to execute|may not run sudo|a password is required|incorrect password attempts|Sorry, try again/;

export class XrShellTransport implements Transport {
  readonly place: 'XR shell' | 'devbox';
  readonly asRoot: boolean;
  private root: RootShell | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: XrShellOptions) {
    this.place = o.place ?? 'XR shell';
    this.asRoot = o.asRoot ?? false;
  }

  describe(): string {
    return describeTarget(this.o.target);
  }

  run(command: string, opts: TransportRunOptions = {}): Promise<TransportResult> {
    if (!this.o.asRoot) return this.runAsUser(command, opts);
    // One root shell, one command at a time.
    const next = this.queue.then(() => this.runAsRoot(command, opts));
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.root?.close();
    this.root = null;
  }

  private async runAsUser(command: string, opts: TransportRunOptions): Promise<TransportResult> {
    const conn = await this.o.pool.get(this.o.target, { signal: opts.signal });
    return conn.exec(command, { signal: opts.signal, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, onOutput: opts.onOutput, stdin: opts.stdin });
  }

  private async runAsRoot(command: string, opts: TransportRunOptions): Promise<TransportResult> {
    if (!this.root || this.root.closed) {
      this.root = null;
      const conn = await this.o.pool.get(this.o.target, { signal: opts.signal });
      // The password is looked up (or asked for) only when sudo actually asks.
      this.root = await RootShell.open(conn, this.describe(), () => this.sudoPassword(opts.signal), {
        timeoutMs: this.o.setupTimeoutMs ?? 30_000,
        signal: opts.signal,
      });
    }
    const shell = this.root;
    try {
      return await shell.run(command, opts);
    } catch (err) {
      // After a timeout or cancel the shell's state is unknown: start clean next time.
      shell.close();
      if (this.root === shell) this.root = null;
      throw err;
    }
  }

  private async sudoPassword(signal?: AbortSignal): Promise<string | null> {
    if (this.o.sudoPassword !== undefined) return this.o.sudoPassword;
    if (this.o.target.auth.password !== undefined) return this.o.target.auth.password;
    if (!this.o.prompts) return null;
    return this.o.prompts.ask(
      { kind: 'password', title: `sudo password for ${this.o.target.username}`, message: `sudo -i on ${this.describe()} needs the password of ${this.o.target.username}.`, device: this.describe() },
      { signal },
    );
  }
}

/** A root shell read by markers: entered with `sudo -i` over 57722, or with `bash` from the XR CLI. */
export class RootShell {
  private secret: string | null = null;

  private constructor(
    private readonly io: ChannelExpect,
    private readonly where: string,
    private readonly getPassword: () => Promise<string | null>,
  ) {}

  private async password(): Promise<string | null> {
    this.secret ??= await this.getPassword();
    return this.secret;
  }

  get closed(): boolean {
    return this.io.closed;
  }

  close(): void {
    this.io.close();
  }

  static async open(
    conn: SshConnection,
    where: string,
    getPassword: () => Promise<string | null>,
    o: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<RootShell> {
    const chan = await conn.shell({ term: 'dumb', cols: 512, rows: 24 });
    const io = new ChannelExpect(chan, where);
    const shell = new RootShell(io, where, getPassword);
    try {
      await shell.becomeRoot(o);
      return shell;
    } catch (err) {
      io.close();
      throw err;
    }
  }

  /**
   * Root through the XR CLI's `bash` (xr-facts 1.2): the only root a physical router offers
   * before onboarding opens 57722. The CLI must let this user run `bash` (root-lr, netadmin).
   */
  static async fromCliBash(conn: SshConnection, where: string, o: { timeoutMs: number; signal?: AbortSignal }): Promise<RootShell> {
    const chan = await conn.shell({ term: 'dumb', cols: 512, rows: 24 });
    const io = new ChannelExpect(chan, where);
    const shell = new RootShell(io, where, async () => null);
    try {
      const deadline = Date.now() + o.timeoutMs;
      const left = (): number => Math.max(1, deadline - Date.now());
      await io.expect([XR_PROMPT], { timeoutMs: left(), signal: o.signal, what: 'the XR CLI prompt', command: 'bash' });
      io.write('bash\r');
      const m = await io.expect([XR_ROOT_PROMPT, XR_PROMPT], { timeoutMs: left(), signal: o.signal, what: 'the XR shell prompt ([host:~]$)', command: 'bash' });
      if (m.index === 1) {
        throw new AppError(`The XR CLI of ${where} did not open a shell for \`bash\`.`, {
          code: 'XR_BASH_REFUSED',
          device: where,
          command: 'bash',
          detail: m.before.replace(/\r/g, '').trim().slice(-1000),
          fix: 'Log in with an XR user in the root-lr (or netadmin) group: only such users may run bash.',
        });
      }
      await shell.setUp(randomBytes(6).toString('hex'), left(), o.signal);
      return shell;
    } catch (err) {
      io.close();
      throw err;
    }
  }

  /** No echo, no prompts, no history: a shell read only between markers. */
  private async setUp(id: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    this.io.write(`unset HISTFILE; stty -echo 2>/dev/null; set +o emacs +o vi 2>/dev/null; PS1=''; PS2=''; unset PROMPT_COMMAND; printf '%s_%s\\n' XRCLR ${id}\n`);
    await this.io.expect([new RegExp(`XRCLR_${id}\\r?\\n`)], { timeoutMs, signal, what: 'the shell getting ready', command: 'bash' });
    this.io.discard();
  }

  private async becomeRoot(o: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
    const id = randomBytes(6).toString('hex');
    const deadline = Date.now() + o.timeoutMs;
    const left = (): number => Math.max(1, deadline - Date.now());
    // Step 1, as the login user: have sudo check the password, then say how it went. The marker
    // is assembled by printf, so the echoed line never matches it.
    // No history file: what the app types (tokens in a docker login, say) stays out of ~/.bash_history.
    this.io.write(`unset HISTFILE; stty -echo 2>/dev/null; sudo -v; printf '%s_%s:%d\\n' XRCLV ${id} $?\n`);
    const verified = new RegExp(`XRCLV_${id}:(\\d+)\\r?\\n`);
    let asked = 0;
    for (;;) {
      const m = await this.io.expect([verified, SUDO_PROMPT], { timeoutMs: left(), signal: o.signal, what: 'sudo finishing', command: 'sudo -i' });
      if (m.index === 1) {
        asked++;
        if (asked > 1) return this.refused(m.before + m.match[0], true);
        const pw = await this.password();
        if (pw === null) return this.noPassword();
        this.io.write(`${pw}\n`);
        continue;
      }
      if (m.match[1] !== '0') return this.refused(m.before, false);
      break;
    }
    // Step 2: the root login shell, set up for reading by markers: no echo, no prompts.
    const ready = new RegExp(`XRCLR_${id}\\r?\\n`);
    const setup = `unset HISTFILE; stty -echo 2>/dev/null; set +o emacs +o vi 2>/dev/null; PS1=''; PS2=''; unset PROMPT_COMMAND; printf '%s_%s\\n' XRCLR ${id}\n`;
    this.io.write('exec sudo -i\n');
    this.io.write(setup);
    asked = 0;
    for (;;) {
      const m = await this.io.expect([ready, SUDO_PROMPT], { timeoutMs: left(), signal: o.signal, what: 'the root shell', command: 'sudo -i' });
      if (m.index === 0) break;
      // A sudo without cached credentials asks again; the setup line typed ahead may have been
      // taken as a wrong answer, so allow one retry, then type the setup again.
      asked++;
      if (asked > 2) return this.refused(m.before + m.match[0], true);
      const pw = await this.password();
      if (pw === null) return this.noPassword();
      this.io.write(`${pw}\n`);
      this.io.write(setup);
    }
    this.io.discard();
  }

  private noPassword(): never {
    throw new AppError(`sudo on ${this.where} asks for a password, and the app has none for this user.`, {
      code: 'SUDO_PASSWORD_NEEDED',
      device: this.where,
      command: 'sudo -i',
      fix: 'Give the password of this user in the router settings, or allow the user sudo without a password (NOPASSWD).',
    });
  }

  private refused(text: string, wrongPassword: boolean): never {
    const shown = redact(text, this.secret ? [this.secret] : []).replace(/\r/g, '').trim();
    const notAllowed = SUDO_REFUSED.test(text) && !/Sorry, try again/.test(text);
    throw new AppError(
      wrongPassword ? `sudo on ${this.where} did not accept the password.` : `sudo -i on ${this.where} failed.`,
      {
        code: 'SUDO_FAILED',
        device: this.where,
        command: 'sudo -i',
        detail: shown.slice(-1000),
        fix: notAllowed || !wrongPassword
          ? 'The user needs sudo rights: as root on the router, uncomment `%sudo ALL=(ALL) ALL` in /etc/sudoers and add the user to the sudo group.'
          : 'Check the password of this user on the router (the Linux user, which may differ from the XR CLI user).',
      },
    );
  }

  /**
   * Runs an interactive command and answers its questions in order (adduser's dialog). The
   * command and its end marker go on one line, so the shell has read both before the command
   * reads the answers; answers marked secret are never part of the returned output.
   */
  async dialog(command: string, steps: readonly DialogStep[], opts: TransportRunOptions = {}): Promise<TransportResult> {
    const id = randomBytes(6).toString('hex');
    const end = new RegExp(`\\r?\\n?XRCLE_${id}:(\\d+)\\r?\\n`);
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    const left = (): number => Math.max(1, deadline - Date.now());
    const secrets = [...steps.filter((s) => s.secret).map((s) => s.send), ...(this.secret ? [this.secret] : [])];
    this.io.discard();
    this.io.write(`${command}; printf '\\n%s_%s:%d\\n' XRCLE ${id} $?\n`);
    let output = '';
    let next = 0;
    for (;;) {
      // The next question, any optional ones before it, or the end of the command.
      const candidates: number[] = [];
      for (let i = next; i < steps.length; i++) {
        candidates.push(i);
        if (!steps[i]!.optional) break;
      }
      const m = await this.io.expect([end, ...candidates.map((i) => steps[i]!.expect)], {
        timeoutMs: left(),
        signal: opts.signal,
        what: next < steps.length ? `the question matching ${steps[next]!.expect}` : 'the command finishing',
        command,
      });
      output += m.before + (m.index === 0 ? '' : m.match[0]);
      const text = redact(m.before + (m.index === 0 ? '' : m.match[0]), secrets);
      opts.onOutput?.(Buffer.from(text.replace(/\r\n/g, '\n'), 'utf8'));
      if (m.index === 0) {
        const clean = redact(output.replace(/\r\n/g, '\n'), secrets);
        const missing = steps.slice(next).find((s) => !s.optional);
        if (missing) {
          throw new AppError(`"${command}" ended before it asked ${missing.expect}.`, {
            code: 'DIALOG_ENDED',
            device: this.where,
            command,
            detail: clean.slice(-2000),
            fix: 'Read the output: the command may have refused an answer. Fix that, then run the step again.',
          });
        }
        return { output: clean, exitStatus: Number(m.match[1]) };
      }
      const step = candidates[m.index - 1]!;
      this.io.write(`${steps[step]!.send}\n`);
      next = step + 1;
    }
  }

  async run(command: string, opts: TransportRunOptions): Promise<TransportResult> {
    const id = randomBytes(6).toString('hex');
    const start = new RegExp(`XRCLS_${id}\\r?\\n`);
    const end = new RegExp(`\\r?\\n?XRCLE_${id}:(\\d+)\\r?\\n`);
    const body = opts.stdin === undefined ? command : withStdin(command, opts.stdin, id);
    // The command runs in a subshell-free group so `cd` or `exit` codes behave as typed; a
    // newline before the end marker keeps it on its own line after output without one.
    this.io.write(`printf '%s_%s\\n' XRCLS ${id}\n${body}\nprintf '\\n%s_%s:%d\\n' XRCLE ${id} $?\n`);
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const t0 = Date.now();
    await this.io.expect([start], { timeoutMs, signal: opts.signal, what: 'the command starting', command });
    const stream = new MarkerStream(`XRCLE_${id}`, opts.onOutput);
    stream.push(this.io.pending);
    this.io.onText = (t) => stream.push(t);
    try {
      const m = await this.io.expect([end], { timeoutMs: Math.max(1, timeoutMs - (Date.now() - t0)), signal: opts.signal, what: 'the command finishing', command });
      const output = m.before.replace(/\r\n/g, '\n');
      // The marker adds a newline of its own; drop it so output is exactly what the command printed.
      return { output: redact(output, this.secret ? [this.secret] : []), exitStatus: Number(m.match[1]) };
    } finally {
      this.io.onText = null;
    }
  }
}

/** Feeds the command's input through base64, so any bytes reach it unchanged. */
function withStdin(command: string, stdin: string | Buffer, id: string): string {
  const b64 = Buffer.from(stdin).toString('base64').replace(/.{1,76}/g, '$&\n');
  // The here-document's body starts after the line holding `<<`, so that line closes the groups.
  return `{ base64 -d | { ${command}\n}; } <<'XRCLIN_${id}'\n${b64}XRCLIN_${id}`;
}

/** Streams output until the end marker, holding back text that could be the marker's start. */
class MarkerStream {
  private held = '';
  private done = false;

  constructor(
    private readonly marker: string,
    private readonly onOutput?: (chunk: Buffer) => void,
  ) {}

  push(text: string): void {
    if (this.done || !this.onOutput || !text) return;
    const all = this.held + text;
    const at = all.indexOf(this.marker);
    if (at >= 0) {
      this.done = true;
      this.emit(all.slice(0, at).replace(/\r?\n$/, ''));
      return;
    }
    // Keep back the longest tail that could be the start of the end marker (with its newline).
    const forms = ['\r\n' + this.marker, '\n' + this.marker, this.marker];
    let keep = 0;
    for (let n = Math.min(this.marker.length + 1, all.length); n > 0 && keep === 0; n--) {
      const tail = all.slice(-n);
      if (forms.some((f) => f.startsWith(tail))) keep = n;
    }
    this.emit(all.slice(0, all.length - keep));
    this.held = all.slice(all.length - keep);
  }

  private emit(text: string): void {
    if (text) this.onOutput?.(Buffer.from(text.replace(/\r\n/g, '\n'), 'utf8'));
  }
}
