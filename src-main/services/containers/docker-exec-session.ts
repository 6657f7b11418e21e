// A shell in a container on the router, as a terminal session: `docker exec -it` (or `docker
// attach` for an image without a shell) run as root through `sudo -i` on an SSH channel with a
// pty, so the container's shell sees a terminal and resizes reach it. sudo asks with a prompt
// of our own, answered once with the login's password; everything else passes through.
import { randomBytes, randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import { clampSize, SessionEvents, type Session, type SessionExit } from '../sessions/session';
import type { SshConnection } from '../ssh/ssh-connection';

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

  private constructor(
    private readonly chan: ClientChannel,
    readonly title: string,
    prompt: string,
    password: () => Promise<string | null>,
  ) {
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    let code: number | null = null;
    let signal: string | undefined;
    // Until sudo has asked (or the command has started), watch for its prompt and hide it.
    let watching = true;
    let held = '';
    let asked = 0;
    const take = (text: string): void => {
      if (!watching) return this.events.data(text);
      held += text;
      const at = held.indexOf(prompt);
      if (at >= 0) {
        this.events.data(held.slice(0, at));
        held = held.slice(at + prompt.length);
        asked++;
        if (asked > 1) {
          // A wrong password: let the user see sudo's own words and answer it themselves.
          watching = false;
          this.events.data('Password: ' + held);
          held = '';
          return;
        }
        void password().then(
          (pw) => {
            if (pw === null) {
              this.events.data('sudo asks for a password and none is known for this login.\r\n');
              chan.close();
            } else chan.write(`${pw}\n`);
          },
          () => chan.close(),
        );
        return;
      }
      // Anything that cannot be the start of the prompt goes out now.
      let keep = 0;
      for (let n = Math.min(prompt.length - 1, held.length); n > 0; n--) {
        if (prompt.startsWith(held.slice(-n))) {
          keep = n;
          break;
        }
      }
      const ready = held.slice(0, held.length - keep);
      held = held.slice(held.length - keep);
      // The command's first words end the watch; sudo's "Sorry, try again." does not.
      if (ready.trim() && !/Sorry, try again/.test(ready)) watching = false;
      this.events.data(ready);
    };
    chan.on('data', (b: Buffer) => take(out.write(b)));
    chan.stderr.on('data', (b: Buffer) => take(err.write(b)));
    chan.on('exit', (c: number | null, s?: string) => {
      code = c ?? null;
      signal = s ?? undefined;
    });
    chan.on('close', () => {
      this.events.data(held + out.end() + err.end());
      this.events.exit({ code, ...(signal ? { signal } : {}) });
    });
  }

  static async open(conn: SshConnection, o: DockerExecSessionOptions): Promise<DockerExecSession> {
    const size = clampSize(o.cols ?? 120, o.rows ?? 40);
    const prompt = `XRCL-SUDO-${randomBytes(6).toString('hex')}:`;
    // `sudo -i` runs root's login shell, which sets DOCKER_HOST as XR's root profile does.
    const chan = await conn.execWithPty(`sudo -p ${prompt} -i ${o.command}`, { term: 'xterm-256color', cols: size.cols, rows: size.rows });
    const session = new DockerExecSession(chan, o.title, prompt, o.password);
    conn.onClose(() => session.events.exit({ code: null, signal: 'connection lost' }));
    return session;
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
    if (!this.events.exited) this.chan.write(data);
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
