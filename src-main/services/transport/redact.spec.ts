import { describe, expect, it } from 'vitest';
import { redact, StreamRedactor } from './redact';

describe('redact', () => {
  it('replaces every secret, longest first, including regex characters', () => {
    expect(redact('a p$a(ss) b p$a(ss) c', ['p$a(ss)'])).toBe('a <password> b <password> c');
    expect(redact('x secret-long y', ['secret', 'secret-long'])).toBe('x <password> y');
    expect(redact('nothing', [])).toBe('nothing');
  });

  it('catches a secret split across stream chunks, whatever the split point', () => {
    const secret = "it's $(rm -rf) ; x";
    const text = `before ${secret} middle ${secret}${secret} end`;
    for (let size = 1; size <= 7; size++) {
      const r = new StreamRedactor([secret]);
      let out = '';
      for (let i = 0; i < text.length; i += size) out += r.push(text.slice(i, i + size));
      out += r.end();
      expect(out).toBe('before <password> middle <password><password> end');
    }
  });
});
