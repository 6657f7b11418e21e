import { describe, expect, it } from 'vitest';
import { interactiveKeys, readOnlyKeys, type LogScroller } from './terminal-keys';

const down = (key: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key, cancelable: true, ...init });

function recordingScroller() {
  const moves: string[] = [];
  const scroller: LogScroller = {
    scrollLines: (n) => moves.push(`lines ${n}`),
    scrollPages: (n) => moves.push(`pages ${n}`),
    scrollToTop: () => moves.push('top'),
    scrollToBottom: () => moves.push('bottom'),
  };
  return { moves, scroller };
}

describe('read-only log keys', () => {
  it('leaves Tab and Shift+Tab to the browser, so focus moves on', () => {
    const keys = readOnlyKeys(recordingScroller().scroller);
    const tab = down('Tab');
    expect(keys(tab)).toBe(false);
    expect(tab.defaultPrevented).toBe(false);
    const back = down('Tab', { shiftKey: true });
    expect(keys(back)).toBe(false);
    expect(back.defaultPrevented).toBe(false);
  });

  it('ignores typed keys: nothing reaches xterm and nothing scrolls', () => {
    const { moves, scroller } = recordingScroller();
    const keys = readOnlyKeys(scroller);
    for (const key of ['a', 'Enter', ' ', 'Backspace']) {
      expect(keys(down(key))).toBe(false);
      expect(keys(new KeyboardEvent('keypress', { key }))).toBe(false);
    }
    expect(moves).toEqual([]);
  });

  it('scrolls with the arrow keys, Page Up, Page Down, Home and End', () => {
    const { moves, scroller } = recordingScroller();
    const keys = readOnlyKeys(scroller);
    const pageUp = down('PageUp');
    keys(pageUp);
    expect(pageUp.defaultPrevented).toBe(true);
    for (const key of ['PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End']) keys(down(key));
    keys(new KeyboardEvent('keyup', { key: 'End' }));
    expect(moves).toEqual(['pages -1', 'pages 1', 'lines -1', 'lines 1', 'top', 'bottom']);
  });
});

describe('interactive terminal keys', () => {
  it('gives Tab to the session', () => {
    const keys = interactiveKeys();
    expect(keys(down('Tab'))).toBe(true);
    expect(keys(down('a'))).toBe(true);
  });

  it('leaves with Esc then Tab, or Esc then Shift+Tab, and Escape itself still reaches the session', () => {
    const keys = interactiveKeys();
    expect(keys(down('Escape'))).toBe(true);
    expect(keys(new KeyboardEvent('keyup', { key: 'Escape' }))).toBe(true);
    expect(keys(down('Tab'))).toBe(false);
    // Only once: the next Tab belongs to the session again.
    expect(keys(down('Tab'))).toBe(true);

    expect(keys(down('Escape'))).toBe(true);
    expect(keys(down('Shift', { shiftKey: true }))).toBe(true);
    expect(keys(down('Tab', { shiftKey: true }))).toBe(false);
  });

  it('a key between Escape and Tab disarms the way out (Esc in vi, then completion)', () => {
    const keys = interactiveKeys();
    keys(down('Escape'));
    keys(down('i'));
    expect(keys(down('Tab'))).toBe(true);
  });

  it('leaves backwards with Ctrl+Shift+Tab at any time', () => {
    const keys = interactiveKeys();
    expect(keys(down('Tab', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });
});
