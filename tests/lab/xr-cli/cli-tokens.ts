// Words of a CLI line with their columns (for the `^` marker), and XR's keyword matching:
// a keyword may be typed as any prefix that no other keyword at that position shares.

export interface Token {
  text: string;
  col: number;
}

export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ text: m[0], col: m.index });
  return out;
}

export type KeywordMatch = { ok: true; keyword: string } | { ok: false; error: 'invalid' | 'ambiguous' };

export function matchKeyword(word: string, keywords: readonly string[]): KeywordMatch {
  const w = word.toLowerCase();
  const exact = keywords.find((k) => k.toLowerCase() === w);
  if (exact) return { ok: true, keyword: exact };
  const hits = keywords.filter((k) => k.toLowerCase().startsWith(w));
  if (hits.length === 1) return { ok: true, keyword: hits[0]! };
  return { ok: false, error: hits.length > 1 ? 'ambiguous' : 'invalid' };
}

/** Outcome of parsing a line: what it means, or where it went wrong. */
export type ParseFailure = { ok: false; error: 'invalid' | 'ambiguous' | 'incomplete'; col: number };

export const fail = (error: ParseFailure['error'], col: number): ParseFailure => ({ ok: false, error, col });

/** The caret line and message XR prints under a rejected line; `indent` is what precedes the line on screen. */
export function parseErrorLines(f: ParseFailure, indent: number): string[] {
  if (f.error === 'incomplete') return ['% Incomplete command.', ''];
  const caret = ' '.repeat(indent + f.col) + '^';
  const msg = f.error === 'ambiguous' ? "% Ambiguous command at '^' marker." : "% Invalid input detected at '^' marker.";
  return [caret, msg, ''];
}
