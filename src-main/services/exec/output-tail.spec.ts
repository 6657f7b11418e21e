import { describe, expect, it } from 'vitest';
import { OutputTail, tailLines } from './output-tail';

describe('OutputTail', () => {
  it('keeps everything under the cap', () => {
    const t = new OutputTail(10);
    t.push('abc');
    t.push('def');
    expect(t.toString()).toBe('abcdef');
    expect(t.droppedChars).toBe(0);
  });

  it('keeps only the last maxChars characters and counts the rest', () => {
    const t = new OutputTail(5);
    for (const c of ['12345', '678', '9', 'abc']) t.push(c);
    expect(t.toString()).toBe('789abc'.slice(-5));
    expect(t.droppedChars).toBe(7);
  });

  it('bounds memory for a long stream', () => {
    const t = new OutputTail(1000);
    for (let i = 0; i < 100_000; i++) t.push('0123456789');
    expect(t.toString()).toHaveLength(1000);
    expect(t.droppedChars).toBe(1_000_000 - 1000);
  });

  it('never starts with half a surrogate pair', () => {
    const t = new OutputTail(2);
    t.push('a😀b'); // 😀 is two UTF-16 units; the last two units are its low half and 'b'
    expect(t.toString()).toBe('b');
    const whole = new OutputTail(3);
    whole.push('a😀b');
    expect(whole.toString()).toBe('😀b');
  });
});

describe('tailLines', () => {
  it('returns the last lines, trimmed', () => {
    expect(tailLines('1\n2\n3\n4\n\n', 2)).toBe('3\n4');
  });
});
