// XR's output modifiers after `|` on show commands, as automation clients send them:
// `| include REGEX` (unicon: `show redundancy | inc ^Node`), `| exclude`, `| begin`, and
// `| utility head -n N` / `| utility head count N` (Ansible's cisco.iosxr runs
// `show version | utility head -n 20` at connect), chained as in `| i ^cisco | utility head -n 1`.
// A regex that holds `|` or spaces is quoted: `| include "via|Known"`.
import { fail, matchKeyword, type ParseFailure } from './cli-tokens.js';

export type OutputFilter =
  | { kind: 'include' | 'exclude' | 'begin'; pattern: RegExp }
  | { kind: 'head' | 'tail'; count: number };

/** A regex the pipe cannot use; XR quits the pipe (the wording unicon's iosxr ERROR_PATTERN expects). */
export type FilterFailure = ParseFailure | { ok: false; error: 'pipe'; message: string };

export const PIPE_ERROR = '% Error parsing piping string. Quitting.';

const PIPE_KEYWORDS = ['begin', 'exclude', 'include', 'utility'];
const UTILITIES = ['head', 'tail'];
const HEAD_DEFAULT = 10; // as the Unix tools XR's utilities wrap

/** Index of the first `|` outside double quotes at or after `from`, or -1. */
export function findPipe(line: string, from = 0): number {
  let quoted = false;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && (quoted || line.indexOf('"', i + 1) >= 0)) quoted = !quoted;
    else if (c === '|' && !quoted) return i;
  }
  return -1;
}

interface Word {
  text: string;
  col: number;
}

/** Words of one pipe segment; a double-quoted run is one word, without its quotes. */
function words(segment: string, offset: number): Word[] {
  const out: Word[] = [];
  const re = /"([^"]*)"|\S+/g;
  for (let m = re.exec(segment); m; m = re.exec(segment))
    out.push({ text: m[1] !== undefined ? m[1] : m[0], col: offset + m.index });
  return out;
}

/**
 * XR regular expressions are POSIX-like, plus `_`, which matches a comma, brace, parenthesis,
 * space, or the start or end of the line. Returns null when the pattern does not compile.
 */
export function xrRegex(pattern: string): RegExp | null {
  let src = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      src += next === '_' ? '_' : '\\' + next;
    } else if (inClass) {
      if (c === ']') inClass = false;
      src += c;
    } else if (c === '[') {
      inClass = true;
      src += c;
      // A `]` right after `[` or `[^` is a literal member, as in POSIX.
      if (pattern[i + 1] === '^') src += pattern[++i];
      if (pattern[i + 1] === ']') {
        src += '\\]';
        i++;
      }
    } else if (c === '_') {
      src += '(?:^|$|[,{}() ])';
    } else {
      src += c;
    }
  }
  try {
    return new RegExp(src);
  } catch {
    return null;
  }
}

/**
 * Parses everything from the first `|` (at `start` in `line`) to the end. Columns in failures
 * are columns of `line`, so the caret lands under the word that is wrong.
 */
export function parseOutputFilters(line: string, start: number): { ok: true; filters: OutputFilter[] } | FilterFailure {
  const filters: OutputFilter[] = [];
  let at = start;
  while (at >= 0) {
    const next = findPipe(line, at + 1);
    const segment = line.slice(at + 1, next < 0 ? line.length : next);
    const w = words(segment, at + 1);
    const kwTok = w[0];
    if (!kwTok) return fail('incomplete', at);
    const kw = matchKeyword(kwTok.text, PIPE_KEYWORDS);
    if (!kw.ok) return fail(kw.error, kwTok.col);
    if (kw.keyword === 'utility') {
      const f = parseUtility(w.slice(1), kwTok);
      if (!f.ok) return f;
      filters.push(f.filter);
    } else {
      // The regex is the rest of the segment: one quoted word, or the words as typed.
      const body = w.slice(1);
      if (body.length === 0) return fail('incomplete', kwTok.col);
      const raw = body.length === 1 ? body[0]!.text : segment.slice(body[0]!.col - (at + 1)).trim();
      const pattern = xrRegex(raw);
      if (!pattern) return { ok: false, error: 'pipe', message: PIPE_ERROR };
      filters.push({ kind: kw.keyword as 'include' | 'exclude' | 'begin', pattern });
    }
    at = next;
  }
  return { ok: true, filters };
}

function parseUtility(args: Word[], kwTok: Word): { ok: true; filter: OutputFilter } | ParseFailure {
  const u = args[0];
  if (!u) return fail('incomplete', kwTok.col);
  const m = matchKeyword(u.text, UTILITIES);
  if (!m.ok) return fail(m.error, u.col);
  const opts = args.slice(1);
  let count = HEAD_DEFAULT;
  let i = 0;
  const o = opts[0];
  if (o) {
    // `-n N`, `count N` (XR's own keyword), or the old `-N`.
    if (o.text === '-n' || matchKeyword(o.text, ['count']).ok) {
      const n = opts[1];
      if (!n) return fail('incomplete', kwTok.col);
      if (!/^\d+$/.test(n.text)) return fail('invalid', n.col);
      count = Number(n.text);
      i = 2;
    } else if (/^-\d+$/.test(o.text)) {
      count = Number(o.text.slice(1));
      i = 1;
    } else {
      return fail('invalid', o.col);
    }
  }
  if (opts[i]) return fail('invalid', opts[i]!.col);
  return { ok: true, filter: { kind: m.keyword as 'head' | 'tail', count } };
}

/** Runs the lines of a command's output through the filters, in order. */
export function applyOutputFilters(lines: string[], filters: OutputFilter[]): string[] {
  let out = lines;
  for (const f of filters) {
    switch (f.kind) {
      case 'include':
        out = out.filter((l) => f.pattern.test(l));
        break;
      case 'exclude':
        out = out.filter((l) => !f.pattern.test(l));
        break;
      case 'begin': {
        const i = out.findIndex((l) => f.pattern.test(l));
        out = i < 0 ? [] : out.slice(i);
        break;
      }
      case 'head':
        out = out.slice(0, f.count);
        break;
      case 'tail':
        out = f.count === 0 ? [] : out.slice(-f.count);
        break;
    }
  }
  return out;
}
