// A shell in a container on the router, as a terminal session: `docker exec -it` (or `docker
// attach` for an image without a shell) run as root through `sudo -i` on an SSH channel with a
// pty, so the container's shell sees a terminal and resizes reach it. sudo asks with a prompt
// of our own, answered once with the login's password; what the user types meanwhile waits
// until sudo is done (else it would be read as the password), then everything passes through.
import { randomBytes, randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import { clampSize, SessionEvents, type Session, type SessionExit } from '../sessions/session';
import type { SshConnection } from '../ssh/ssh-connection';
import { quoteArg } from '../exec/shell-quote';

export interface DockerExecSessionOptions {
  /** The docker command line, already quoted: `docker exec -it web sh`. */
  command: string;
  title: string;
  cols?: number;
  rows?: number;
  /** The sudo password, asked for only when sudo asks. */
  password: () => Promise<string | null>;
}

export class DockerExecSession implements Session {
  readonly id = randomUUID();
  readonly kind = 'docker' as const;
  private readonly events = new SessionEvents();

  /** Until sudo has let the command start: what the user types waits, unless sudo asks them. */
  private live = false;
  private userAnswers = false;
  private readonly held: string[] = [];

  private constructor(
    private readonly chan: ClientChannel,
    readonly title: string,
    prompt: string,
    ready: string,
    password: () => Promise<string | null>,
  ) {
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    let code: number | null = null;
    let signal: string | undefined;
    let buffer = '';
    let asked = 0;
    const take = (text: string): void => {
      if (this.live) return this.events.data(text);
      buffer += text;
      for (;;) {
        const p = buffer.indexOf(prompt);
        const r = buffer.indexOf(ready);
        if (r >= 0 && (p < 0 || r < p)) {
          // sudo is done and the shell is about to exec docker: from here on, all passes through.
          this.events.data(buffer.slice(0, r));
          const rest = buffer.slice(r + ready.length).replace(/^\r?\n/, '');
          buffer = '';
          this.live = true;
          this.events.data(rest);
          this.release();
          return;
        }
        if (p < 0) break;
        this.events.data(buffer.slice(0, p));
        buffer = buffer.slice(p + prompt.length);
        asked++;
        if (asked === 1) {
          void password().then(
            (pw) => {
              if (pw === null) {
                this.events.data('sudo asks for a password and none is known for this login.\r\n');
                chan.close();
              } else chan.write(`${pw}\n`);
            },
            () => chan.close(),
          );
        } else {
          // The stored password was refused: the user answers sudo in the terminal.
          this.events.data(`[sudo] password: `);
          this.userAnswers = true;
          this.release();
        }
      }
      // Show what cannot be the start of the prompt or the marker; keep the rest for the next chunk.
      let keep = 0;
      for (let n = Math.min(Math.max(prompt.length, ready.length) - 1, buffer.length); n > 0 && keep === 0; n--) {
        const tail = buffer.slice(-n);
        if (prompt.startsWith(tail) || ready.startsWith(tail)) keep = n;
      }
      this.events.data(buffer.slice(0, buffer.length - keep));
      buffer = buffer.slice(buffer.length - keep);
    };
    chan.on('data', (b: Buffer) => take(out.write(b)));
    chan.stderr.on('data', (b: Buffer) => take(err.write(b)));
    chan.on('exit', (c: number | null, s?: string) => {
      code = c ?? null;
      signal = s ?? undefined;
    });
    chan.on('close', () => {
      this.events.data(buffer + out.end() + err.end());
      this.events.exit({ code, ...(signal ? { signal } : {}) });
    });
  }

  static async open(conn: SshConnection, o: DockerExecSessionOptions): Promise<DockerExecSession> {
    const size = clampSize(o.cols ?? 120, o.rows ?? 40);
    const id = randomBytes(6).toString('hex');
    const prompt = `XRCL-SUDO-${id}:`;
    const ready = `XRCL-READY-${id}`;
    // `sudo -i` runs root's login shell, which sets DOCKER_HOST as XR's root profile does; the
    // marker says sudo is done (the marker is assembled by printf, so no echo can match it).
    const script = `printf '%s-%s\\n' XRCL-READY ${id}; exec ${o.command}`;
    const chan = await conn.execWithPty(`sudo -p ${prompt} -i sh -c ${quoteArg(script)}`, { term: 'xterm-256color', cols: size.cols, rows: size.rows });
    const session = new DockerExecSession(chan, o.title, prompt, ready, o.password);
    conn.onClose(() => session.events.exit({ code: null, signal: 'connection lost' }));
    return session;
  }

  private release(): void {
    for (const d of this.held.splice(0)) this.chan.write(d);
  }

  get exited(): SessionExit | null {
    return this.events.exited;
  }

  onData(cb: (data: string) => void): () => void {
    return this.events.onData(cb);
  }

  onExit(cb: (exit: SessionExit) => void): () => void {
    return this.events.onExit(cb);
  }

  write(data: string): void {
    if (this.events.exited) return;
    if (this.live || this.userAnswers) this.chan.write(data);
    else this.held.push(data);
  }

  resize(cols: number, rows: number): void {
    if (this.events.exited) return;
    const s = clampSize(cols, rows);
    this.chan.setWindow(s.rows, s.cols, 0, 0);
  }

  close(): void {
    if (!this.events.exited) this.chan.close();
  }
}
