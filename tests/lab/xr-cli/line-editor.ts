// The minimal line discipline of a router console on a pty: echo, backspace, Ctrl-U, Ctrl-C,
// CR / LF / CRLF ending a line. Arrow keys and other escape sequences are swallowed rather
// than echoed as garbage (no history or cursor movement: deliberately not emulated).

export type EditorEvent =
  | { kind: 'echo'; text: string }
  | { kind: 'line'; line: string }
  | { kind: 'interrupt' }
  | { kind: 'suspend' }; // Ctrl-Z: XR's shortcut for `end`

export class LineEditor {
  private buf = '';
  private lastWasCR = false;
  private esc: 'none' | 'esc' | 'csi' | 'ss3' = 'none';

  constructor(private readonly echo: boolean) {}

  get pending(): string {
    return this.buf;
  }

  /** Feeds one character (a code point) and returns what it caused. */
  feed(ch: string): EditorEvent[] {
    const wasCR = this.lastWasCR;
    this.lastWasCR = false;
    if (this.esc !== 'none') {
      if (this.esc === 'esc') this.esc = ch === '[' ? 'csi' : ch === 'O' ? 'ss3' : 'none';
      else if (this.esc === 'ss3') this.esc = 'none';
      else if (ch >= '@' && ch <= '~') this.esc = 'none';
      return [];
    }
    const out = (text: string): EditorEvent[] => (this.echo && text ? [{ kind: 'echo', text }] : []);
    switch (ch) {
      case '\r':
      case '\n': {
        if (ch === '\n' && wasCR) return []; // the LF of a CRLF pair
        this.lastWasCR = ch === '\r';
        const line = this.buf;
        this.buf = '';
        return [...out('\r\n'), { kind: 'line', line }];
      }
      case '\0':
        return [];
      case '\x7f':
      case '\b': {
        if (this.buf === '') return [];
        const chars = [...this.buf];
        chars.pop();
        this.buf = chars.join('');
        return out('\b \b');
      }
      case '\x15': {
        const n = [...this.buf].length;
        this.buf = '';
        return out('\b \b'.repeat(n));
      }
      case '\x03':
        this.buf = '';
        return [...out('^C\r\n'), { kind: 'interrupt' }];
      case '\x1a':
        this.buf = '';
        return [...out('^Z\r\n'), { kind: 'suspend' }];
      case '\x1b':
        this.esc = 'esc';
        return [];
      case '\t':
        return []; // no completion
      default:
        if (ch < ' ') return []; // other control characters do nothing on XR's line
        this.buf += ch;
        return out(ch);
    }
  }
}
