// One SSH connection (ssh2 Client): login by password, keyboard-interactive (answered with the
// password, as Cisco routers ask), private key or ssh-agent; host keys checked against the app's
// known_hosts with a prompt for new ones; keepalive; an optional jump host. Commands run on exec
// channels; interactive shells come from shell().
import { Client, type AnyAuthMethod, type ClientChannel, type ConnectConfig, type PseudoTtyOptions, type SFTPWrapper } from 'ssh2';
import type { Readable } from 'node:stream';
import { AppError } from '../../../src-shared/errors';
import type { PromptCenter } from '../prompts/prompt-center';
import { algorithmsFor } from './ssh-algorithms';
import { connectionLostError, sshConnectError } from './ssh-errors';
import { verifyHostKey } from './host-key-check';
import type { KnownHosts } from './known-hosts';
import { describeTarget, type SshTarget } from './ssh-target';

export interface SshDeps {
  knownHosts: KnownHosts;
  /** Where host-key and password questions go; without it unknown keys are refused. */
  prompts?: PromptCenter;
}

export interface ExecOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onOutput?: (chunk: Buffer) => void;
  stdin?: string | Buffer;
  pty?: PseudoTtyOptions | boolean;
}

const DEFAULT_READY_MS = 20_000;
const DEFAULT_KEEPALIVE_MS = 15_000;

export class SshConnection {
  private closed = false;
  private readonly closeListeners = new Set<(err?: AppError) => void>();
  private readonly openChannels = new Set<ClientChannel>();

  constructor(
    readonly client: Client,
    readonly target: SshTarget,
    private readonly jump: SshConnection | null,
  ) {
    client.on('close', () => this.markClosed());
    client.on('end', () => this.markClosed());
    // Errors after ready (keepalive timeout, reset) mean the connection is gone.
    client.on('error', () => this.markClosed());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  describe(): string {
    return describeTarget(this.target);
  }

  /** Called once when the connection goes away (dropped or closed). */
  onClose(cb: (err?: AppError) => void): () => void {
    if (this.closed) {
      cb(connectionLostError(this.describe()));
      return () => undefined;
    }
    this.closeListeners.add(cb);
    return () => this.closeListeners.delete(cb);
  }

  close(): void {
    if (!this.closed) this.client.end();
    this.markClosed();
    this.jump?.close();
  }

  /** Runs one command on an exec channel; output is stdout and stderr as they arrive. */
  async exec(command: string, opts: ExecOptions = {}): Promise<{ output: string; exitStatus: number }> {
    const opened = await this.openExec(command, opts.pty);
    const chan = opened.chan;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let done = false;
      const finish = (err: AppError | null): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        unsubscribe();
        if (err) {
          chan.close();
          return reject(err);
        }
        const output = Buffer.concat(chunks).toString('utf8');
        const exit = opened.exit;
        resolve({ output, exitStatus: exit?.code ?? (exit?.signal ? 128 + signalNumber(exit.signal) : 255) });
      };
      const onData = (b: Buffer): void => {
        chunks.push(b);
        opts.onOutput?.(b);
      };
      chan.on('data', onData);
      chan.stderr.on('data', onData);
      chan.on('close', () => finish(null));
      const where = this.describe();
      const unsubscribe = this.onClose(() => finish(connectionLostError(where, command)));
      const onAbort = (): void => {
        chan.signal?.('INT');
        finish(new AppError('Cancelled by the user.', { code: 'CANCELLED', name: 'CancelledError', device: where, command }));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.signal?.aborted) onAbort();
      const timeoutMs = opts.timeoutMs ?? 120_000;
      const timer = setTimeout(
        () =>
          finish(
            new AppError(`The command did not finish within ${Math.round(timeoutMs / 1000)} s on ${where}.`, {
              code: 'TIMEOUT',
              device: where,
              command,
              detail: Buffer.concat(chunks).toString('utf8').slice(-2000),
              fix: 'Check what it was waiting for in its output, then run the step again.',
            }),
          ),
        timeoutMs,
      );
      if (opts.stdin !== undefined) chan.end(opts.stdin);
      else chan.end();
    });
  }

  /** An interactive shell channel with a pty. */
  shell(pty: PseudoTtyOptions = { term: 'xterm-256color', cols: 120, rows: 40 }): Promise<ClientChannel> {
    return this.channel((cb) => this.client.shell(pty, cb));
  }

  /** An SFTP session on this connection (file copies with resume: open 'r+', positioned writes). */
  sftp(): Promise<SFTPWrapper> {
    if (this.closed) return Promise.reject(connectionLostError(this.describe(), 'sftp'));
    return new Promise((resolve, reject) => {
      const unsubscribe = this.onClose(() => reject(connectionLostError(this.describe(), 'sftp')));
      this.client.sftp((err, sftp) => {
        unsubscribe();
        if (err) {
          return reject(
            new AppError(`${this.describe()} refused an SFTP session: ${err.message}`, {
              code: 'SFTP_FAILED',
              device: this.describe(),
              command: 'sftp',
              fix: 'Enable the SFTP subsystem of the router\'s SSH server on this port (`Subsystem sftp` in its sshd configuration).',
            }),
          );
        }
        resolve(sftp);
      });
    });
  }

  /** One command on an exec channel with a pty, for a terminal to drive (`docker exec -it`). */
  execWithPty(command: string, pty: PseudoTtyOptions): Promise<ClientChannel> {
    return this.channel((cb) => this.client.exec(command, { pty }, cb), command);
  }

  /** A TCP stream to host:port from the server's side (a jump host's hop). */
  forwardOut(host: string, port: number): Promise<ClientChannel> {
    return this.channel((cb) => this.client.forwardOut('127.0.0.1', 0, host, port, cb));
  }

  /**
   * Opens an exec channel and starts recording its exit status at once: a fast command's
   * output, exit status and close can arrive in the same packet batch as the channel's
   * confirmation (seen through jump hosts), before an awaiting caller could listen.
   */
  private openExec(command: string, pty: ExecOptions['pty']): Promise<{ chan: ClientChannel; exit: { code: number | null; signal: string | null } | null }> {
    const box: { exit: { code: number | null; signal: string | null } | null } = { exit: null };
    return this.channel((cb) =>
      this.client.exec(command, pty ? { pty: pty === true ? {} : pty } : {}, (err, ch) => {
        ch?.on('exit', (code: number | null, signal?: string) => {
          box.exit = { code: code ?? null, signal: signal ?? null };
        });
        cb(err, ch);
      }),
      command,
    ).then((chan) => ({
      chan,
      get exit() {
        return box.exit;
      },
    }));
  }

  private channel(open: (cb: (err: Error | undefined, ch: ClientChannel) => void) => void, command?: string): Promise<ClientChannel> {
    if (this.closed) return Promise.reject(connectionLostError(this.describe(), command));
    return new Promise((resolve, reject) => {
      const unsubscribe = this.onClose(() => reject(connectionLostError(this.describe(), command)));
      try {
        open((err, ch) => {
          unsubscribe();
          if (err) {
            return reject(
              new AppError(`${this.describe()} refused to open a channel: ${err.message}`, {
                code: 'CHANNEL_FAILED',
                device: this.describe(),
                command,
                fix: 'The server may limit sessions per connection; close other sessions and try again.',
              }),
            );
          }
          this.openChannels.add(ch);
          ch.on('close', () => this.openChannels.delete(ch));
          resolve(ch);
        });
      } catch (err) {
        unsubscribe();
        reject(connectionLostError(this.describe(), command));
      }
    });
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    const err = connectionLostError(this.describe());
    for (const cb of [...this.closeListeners]) {
      try {
        cb(err);
      } catch {
        /* a listener's failure is its own */
      }
    }
    this.closeListeners.clear();
    this.jump?.close();
  }
}

/** Opens an SSH connection to `target` (through its jump host first, when it has one). */
export async function connectSsh(target: SshTarget, deps: SshDeps, opts: { signal?: AbortSignal } = {}): Promise<SshConnection> {
  const jump = target.jump ? await connectSsh(target.jump, deps, opts) : null;
  try {
    const sock = jump ? await jump.forwardOut(target.host, target.port).catch((err: AppError) => {
      throw new AppError(`${jump.describe()} could not reach ${target.host}:${target.port}: ${err.message}`, {
        code: 'UNREACHABLE',
        device: describeTarget(target),
        fix: 'Check that the jump host can reach the router (address, port, its own firewall).',
      });
    }) : undefined;
    const known = await deps.knownHosts.keysFor(target.host, target.port).catch(() => []);
    const client = await handshake(target, deps, sock, opts.signal, known.map((k) => k.algorithm));
    return new SshConnection(client, target, jump);
  } catch (err) {
    jump?.close();
    throw err;
  }
}

function handshake(
  target: SshTarget,
  deps: SshDeps,
  sock: Readable | undefined,
  signal: AbortSignal | undefined,
  knownKeyAlgorithms: string[],
): Promise<Client> {
  const where = describeTarget(target);
  const readyTimeoutMs = target.readyTimeoutMs ?? DEFAULT_READY_MS;
  const client = new Client();
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    let hostKeyError: AppError | null = null;
    let timer: NodeJS.Timeout | null = null;
    // Ends an open host-key question when the login fails under it (the server gave up waiting).
    const gone = new AbortController();
    const startTimer = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => fail(sshConnectError(Object.assign(new Error('Timed out'), { level: 'client-timeout' }), where, { readyTimeoutMs })), readyTimeoutMs);
    };
    const fail = (err: AppError): void => {
      if (settled) return;
      settled = true;
      cleanup();
      gone.abort();
      client.end();
      client.destroy?.();
      reject(err);
    };
    const onAbort = (): void => fail(new AppError('Cancelled by the user.', { code: 'CANCELLED', name: 'CancelledError', device: where }));
    const cleanup = (): void => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    client.once('ready', () => {
      if (settled) return;
      settled = true;
      cleanup();
      // Small requests and answers (a command, its prompt) go out at once, as OpenSSH does for
      // interactive sessions; with Nagle each round trip waits for a delayed ACK.
      client.setNoDelay(true);
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string }) => {
      // A refused host key surfaces as ssh2's handshake error: show ours, which says why.
      fail(hostKeyError ?? sshConnectError(err, where, { readyTimeoutMs }));
    });
    client.on('close', () => fail(hostKeyError ?? sshConnectError(Object.assign(new Error('Connection closed during login'), { code: 'ECONNRESET' }), where, { readyTimeoutMs })));

    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.username,
      ...(sock ? { sock } : {}),
      // Our own timer covers the handshake, paused while a person reads a host-key question.
      readyTimeout: 24 * 3600_000,
      keepaliveInterval: target.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
      keepaliveCountMax: 3,
      algorithms: algorithmsFor(target.algorithms, knownKeyAlgorithms),
      authHandler: authMethods(target),
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        verifyHostKey(key, {
          host: target.host,
          port: target.port,
          where,
          acceptNew: target.acceptNewHostKey ?? false,
          hashed: target.hashKnownHosts ?? false,
          knownHosts: deps.knownHosts,
          prompts: deps.prompts,
          signal: signal ? AbortSignal.any([signal, gone.signal]) : gone.signal,
          onAsking: (asking) => {
            if (asking && timer) clearTimeout(timer);
            else if (!asking) startTimer();
          },
        }).then(
          () => {
            if (!settled) verify(true);
          },
          (err: unknown) => {
            // After the login was given up, ssh2's side is gone: nothing left to tell it.
            if (settled) return;
            hostKeyError = err instanceof AppError ? err : sshConnectError(err, where, { readyTimeoutMs });
            verify(false);
          },
        );
      },
    };
    startTimer();
    client.connect(config);
  });
}

/** The login methods we have material for, in the order OpenSSH tries them. */
function authMethods(t: SshTarget): AnyAuthMethod[] {
  const a = t.auth;
  const username = t.username;
  const methods: AnyAuthMethod[] = [];
  if (a.privateKey) methods.push({ type: 'publickey', username, key: a.privateKey, ...(a.passphrase ? { passphrase: a.passphrase } : {}) });
  if (a.agent) methods.push({ type: 'agent', username, agent: a.agent });
  if (a.password !== undefined) {
    const password = a.password;
    methods.push({ type: 'password', username, password });
    // Routers ask `Password:` this way; any further prompt has no answer we could know.
    methods.push({ type: 'keyboard-interactive', username, prompt: (_n, _i, _l, prompts, finish) => finish(prompts.map(() => password)) });
  }
  if (methods.length === 0) methods.push({ type: 'none', username });
  return methods;
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, TERM: 15, PIPE: 13 };
function signalNumber(name: string): number {
  return SIGNALS[name.replace(/^SIG/, '')] ?? 0;
}
