// How the terminal view treats keys. xterm.js asks a key handler first (keydown, keypress,
// keyup): `true` lets xterm handle the key (send it to the session, or take Tab), `false`
// leaves it to the browser (Tab then moves focus as on any other control).

/** What a read-only log can do with keys: scroll. */
export interface LogScroller {
  scrollLines(amount: number): void;
  scrollPages(amount: number): void;
  scrollToTop(): void;
  scrollToBottom(): void;
}

export type KeyHandler = (event: KeyboardEvent) => boolean;

/** Shown beside an interactive terminal: the way out when Tab belongs to the session. */
export const LEAVE_HINT = 'Esc then Tab to leave the terminal';

/**
 * A read-only log: never traps focus (Tab and Shift+Tab move on), ignores typed keys (they
 * neither reach a session nor scroll to the end), and scrolls with the arrow keys, Page Up,
 * Page Down, Home and End.
 */
export function readOnlyKeys(scroll: LogScroller): KeyHandler {
  const moves: Record<string, () => void> = {
    ArrowUp: () => scroll.scrollLines(-1),
    ArrowDown: () => scroll.scrollLines(1),
    PageUp: () => scroll.scrollPages(-1),
    PageDown: () => scroll.scrollPages(1),
    Home: () => scroll.scrollToTop(),
    End: () => scroll.scrollToBottom(),
  };
  return (event) => {
    const move = moves[event.key];
    if (event.type === 'keydown' && move && !event.altKey && !event.metaKey) {
      move();
      event.preventDefault();
    }
    return false;
  };
}

/**
 * An interactive session: every key goes to the session, Tab included (shell completion).
 * Escape goes too, and arms the way out: a Tab or Shift+Tab right after it leaves the
 * terminal instead. Ctrl+Shift+Tab always leaves backwards.
 */
export function interactiveKeys(): KeyHandler {
  let armed = false;
  return (event) => {
    if (event.type !== 'keydown') return true;
    if (event.key === 'Tab') {
      const leave = armed || (event.ctrlKey && event.shiftKey);
      armed = false;
      return !leave;
    }
    if (event.key === 'Escape') {
      armed = true;
      return true;
    }
    // Pressing Shift (for Shift+Tab) keeps the way out armed; any other key disarms it.
    if (!['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) armed = false;
    return true;
  };
}
