// Joins a byte stream (an SSH channel) to a session: line editing while the CLI reads a line,
// raw pass-through while a shell started by `bash` / `run` owns the terminal. Knows nothing of
// ssh2 or node-pty, so it can be driven by a spec.
import { LineEditor } from './line-editor.js';
import type { ShellRequest, XrCliSession } from './xr-cli-session.js';

export interface ShellProcess {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(): void;
}

export type ShellLauncher = (
  req: ShellRequest,
  size: { cols: number; rows: number },
  onData: (data: string) => void,
  onExit: (code: number) => void,
) => ShellProcess;

export interface TerminalOptions {
  /** Echo typed characters (a pty was requested). */
  echo: boolean;
  /** 'shell': an interactive login; 'exec': one command from an SSH exec request. */
  kind: 'shell' | 'exec';
  write(data: string): void;
  close(status: number): void;
  launchShell: ShellLauncher;
  cols?: number;
  rows?: number;
}

const toCrlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

export class XrTerminal {
  private readonly editor: LineEditor;
  private queue: string[] = [];
  private shell: ShellProcess | null = null;
  private closed = false;
  private atLineStart = true;
  private cols: number;
  private rows: number;

  constructor(
    private readonly session: XrCliSession,
    private readonly o: TerminalOptions,
  ) {
    this.editor = new LineEditor(o.echo);
    this.cols = o.cols ?? 80;
    this.rows = o.rows ?? 24;
  }

  /** Interactive login: XR greets with an empty line, then the prompt. */
  start(): void {
    this.out('\n');
    this.prompt();
  }

  /** SSH exec request: run one command; dialogs it opens still read lines from the channel. */
  runCommand(command: string): void {
    this.handle(command);
  }

  input(data: string): void {
    if (this.closed) return;
    if (this.shell) {
      this.shell.write(data);
      return;
    }
    for (const ch of data) this.queue.push(ch);
    this.pump();
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.shell?.resize(cols, rows);
  }

  /** The client sent EOF. */
  end(): void {
    if (!this.shell) this.finish(this.session.lastStatus);
  }

  dispose(): void {
    this.closed = true;
    this.shell?.kill();
    this.shell = null;
  }

  private out(s: string, raw = false): void {
    if (this.closed || s === '') return;
    const text = raw ? s : toCrlf(s);
    this.atLineStart = text.endsWith('\n');
    this.o.write(text);
  }

  private prompt(): void {
    if (!this.atLineStart) this.out('\n');
    this.out(this.session.prompt());
  }

  private finish(status: number): void {
    if (this.closed) return;
    this.dispose();
    this.o.close(status);
  }

  /** Processes queued input one character at a time until a shell takes over or the queue is empty. */
  private pump(): void {
    while (!this.shell && !this.closed && this.queue.length > 0) {
      const ch = this.queue.shift()!;
      for (const ev of this.editor.feed(ch)) {
        if (ev.kind === 'echo') this.out(ev.text, true);
        else if (ev.kind === 'line') this.handle(ev.line);
        else if (ev.kind === 'interrupt') {
          this.session.interrupt();
          this.prompt();
        } else if (ev.kind === 'suspend') {
          if (this.session.mode !== 'exec' && !this.session.hasPendingQuestion) this.handle('end');
          else this.prompt();
        }
      }
    }
  }

  private handle(line: string): void {
    const r = this.session.handleLine(line);
    this.out(r.output);
    if (r.close) return this.finish(this.session.lastStatus);
    if (r.shell) return this.startShell(r.shell);
    this.afterCommand();
  }

  private afterCommand(): void {
    // An exec request ends once its command (and any dialog it opened) is done.
    if (this.o.kind === 'exec' && this.session.mode === 'exec' && !this.session.hasPendingQuestion) {
      this.finish(this.session.lastStatus);
      return;
    }
    this.prompt();
  }

  private startShell(req: ShellRequest): void {
    let tail = '';
    this.shell = this.o.launchShell(
      req,
      { cols: this.cols, rows: this.rows },
      (data) => {
        tail = (tail + data).slice(-32);
        this.out(data, true);
      },
      (code) => {
        if (this.closed) return;
        this.shell = null;
        // A login bash says `logout` itself; any other shell does not, but XR's always does (AM751).
        if (req.command === undefined && !/logout\r?\n$/.test(tail)) this.out('logout\n');
        this.session.lastStatus = code;
        if (this.o.kind === 'exec') return this.finish(code);
        this.prompt();
        this.pump();
      },
    );
    // Type-ahead (a pasted block after `bash`) belongs to an interactive shell, which reads it.
    // A single command (`run ls`) usually reads nothing, so, as with a tty's input buffer on the
    // router, the lines typed ahead stay for the CLI once it is back.
    if (req.command !== undefined) return;
    const rest = this.queue.join('');
    this.queue = [];
    if (rest) this.shell.write(rest);
  }
}
