import { describe, expect, it } from 'vitest';
import { LogBuffer } from './log-buffer';
import { LogCoalescer } from './log-coalescer';

describe('LogCoalescer', () => {
  it('never splits a multi-byte character across messages and keeps order', () => {
    const out: string[] = [];
    const c = new LogCoalescer((t) => out.push(t), 1000, 4);
    const bytes = Buffer.from('ab€cd✓e', 'utf8');
    for (const byte of bytes) c.write(Buffer.from([byte]));
    c.end();
    expect(out.join('')).toBe('ab€cd✓e');
    for (const piece of out) expect(piece).not.toContain('\uFFFD');
  });

  it('batches many small writes into few messages', async () => {
    const out: string[] = [];
    const c = new LogCoalescer((t) => out.push(t), 5);
    for (let i = 0; i < 1000; i++) c.write(`${i}\n`);
    await new Promise<void>((resolve) => {
      const poll = () => (out.length > 0 ? resolve() : setTimeout(poll, 1));
      poll();
    });
    expect(out.length).toBeLessThan(5);
    expect(out.join('').split('\n')[999]).toBe('999');
  });

  it('says where each message starts: the characters flushed before it', () => {
    const got: Array<[string, number]> = [];
    const c = new LogCoalescer((t, offset) => got.push([t, offset]), 1000);
    c.write('héllo ');
    c.flush();
    c.write('wörld');
    c.end();
    expect(got).toEqual([['héllo ', 0], ['wörld', 6]]);
  });
});

describe('LogBuffer', () => {
  it('keeps the tail and says that earlier output was trimmed', () => {
    const b = new LogBuffer(10);
    b.append('0123456789');
    b.append('abcdef');
    const text = b.text();
    expect(text.endsWith('abcdef')).toBe(true);
    expect(text).toContain('trimmed');
  });

  it('counts every character appended, trimmed or not, as the end offset', () => {
    const b = new LogBuffer(10);
    b.append('0123456789');
    b.append('abcdef');
    expect(b.read().end).toBe(16);
  });
});
