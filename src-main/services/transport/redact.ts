// Secrets never reach a log, a record or an error: every occurrence is replaced by a placeholder.

import { quoteArg } from '../exec/shell-quote';

export const SECRET_PLACEHOLDER = '<password>';

/** A secret as it may appear in a command line too: bare, and quoted for a POSIX shell. */
export function secretForms(secrets: readonly string[] | undefined): string[] {
  return (secrets ?? []).flatMap((s) => (s ? [s, quoteArg(s, 'posix')] : []));
}

function secretPattern(secrets: readonly string[] | undefined): RegExp | null {
  const list = [...new Set(secretForms(secrets).filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  if (list.length === 0) return null;
  // Longest first, so one secret inside another is never half-shown.
  return new RegExp(list.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

export function redact(text: string, secrets: readonly string[] | undefined): string {
  const re = secretPattern(secrets);
  return re ? text.replace(re, SECRET_PLACEHOLDER) : text;
}

/**
 * Redacts a stream chunk by chunk: a secret split across chunks is still caught, because the raw
 * last (longest secret - 1) characters are held back until more text arrives or the stream ends.
 */
export class StreamRedactor {
  private held = '';
  private readonly keep: number;
  private readonly re: RegExp | null;

  constructor(secrets: readonly string[] | undefined) {
    this.re = secretPattern(secrets);
    this.keep = Math.max(0, ...secretForms(secrets).map((s) => s.length)) - 1;
  }

  push(text: string): string {
    if (!this.re) return text;
    const buf = this.held + text;
    let cut = Math.max(0, buf.length - this.keep);
    let out = '';
    let pos = 0;
    this.re.lastIndex = 0;
    for (let m = this.re.exec(buf); m; m = this.re.exec(buf)) {
      if (m.index >= cut) break;
      out += buf.slice(pos, m.index) + SECRET_PLACEHOLDER;
      pos = m.index + m[0].length;
      if (pos > cut) cut = pos; // a whole secret straddling the cut goes out redacted
    }
    out += buf.slice(pos, Math.max(pos, cut));
    this.held = buf.slice(Math.max(pos, cut));
    return out;
  }

  end(): string {
    const rest = this.re ? this.held.replace(this.re, SECRET_PLACEHOLDER) : this.held;
    this.held = '';
    return rest;
  }
}
