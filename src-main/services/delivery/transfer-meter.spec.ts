import { describe, expect, it } from 'vitest';
import { formatLeft, TransferMeter } from './transfer-meter';

describe('TransferMeter', () => {
  it('reports speed over the recent window and the time left', () => {
    let t = 0;
    const m = new TransferMeter(100e6, () => t);
    m.update(0);
    expect(m.bytesPerSecond).toBeNull();
    expect(m.detail()).toBe('Copied 0.0 of 100.0 MB');
    t = 1000;
    m.update(10e6);
    expect(m.bytesPerSecond).toBe(10e6);
    expect(m.secondsLeft).toBe(9);
    expect(m.detail()).toBe('Copied 10.0 of 100.0 MB · 10.0 MB/s · 9 s left');
    // The link slows down: after the window has passed, only the recent rate counts.
    for (let i = 1; i <= 6; i++) {
      t = 1000 + i * 1000;
      m.update(10e6 + i * 1e6);
    }
    expect(m.bytesPerSecond).toBeCloseTo(1e6, -3);
  });

  it('a resumed copy starts from the bytes already there', () => {
    let t = 0;
    const m = new TransferMeter(50e6, () => t);
    m.update(25e6);
    t = 500;
    m.update(30e6);
    expect(m.bytesPerSecond).toBe(10e6);
    expect(m.secondsLeft).toBe(2);
  });

  it('formats time left', () => {
    expect(formatLeft(0.2)).toBe('1 s');
    expect(formatLeft(65)).toBe('1 min 05 s');
    expect(formatLeft(7300)).toBe('2 h 01 min');
  });
});
