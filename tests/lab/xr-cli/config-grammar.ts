// The config-mode commands the app uses, per submode. A line parses to edits of the candidate
// and, when it names a submode, the mode to enter. Lines not known in the current submode are
// tried in its parents (as IOS-style parsers do), which also moves the prompt up.
import { fail, matchKeyword, type ParseFailure, type Token } from './cli-tokens.js';
import type { ConfigEdit } from './running-config.js';
import { parseInterfaceName } from './xr-interface-names.js';
import type { XrMode } from './xr-prompts.js';

export interface ModeContext {
  mode: Exclude<XrMode, 'exec'>;
  /** Config lines from the root to this submode, e.g. ['tpa', 'address-family ipv4']. */
  path: string[];
}

export type ConfigParse = { ok: true; edits: ConfigEdit[]; enter?: ModeContext } | ParseFailure;

export const CONFIG_ROOT: ModeContext = { mode: 'config', path: [] };

type Handler = (ctx: ModeContext, keyword: string, rest: Token[], no: boolean, kwTok: Token) => ConfigParse;

const endCol = (tokens: Token[], fallback: Token): number => {
  const last = tokens[tokens.length - 1] ?? fallback;
  return last.col + last.text.length;
};

/** Nothing may follow a complete command. */
const done = (rest: Token[], edits: ConfigEdit[]): ConfigParse => (rest.length > 0 ? fail('invalid', rest[0]!.col) : { ok: true, edits });

/** A command that opens a submode, typed alone or with the submode's command on the same line. */
function container(ctx: ModeContext, line: string, mode: ModeContext['mode'], rest: Token[], no: boolean): ConfigParse {
  const inner: ModeContext = { mode, path: [...ctx.path, line] };
  if (rest.length === 0) {
    if (no) return { ok: true, edits: [{ kind: 'delete', path: inner.path }] };
    return { ok: true, edits: [{ kind: 'set', path: inner.path }], enter: inner };
  }
  const r = parseInMode(inner, rest, no);
  if (!r.ok) return r;
  const edits: ConfigEdit[] = no ? r.edits : [{ kind: 'set', path: inner.path }, ...r.edits];
  // A one-line command ending in a leaf leaves the prompt where it was (plausible; not in the reference).
  return r.enter ? { ok: true, edits, enter: r.enter } : { ok: true, edits };
}

function interfaceArg(rest: Token[], kwTok: Token): { ok: true; name: string; rest: Token[] } | ParseFailure {
  const r = parseInterfaceName(rest.map((t) => t.text));
  if (!r.ok) {
    const at = rest[r.tokenOffset];
    return fail(r.error, at ? at.col : endCol(rest, kwTok) + 1);
  }
  return { ok: true, name: r.name, rest: rest.slice(r.consumed) };
}

function ipv4ToNumber(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function maskFromLength(len: number): string {
  const n = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

function isContiguousMask(m: number): boolean {
  const inv = ~m >>> 0;
  return (inv & (inv + 1)) === 0;
}

function isNumberIn(text: string, min: number, max: number): boolean {
  return /^\d{1,10}$/.test(text) && Number(text) >= min && Number(text) <= max;
}

/** `absolute-timeout N` / `session-timeout N` under a line template (minutes; 0 turns it off). */
function lineMinutes(ctx: ModeContext, keyword: string, rest: Token[], no: boolean, kw: Token, max: number): ConfigParse {
  if (no) return done(rest.slice(rest.length > 0 ? 1 : 0), [{ kind: 'delete', path: [...ctx.path, keyword], prefix: true }]);
  const n = rest[0];
  if (!n) return fail('incomplete', endCol(rest, kw));
  if (!isNumberIn(n.text, 0, max)) return fail('invalid', n.col);
  return done(rest.slice(1), [{ kind: 'set', path: [...ctx.path, `${keyword} ${Number(n.text)}`], replaces: keyword }]);
}

const MODES: Record<ModeContext['mode'], Record<string, Handler>> = {
  config: {
    hostname: (ctx, _k, rest, no, kw) => {
      if (no) return done(rest, [{ kind: 'delete', path: ['hostname'], prefix: true }]);
      const name = rest[0];
      if (!name) return fail('incomplete', endCol(rest, kw));
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(name.text)) return fail('invalid', name.col);
      return done(rest.slice(1), [{ kind: 'set', path: [`hostname ${name.text}`], replaces: 'hostname' }]);
    },
    interface: (ctx, _k, rest, no, kw) => {
      const r = interfaceArg(rest, kw);
      if (!r.ok) return r;
      return container(ctx, `interface ${r.name}`, 'config-if', r.rest, no);
    },
    ssh: (_ctx, _k, rest, no, kw) => {
      const server = rest[0];
      if (!server) return fail('incomplete', endCol(rest, kw));
      const s = matchKeyword(server.text, ['server']);
      if (!s.ok) return fail(s.error, server.col);
      const what = rest[1];
      if (!what) return fail('incomplete', endCol(rest, kw));
      const w = matchKeyword(what.text, ['v2', 'vrf']);
      if (!w.ok) return fail(w.error, what.col);
      if (w.keyword === 'v2') return done(rest.slice(2), [{ kind: no ? 'delete' : 'set', path: ['ssh server v2'] }]);
      const vrf = rest[2];
      if (!vrf) return fail('incomplete', endCol(rest, kw));
      return done(rest.slice(3), [{ kind: no ? 'delete' : 'set', path: [`ssh server vrf ${vrf.text}`] }]);
    },
    tpa: (ctx, _k, rest, no) => container(ctx, 'tpa', 'config-tpa', rest, no),
    // unicon's iosxr plugin sends `no logging console` and `logging console disable` at connect.
    logging: (_ctx, _k, rest, no, kw) => {
      const c = rest[0];
      if (!c) return fail('incomplete', endCol(rest, kw));
      const m = matchKeyword(c.text, ['console']);
      if (!m.ok) return fail(m.error, c.col);
      if (no) return done(rest.slice(1), [{ kind: 'delete', path: ['logging console'], prefix: true }]);
      const d = rest[1];
      if (!d) return fail('incomplete', endCol(rest, kw));
      const dm = matchKeyword(d.text, ['disable']);
      if (!dm.ok) return fail(dm.error, d.col);
      return done(rest.slice(2), [{ kind: 'set', path: ['logging console disable'], replaces: 'logging console' }]);
    },
    // `line console` / `line default` with the timeouts unicon sets to 0 at connect.
    line: (ctx, _k, rest, no, kw) => {
      const t = rest[0];
      if (!t) return fail('incomplete', endCol(rest, kw));
      const m = matchKeyword(t.text, ['console', 'default']);
      if (!m.ok) return fail(m.error, t.col);
      return container(ctx, `line ${m.keyword}`, 'config-line', rest.slice(1), no);
    },
  },
  'config-line': {
    'exec-timeout': (ctx, _k, rest, no, kw) => {
      if (no) return done(rest.length > 2 ? rest.slice(2) : [], [{ kind: 'delete', path: [...ctx.path, 'exec-timeout'], prefix: true }]);
      const [m, s] = rest;
      if (!m) return fail('incomplete', endCol(rest, kw));
      if (!isNumberIn(m.text, 0, 35791)) return fail('invalid', m.col);
      if (!s) return fail('incomplete', endCol(rest, kw));
      if (!isNumberIn(s.text, 0, 2147483)) return fail('invalid', s.col);
      return done(rest.slice(2), [{ kind: 'set', path: [...ctx.path, `exec-timeout ${Number(m.text)} ${Number(s.text)}`], replaces: 'exec-timeout' }]);
    },
    'absolute-timeout': (ctx, k, rest, no, kw) => lineMinutes(ctx, k, rest, no, kw, 10000),
    'session-timeout': (ctx, k, rest, no, kw) => lineMinutes(ctx, k, rest, no, kw, 35791),
  },
  'config-if': {
    description: (ctx, _k, rest, no, kw) => {
      if (no) return { ok: true, edits: [{ kind: 'delete', path: [...ctx.path, 'description'], prefix: true }] };
      if (rest.length === 0) return fail('incomplete', endCol(rest, kw));
      const text = rest.map((t) => t.text).join(' ');
      return { ok: true, edits: [{ kind: 'set', path: [...ctx.path, `description ${text}`], replaces: 'description' }] };
    },
    ipv4: (ctx, _k, rest, no, kw) => {
      const a = rest[0];
      if (!a) return fail('incomplete', endCol(rest, kw));
      const k = matchKeyword(a.text, ['address']);
      if (!k.ok) return fail(k.error, a.col);
      if (no) return { ok: true, edits: [{ kind: 'delete', path: [...ctx.path, 'ipv4 address'], prefix: true }] };
      const ip = rest[1];
      if (!ip) return fail('incomplete', endCol(rest, kw));
      const slash = /^([\d.]+)\/(\d{1,2})$/.exec(ip.text);
      let addr: string;
      let mask: string;
      let after: Token[];
      if (slash && Number(slash[2]) <= 32) {
        addr = slash[1]!;
        mask = maskFromLength(Number(slash[2]));
        after = rest.slice(2);
      } else {
        addr = ip.text;
        const m = rest[2];
        if (ipv4ToNumber(addr) === null) return fail('invalid', ip.col);
        if (!m) return fail('incomplete', endCol(rest, kw));
        const mn = ipv4ToNumber(m.text);
        if (mn === null || !isContiguousMask(mn)) return fail('invalid', m.col);
        mask = m.text;
        after = rest.slice(3);
      }
      if (ipv4ToNumber(addr) === null) return fail('invalid', ip.col);
      return done(after, [{ kind: 'set', path: [...ctx.path, `ipv4 address ${addr} ${mask}`], replaces: 'ipv4 address' }]);
    },
    shutdown: (ctx, _k, rest, no) => done(rest, [{ kind: no ? 'delete' : 'set', path: [...ctx.path, 'shutdown'] }]),
  },
  'config-tpa': {
    'address-family': (ctx, _k, rest, no, kw) => {
      const afi = rest[0];
      if (!afi) return fail('incomplete', endCol(rest, kw));
      const a = matchKeyword(afi.text, ['ipv4', 'ipv6']);
      if (!a.ok) return fail(a.error, afi.col);
      return container(ctx, `address-family ${a.keyword}`, 'config-tpa-afi', rest.slice(1), no);
    },
    vrf: (ctx, _k, rest, no, kw) => {
      const name = rest[0];
      if (!name) return fail('incomplete', endCol(rest, kw));
      return container(ctx, `vrf ${name.text}`, 'config-tpa-vrf', rest.slice(1), no);
    },
  },
  'config-tpa-afi': {
    'update-source': (ctx, _k, rest, no, kw) => {
      if (no && rest.length === 0) return { ok: true, edits: [{ kind: 'delete', path: [...ctx.path, 'update-source'], prefix: true }] };
      const r = interfaceArg(rest, kw);
      if (!r.ok) return r;
      const line = `update-source ${r.name}`;
      return done(r.rest, [no ? { kind: 'delete', path: [...ctx.path, line] } : { kind: 'set', path: [...ctx.path, line], replaces: 'update-source' }]);
    },
  },
  'config-tpa-vrf': {
    'address-family': (ctx, _k, rest, no, kw) => {
      const afi = rest[0];
      if (!afi) return fail('incomplete', endCol(rest, kw));
      const a = matchKeyword(afi.text, ['ipv4', 'ipv6']);
      if (!a.ok) return fail(a.error, afi.col);
      return container(ctx, `address-family ${a.keyword}`, 'config-tpa-vrf-afi', rest.slice(1), no);
    },
  },
  'config-tpa-vrf-afi': {
    // Under a vrf XR stores the source as `update-source dataports <if>`, also when typed without
    // `dataports` (the commit diff in DEEP shows it so).
    'update-source': (ctx, _k, rest, no, kw) => {
      if (no && rest.length === 0) return { ok: true, edits: [{ kind: 'delete', path: [...ctx.path, 'update-source'], prefix: true }] };
      let args = rest;
      const first = rest[0];
      if (first && matchKeyword(first.text, ['dataports']).ok && !/\d/.test(first.text)) args = rest.slice(1);
      const r = interfaceArg(args, first ?? kw);
      if (!r.ok) return r;
      const line = `update-source dataports ${r.name}`;
      return done(r.rest, [no ? { kind: 'delete', path: [...ctx.path, line] } : { kind: 'set', path: [...ctx.path, line], replaces: 'update-source' }]);
    },
    'default-route': (ctx, _k, rest, no, kw) => {
      const what = rest[0];
      if (!what) {
        if (no) return { ok: true, edits: [{ kind: 'delete', path: [...ctx.path, 'default-route'], prefix: true }] };
        return fail('incomplete', endCol(rest, kw));
      }
      const w = matchKeyword(what.text, ['mgmt']);
      if (!w.ok) return fail(w.error, what.col);
      return done(rest.slice(1), [{ kind: no ? 'delete' : 'set', path: [...ctx.path, 'default-route mgmt'] }]);
    },
  },
};

const PARENT: Record<ModeContext['mode'], ModeContext['mode'] | null> = {
  config: null,
  'config-if': 'config',
  'config-line': 'config',
  'config-tpa': 'config',
  'config-tpa-afi': 'config-tpa',
  'config-tpa-vrf': 'config-tpa',
  'config-tpa-vrf-afi': 'config-tpa-vrf',
};

export function parentContext(ctx: ModeContext): ModeContext | null {
  const p = PARENT[ctx.mode];
  return p ? { mode: p, path: ctx.path.slice(0, -1) } : null;
}

/** Keywords that start a command in this submode (for abbreviation checks by the session). */
export function modeKeywords(mode: ModeContext['mode']): string[] {
  return [...Object.keys(MODES[mode]), 'no'];
}

/** Parses tokens in exactly this submode (no fall-through). */
export function parseInMode(ctx: ModeContext, tokens: Token[], no = false): ConfigParse {
  const first = tokens[0];
  if (!first) return fail('incomplete', 0);
  const table = MODES[ctx.mode];
  const k = matchKeyword(first.text, no ? Object.keys(table) : [...Object.keys(table), 'no']);
  if (!k.ok) return fail(k.error, first.col);
  if (k.keyword === 'no') {
    if (tokens.length === 1) return fail('incomplete', first.col + first.text.length + 1);
    return parseInMode(ctx, tokens.slice(1), true);
  }
  return table[k.keyword]!(ctx, k.keyword, tokens.slice(1), no, first);
}

/**
 * Parses a config line in the current submode, falling back to the parent submodes. The
 * context the command matched in is returned, since the prompt moves there.
 */
export function parseConfigLine(ctx: ModeContext, tokens: Token[]): { result: ConfigParse; matchedIn: ModeContext } {
  let best: { result: ConfigParse; matchedIn: ModeContext } | null = null;
  for (let c: ModeContext | null = ctx; c; c = parentContext(c)) {
    const result = parseInMode(c, tokens);
    if (result.ok) return { result, matchedIn: c };
    // Keep the error that got furthest into the line: that is the mode the user meant.
    if (!best || (!best.result.ok && result.col > best.result.col)) best = { result, matchedIn: c };
  }
  return best!;
}
