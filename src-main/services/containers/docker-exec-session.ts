// A shell in a container on the router, as a terminal session: `docker exec -it` (or `docker
// attach` for an image without a shell) run as root through `sudo -i` on an SSH channel with a
// pty, so the container's shell sees a terminal and resizes reach it. sudo asks with a prompt
// of our own, answered once with the login's password; what the user types meanwhile waits
// until sudo is done (else it would be read as the password), then everything passes through.
import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import { ChannelSession } from '../sessions/channel-session';
import { clampSize } from '../sessions/session';
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

export class DockerExecSession extends ChannelSession {
  readonly kind = 'docker' as const;

  /** Until sudo has let the command start: what the user types waits, unless sudo asks them. */
  private live = false;
  private userAnswers = false;
  private readonly held: string[] = [];
  /** Output not yet shown: it may be the start of sudo's prompt or of the ready marker. */
  private buffer = '';
  private readonly take: (text: string) => void;

  private constructor(
    chan: ClientChannel,
    conn: SshConnection,
    readonly title: string,
    prompt: string,
    ready: string,
    password: () => Promise<string | null>,
  ) {
    super(chan, conn);
    let asked = 0;
    this.take = (text: string): void => {
      if (this.live) return this.events.data(text);
      let buffer = this.buffer + text;
      for (;;) {
        const p = buffer.indexOf(prompt);
        const r = buffer.indexOf(ready);
        if (r >= 0 && (p < 0 || r < p)) {
          // sudo is done and the shell is about to exec docker: from here on, all passes through.
          this.events.data(buffer.slice(0, r));
          const rest = buffer.slice(r + ready.length).replace(/^\r?\n/, '');
          this.buffer = '';
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
      this.buffer = buffer.slice(buffer.length - keep);
    };
  }

  protected override receive(text: string): void {
    this.take(text);
  }

  protected override finish(rest: string): void {
    this.events.data(this.buffer + rest);
    this.buffer = '';
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
    return new DockerExecSession(chan, conn, o.title, prompt, ready, o.password);
  }

  private release(): void {
    for (const d of this.held.splice(0)) this.chan.write(d);
  }

  override write(data: string): void {
    if (this.events.exited) return;
    if (this.live || this.userAnswers) this.chan.write(data);
    else this.held.push(data);
  }
}
