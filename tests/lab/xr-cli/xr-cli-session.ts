// One XR CLI session as a line-driven state machine: a line in, text out (with "\n"), plus a
// request to start a shell when the line was `bash` / `run`. No ssh2 and no pty here, and the
// clock is injected, so every dialog can be unit-tested.
import { fail, matchKeyword, parseErrorLines, tokenize, type ParseFailure, type Token } from './cli-tokens.js';
import { renderCommitList, vtyLine } from './commit-list.js';
import { CONFIG_ROOT, modeKeywords, parseConfigLine, parentContext, type ModeContext } from './config-grammar.js';
import type { CommitMeta, ConfigStore } from './config-store.js';
import { interfaceStates, renderInterfaceDetail, renderIpv4Brief } from './interface-status.js';
import {
  applyEdits,
  filterRunning,
  renderChanges,
  renderCommitDiff,
  renderConfigTree,
  renderFailed,
  validateConfig,
  XR_VERSION,
  type ConfigEdit,
  type ConfigError,
} from './running-config.js';
import { parseInterfaceName } from './xr-interface-names.js';
import type { PlatformInfo } from './xr-platform.js';
import { modePrompt, type XrMode } from './xr-prompts.js';
import { applyOutputFilters, findPipe, parseOutputFilters, type FilterFailure, type OutputFilter } from './xr-output-filters.js';
import { xrConfigChangeTime, xrTimestamp } from './xr-timestamp.js';

/** `command` undefined: an interactive shell; else one command for `sh -c`. */
export interface ShellRequest {
  command?: string;
}

export interface LineResult {
  output: string;
  shell?: ShellRequest;
  close?: boolean;
}

export interface SessionOptions {
  info: PlatformInfo;
  store: ConfigStore;
  user: string;
  /** Host name to use until the running config names one. */
  defaultHostname: string;
  /** true when the line was echoed after the prompt (a pty); the `^` marker is then offset by the prompt. */
  interactive: boolean;
  clock?: () => Date;
  /** When the router "booted", for `show version` uptime. */
  bootTime?: Date;
  /** The session's line in the commit list, e.g. `vty2:node0_RP0_CPU0`; default vty0. */
  line?: string;
}

type Pending =
  | { kind: 'uncommitted'; thenClose: boolean }
  | { kind: 'rsa-replace' }
  | { kind: 'rsa-modulus' }
  | { kind: 'rsa-zeroize' };

const UNCOMMITTED_QUESTION = 'Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:';
const RSA_MODULUS_QUESTION = 'How many bits in the modulus [2048]: ';
// Not in any XR source read (xr-facts 1.4); modelled on XR 6.x behaviour as remembered, with IOS-like [yes/no].
const RSA_REPLACE_QUESTION = 'Do you really want to replace them? [yes/no]: ';
const RSA_ZEROIZE_QUESTION = 'Do you really want to remove these keys ?? [yes/no]: ';

const EXEC_KEYWORDS = ['bash', 'configure', 'crypto', 'exit', 'logout', 'run', 'show', 'terminal'];
const CONFIG_SESSION_KEYWORDS = ['abort', 'commit', 'do', 'end', 'exit', 'root', 'show'];

export class XrCliSession {
  private ctx: ModeContext | null = null; // null: exec mode
  private candidate: ConfigEdit[] = [];
  private failed: ConfigError[] = [];
  private pending: Pending | null = null;
  private readonly clock: () => Date;
  private readonly bootTime: Date;
  /** Exit status of the last command, for SSH exec requests (non-zero after `% Invalid input`). */
  lastStatus = 0;
  termLength = 24;
  termWidth = 80;
  /** `terminal exec prompt no-timestamp` turns off the time line XR prints before command output. */
  timestamps = true;

  constructor(private readonly o: SessionOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.bootTime = o.bootTime ?? this.clock();
  }

  get mode(): XrMode {
    return this.ctx ? this.ctx.mode : 'exec';
  }

  get hasPendingQuestion(): boolean {
    return this.pending !== null;
  }

  get hasUncommittedChanges(): boolean {
    return this.candidate.length > 0;
  }

  private get hostname(): string {
    return this.o.store.hostname ?? this.o.defaultHostname;
  }

  /** What to print before reading the next line: the mode prompt, or the open question. */
  prompt(): string {
    switch (this.pending?.kind) {
      case 'uncommitted':
        return UNCOMMITTED_QUESTION;
      case 'rsa-replace':
        return RSA_REPLACE_QUESTION;
      case 'rsa-modulus':
        return RSA_MODULUS_QUESTION;
      case 'rsa-zeroize':
        return RSA_ZEROIZE_QUESTION;
      default:
        return modePrompt(this.o.info.node, this.hostname, this.mode);
    }
  }

  /** Ctrl-C: drop any open question (the line itself is dropped by the line editor). */
  interrupt(): void {
    this.pending = null;
  }

  private ts(): string {
    return this.timestamps ? xrTimestamp(this.clock()) + '\n' : '';
  }

  handleLine(raw: string): LineResult {
    this.lastStatus = 0;
    const line = raw.replace(/\s+$/, '');
    if (this.pending) return this.answer(line);
    const tokens = tokenize(line);
    if (tokens.length === 0) return { output: '' };
    return this.ctx ? this.configLine(line, tokens, this.ctx) : this.execLine(line, tokens);
  }

  private error(line: string, f: ParseFailure): LineResult {
    this.lastStatus = 1;
    // On a pty the line is already on screen after the prompt; otherwise show it so the caret points somewhere.
    const indent = this.o.interactive ? this.prompt().length : 0;
    const echo = this.o.interactive || f.error === 'incomplete' ? [] : [line];
    return { output: [...echo, ...parseErrorLines(f, indent)].join('\n') + '\n' };
  }

  // ---- exec mode ----

  private execLine(line: string, tokens: Token[], viaDo = false): LineResult {
    const first = tokens[0]!;
    const kw = matchKeyword(first.text, EXEC_KEYWORDS);
    if (!kw.ok) return this.error(line, fail(kw.error, first.col));
    const rest = tokens.slice(1);
    const restText = (i: number): string => (rest[i] ? line.slice(rest[i]!.col) : '');
    switch (kw.keyword) {
      case 'exit':
      case 'logout':
        if (rest[0]) return this.error(line, fail('invalid', rest[0].col));
        return { output: '', close: true };
      case 'terminal':
        return this.terminal(line, first, rest);
      case 'show':
        return this.show(line, first, rest, viaDo);
      case 'configure': {
        if (viaDo) return this.error(line, fail('invalid', first.col));
        const t = rest[0];
        if (t) {
          const m = matchKeyword(t.text, ['exclusive', 'terminal']); // exclusive: the lock is not modelled
          if (!m.ok) return this.error(line, fail(m.error, t.col));
          if (rest[1]) return this.error(line, fail('invalid', rest[1].col));
        }
        this.ctx = CONFIG_ROOT;
        this.candidate = [];
        return { output: this.ts() };
      }
      case 'crypto':
        return this.crypto(line, first, rest);
      case 'bash': {
        if (rest.length === 0) return { output: this.ts() + '\n', shell: {} };
        if (rest[0]!.text !== '-c') return this.error(line, fail('invalid', rest[0]!.col));
        if (!rest[1]) return this.error(line, fail('incomplete', 0));
        return { output: this.ts(), shell: { command: unquote(restText(1)) } };
      }
      case 'run':
        // `run` alone is an interactive shell like `bash`; with arguments it runs one command.
        if (rest.length === 0) return { output: this.ts() + '\n', shell: {} };
        return { output: this.ts(), shell: { command: restText(0) } };
    }
    return this.error(line, fail('invalid', first.col));
  }

  private terminal(line: string, first: Token, rest: Token[]): LineResult {
    const what = rest[0];
    if (!what) return this.error(line, fail('incomplete', first.col));
    const k = matchKeyword(what.text, ['exec', 'length', 'width']);
    if (!k.ok) return this.error(line, fail(k.error, what.col));
    if (k.keyword === 'exec') return this.terminalExec(line, rest.slice(1));
    const n = rest[1];
    if (!n) return this.error(line, fail('incomplete', what.col));
    if (!/^\d+$/.test(n.text) || Number(n.text) > 512) return this.error(line, fail('invalid', n.col));
    if (rest[2]) return this.error(line, fail('invalid', rest[2].col));
    if (k.keyword === 'length') this.termLength = Number(n.text);
    else this.termWidth = Number(n.text);
    // XR prints no timestamp for terminal settings.
    return { output: '' };
  }

  /**
   * Matches args against a fixed run of keywords (one choice list per position), with nothing
   * after them: the keywords picked, or the error to print.
   */
  private keywordRun(line: string, args: Token[], choices: string[][]): { ok: true; picked: string[] } | { ok: false; result: LineResult } {
    const picked: string[] = [];
    for (let i = 0; i < choices.length; i++) {
      const t = args[i];
      if (!t) return { ok: false, result: this.error(line, fail('incomplete', 0)) };
      const m = matchKeyword(t.text, choices[i]!);
      if (!m.ok) return { ok: false, result: this.error(line, fail(m.error, t.col)) };
      picked.push(m.keyword);
    }
    const extra = args[choices.length];
    if (extra) return { ok: false, result: this.error(line, fail('invalid', extra.col)) };
    return { ok: true, picked };
  }

  /** `terminal exec prompt no-timestamp | timestamp` (Ansible's cisco.iosxr sends it at login). */
  private terminalExec(line: string, args: Token[]): LineResult {
    const r = this.keywordRun(line, args, [['prompt'], ['no-timestamp', 'timestamp']]);
    if (!r.ok) return r.result;
    this.timestamps = r.picked[1] === 'timestamp';
    return { output: '' };
  }

  private filterError(line: string, f: FilterFailure): LineResult {
    if (f.error !== 'pipe') return this.error(line, f);
    this.lastStatus = 1;
    return { output: f.message + '\n' };
  }

  private show(line: string, first: Token, allRest: Token[], inConfig: boolean): LineResult {
    // Output modifiers: everything from the first unquoted `|` after `show`.
    const pipeAt = findPipe(line, first.col);
    let filters: OutputFilter[] = [];
    let rest = allRest;
    if (pipeAt >= 0) {
      rest = tokenize(line.slice(0, pipeAt)).filter((t) => t.col > first.col);
      const f = parseOutputFilters(line, pipeAt);
      if (!f.ok) return this.filterError(line, f);
      filters = f.filters;
    }
    const what = rest[0];
    if (!what) return this.error(line, fail('incomplete', first.col));
    const keywords = ['configuration', 'crypto', 'interfaces', 'ipv4', 'running-config', 'version'];
    // `show commit changes diff` exists only in config mode (Ansible's iosxr_config runs it before each commit).
    const k = matchKeyword(what.text, inConfig ? [...keywords, 'commit'] : keywords);
    if (!k.ok) return this.error(line, fail(k.error, what.col));
    const args = rest.slice(1);
    // The time line comes before the command runs, so filters never see it.
    const out = (lines: string[]): LineResult => ({
      output: this.ts() + applyOutputFilters(lines, filters).map((l) => l + '\n').join(''),
    });
    switch (k.keyword) {
      case 'commit': {
        const r = this.keywordRun(line, args, [['changes'], ['diff']]);
        if (!r.ok) return r.result;
        const running = this.o.store.running;
        return out([...renderCommitDiff(running, applyEdits(running, this.candidate)), '']);
      }
      case 'ipv4': {
        const r = this.keywordRun(line, args, [['interface'], ['brief']]);
        return r.ok ? out([...renderIpv4Brief(interfaceStates(this.o.store.running, this.o.info)), '']) : r.result;
      }
      case 'interfaces':
        return this.showInterfaces(line, args, out);
      case 'version':
        if (args[0]) return this.error(line, fail('invalid', args[0].col));
        return out([...this.versionLines(), '']);
      case 'running-config':
        return this.showRunning(line, args, out);
      case 'crypto': {
        const r = this.keywordRun(line, args, [['key'], ['mypubkey'], ['rsa']]);
        return r.ok ? out(this.pubkeyLines()) : r.result;
      }
      case 'configuration': {
        const sub = args[0];
        if (!sub) {
          // The uncommitted changes of this session exist only in config mode.
          if (!inConfig) return this.error(line, fail('incomplete', first.col));
          return out([...renderChanges(this.candidate), '']);
        }
        const m = matchKeyword(sub.text, ['commit', 'failed']);
        if (!m.ok) return this.error(line, fail(m.error, sub.col));
        if (m.keyword === 'failed') {
          if (args[1] && !matchKeyword(args[1].text, ['inheritance']).ok) return this.error(line, fail('invalid', args[1].col));
          const f = renderFailed(this.failed);
          return out(f.length ? [...f, ''] : []);
        }
        return this.showCommit(line, args.slice(1), out);
      }
    }
    return this.error(line, fail('invalid', what.col));
  }

  private showRunning(line: string, args: Token[], out: (l: string[]) => LineResult): LineResult {
    const tree = this.o.store.running;
    if (args.length === 0) {
      const last = this.o.store.lastChange;
      return out([
        'Building configuration...',
        `!! IOS XR Configuration ${XR_VERSION}`,
        ...(last ? [`!! Last configuration change at ${xrConfigChangeTime(last.time)} by ${last.user}`] : []),
        '!',
        ...renderConfigTree(tree),
        'end',
        '',
      ]);
    }
    const f = args[0]!;
    const k = matchKeyword(f.text, ['hostname', 'interface', 'line', 'logging', 'ssh', 'tpa']);
    if (!k.ok) return this.error(line, fail(k.error, f.col));
    let name: string | undefined;
    let extra = args.slice(1);
    if (k.keyword === 'interface' && extra.length > 0) {
      const r = parseInterfaceName(extra.map((t) => t.text));
      if (!r.ok) return this.error(line, fail(r.error, extra[r.tokenOffset]?.col ?? f.col));
      name = r.name;
      extra = extra.slice(r.consumed);
    }
    if (extra[0]) return this.error(line, fail('invalid', extra[0].col));
    const items = filterRunning(tree, k.keyword, name);
    // A section prints without the header (D612's `show running-config ssh`); plausible wording when empty.
    if (items.length === 0) return out(['% No such configuration item(s)', '']);
    return out([...renderConfigTree(items), '']);
  }

  /** `show configuration commit changes {last N | <commit-id>}` and `show configuration commit list [N]`. */
  private showCommit(line: string, args: Token[], out: (l: string[]) => LineResult): LineResult {
    const sub = args[0];
    if (!sub) return this.error(line, fail('incomplete', 0));
    const s = matchKeyword(sub.text, ['changes', 'list']);
    if (!s.ok) return this.error(line, fail(s.error, sub.col));
    const all = this.o.store.commits;
    if (s.keyword === 'list') {
      const n = args[1];
      if (n && (!/^\d+$/.test(n.text) || Number(n.text) < 1)) return this.error(line, fail('invalid', n.col));
      if (args[2]) return this.error(line, fail('invalid', args[2].col));
      const lines = renderCommitList(all, n ? Number(n.text) : undefined);
      return out(all.length === 0 ? lines : [...lines, '']);
    }
    const what = args[1];
    if (!what) return this.error(line, fail('incomplete', 0));
    let commits: typeof all;
    let after: Token | undefined;
    if (/^\d+$/.test(what.text)) {
      // A commit id: the changes that commit made.
      const c = all.find((x) => x.id === what.text);
      if (!c) return this.error(line, fail('invalid', what.col));
      commits = [c];
      after = args[2];
    } else {
      const m = matchKeyword(what.text, ['last']);
      if (!m.ok) return this.error(line, fail(m.error, what.col));
      const n = args[2];
      if (!n) return this.error(line, fail('incomplete', 0));
      if (!/^\d+$/.test(n.text) || Number(n.text) < 1) return this.error(line, fail('invalid', n.col));
      commits = all.slice(-Number(n.text));
      after = args[3];
    }
    if (after) return this.error(line, fail('invalid', after.col));
    if (commits.length === 0) return out(['% No such configuration item(s)', '']);
    return out([...renderChanges(commits.flatMap((c) => c.edits)), '']);
  }

  /** `show interfaces [<name>]`: every interface, or one; an unknown one is not found. */
  private showInterfaces(line: string, args: Token[], out: (l: string[]) => LineResult): LineResult {
    const states = interfaceStates(this.o.store.running, this.o.info);
    const seed = this.hostname;
    if (args.length === 0) return out(states.flatMap((s) => [...renderInterfaceDetail(s, seed), '']));
    const r = parseInterfaceName(args.map((t) => t.text));
    if (!r.ok) return this.error(line, fail(r.error, args[r.tokenOffset]?.col ?? 0));
    if (args[r.consumed]) return this.error(line, fail('invalid', args[r.consumed]!.col));
    const s = states.find((x) => x.name === r.name);
    if (!s) {
      // Modelled on XR's wording for a well-formed name the router does not have.
      this.lastStatus = 1;
      return out([`Interface not found (${r.name})`]);
    }
    return out([...renderInterfaceDetail(s, seed), '']);
  }

  private versionLines(): string[] {
    const up = Math.max(0, Math.floor((this.clock().getTime() - this.bootTime.getTime()) / 60000));
    const hours = Math.floor(up / 60);
    const uptime = hours > 0 ? `${hours} hour${hours === 1 ? '' : 's'}, ${up % 60} minutes` : `${up} minutes`;
    // Plausible 6.1.2 text; build details are invented, not copied from a router.
    return [
      '',
      `Cisco IOS XR Software, Version ${XR_VERSION}[Default]`,
      'Copyright (c) 2013-2016 by Cisco Systems, Inc.',
      '',
      'Build Information:',
      ' Built By     : xrlab',
      ' Built On     : Sat Dec 10 12:00:00 PST 2016',
      ' Build Host   : xr-lab-emulator',
      ` Version      : ${XR_VERSION}`,
      ' Location     : /opt/cisco/XR/packages/',
      '',
      this.o.info.chassis,
      `System uptime is ${uptime}`,
    ];
  }

  private pubkeyLines(): string[] {
    const k = this.o.store.rsaKey;
    if (!k) return [];
    const created = new Date(k.created);
    const hex = k.publicKeyDerHex.toUpperCase();
    const words = hex.match(/.{1,8}/g) ?? [];
    const rows: string[] = [];
    for (let i = 0; i < words.length; i += 8) rows.push(' ' + words.slice(i, i + 8).join(' '));
    const t = xrTimestamp(created).split(' ');
    return [
      `Key label: ${k.label}`,
      'Type     : RSA General purpose',
      `Size     : ${k.bits}`,
      `Created  : ${t[3]!.slice(0, 8)} UTC ${t[0]} ${t[1]} ${String(created.getUTCDate()).padStart(2, '0')} ${created.getUTCFullYear()}`,
      'Data     :',
      ...rows,
      '',
    ];
  }

  private crypto(line: string, first: Token, rest: Token[]): LineResult {
    const key = rest[0];
    if (!key) return this.error(line, fail('incomplete', first.col));
    const k = matchKeyword(key.text, ['key']);
    if (!k.ok) return this.error(line, fail(k.error, key.col));
    const act = rest[1];
    if (!act) return this.error(line, fail('incomplete', first.col));
    const a = matchKeyword(act.text, ['generate', 'zeroize']);
    if (!a.ok) return this.error(line, fail(a.error, act.col));
    const alg = rest[2];
    if (!alg) return this.error(line, fail('incomplete', first.col));
    const r = matchKeyword(alg.text, ['rsa']);
    if (!r.ok) return this.error(line, fail(r.error, alg.col));
    if (rest[3]) return this.error(line, fail('invalid', rest[3].col));
    const ts = this.ts();
    if (a.keyword === 'zeroize') {
      if (!this.o.store.rsaKey) return { output: ts + '% No RSA keys found\n' };
      this.pending = { kind: 'rsa-zeroize' };
      return { output: ts };
    }
    let out = ts + 'The name for the keys will be: the_default\n';
    if (this.o.store.rsaKey) {
      this.pending = { kind: 'rsa-replace' };
      return { output: out + '% You already have keys defined for the_default\n' };
    }
    out += this.modulusNotice();
    this.pending = { kind: 'rsa-modulus' };
    return { output: out };
  }

  private modulusNotice(): string {
    return (
      '  Choose the size of the key modulus in the range of 512 to 4096 for your General Purpose Keypair. ' +
      'Choosing a key modulus greater than 512 may take a few minutes.\n\n'
    );
  }

  // ---- questions ----

  private answer(line: string): LineResult {
    const p = this.pending!;
    const a = line.trim().toLowerCase();
    if (p.kind === 'rsa-modulus') {
      const bits = a === '' ? 2048 : /^\d+$/.test(a) ? Number(a) : NaN;
      if (!(bits >= 512 && bits <= 4096)) {
        // Plausible wording; XR asks again.
        return { output: '% Invalid modulus. Please choose a value between 512 and 4096.\n' };
      }
      this.pending = null;
      this.o.store.generateRsaKey(bits);
      return { output: 'Generating RSA keys ...\nDone w/ crypto generate keypair\n[OK]\n\n' };
    }
    if (p.kind === 'uncommitted') {
      const m = a === '' ? { ok: true as const, keyword: 'cancel' } : matchKeyword(a, ['yes', 'no', 'cancel']);
      if (!m.ok) return { output: "% Please answer 'yes', 'no' or 'cancel'.\n" };
      this.pending = null;
      if (m.keyword === 'cancel') return { output: '' };
      if (m.keyword === 'no') {
        this.candidate = [];
        this.ctx = null;
        return { output: '', close: p.thenClose };
      }
      const c = this.commit();
      if (!c.ok) return { output: c.output };
      this.ctx = null;
      return { output: c.output, close: p.thenClose };
    }
    const m = matchKeyword(a, ['yes', 'no']);
    if (a === '' || !m.ok) return { output: "% Please answer 'yes' or 'no'.\n" };
    this.pending = null;
    if (p.kind === 'rsa-zeroize') {
      if (m.keyword === 'yes') this.o.store.zeroizeRsaKey();
      return { output: '' };
    }
    // rsa-replace
    if (m.keyword === 'no') return { output: '' };
    this.pending = { kind: 'rsa-modulus' };
    return { output: this.modulusNotice() };
  }

  // ---- config mode ----

  private configLine(line: string, tokens: Token[], ctx: ModeContext): LineResult {
    const first = tokens[0]!;
    const rest = tokens.slice(1);
    const k = matchKeyword(first.text, [...new Set([...CONFIG_SESSION_KEYWORDS, ...modeKeywords(ctx.mode)])]);
    if (k.ok && CONFIG_SESSION_KEYWORDS.includes(k.keyword)) {
      const noArgs = (): LineResult | null => (rest[0] ? this.error(line, fail('invalid', rest[0].col)) : null);
      switch (k.keyword) {
        case 'commit': {
          const meta = parseCommitOptions(line, rest);
          if (!meta.ok) return this.error(line, meta);
          return { output: this.commit(meta.meta).output };
        }
        case 'abort':
          this.candidate = [];
          this.ctx = null;
          return noArgs() ?? { output: '' };
        case 'root':
          this.ctx = CONFIG_ROOT;
          return noArgs() ?? { output: '' };
        case 'end':
          return noArgs() ?? this.leaveConfig(false);
        case 'exit': {
          const bad = noArgs();
          if (bad) return bad;
          const up = parentContext(ctx);
          if (up) {
            this.ctx = up;
            return { output: '' };
          }
          return this.leaveConfig(false);
        }
        case 'show':
          return this.show(line, first, rest, true);
        case 'do': {
          if (rest.length === 0) return this.error(line, fail('incomplete', first.col));
          // `do` runs an exec command; offsets stay those of the full line so the caret lands right.
          return this.execLine(line, rest, true);
        }
      }
    }
    const { result, matchedIn } = parseConfigLine(ctx, tokens);
    if (!result.ok) return this.error(line, result);
    this.candidate.push(...result.edits);
    this.ctx = result.enter ?? matchedIn;
    return { output: '' };
  }

  private leaveConfig(thenClose: boolean): LineResult {
    if (this.candidate.length > 0) {
      this.pending = { kind: 'uncommitted', thenClose };
      return { output: '' };
    }
    this.ctx = null;
    return { output: '', close: thenClose };
  }

  private commit(meta: CommitMeta = {}): { ok: boolean; output: string } {
    const ts = this.ts();
    if (this.candidate.length === 0) return { ok: true, output: ts + '% No configuration changes to commit.\n' };
    const result = applyEdits(this.o.store.running, this.candidate);
    const errors = validateConfig(result, this.o.info);
    if (errors.length > 0) {
      // Pseudo-atomic: nothing applied; the candidate stays so the user can fix and retry.
      this.failed = errors;
      return {
        ok: false,
        output:
          ts +
          '\n% Failed to commit one or more configuration items during a pseudo-atomic operation. ' +
          'All changes made have been reverted. ' +
          "Please issue 'show configuration failed [inheritance]' from this session to view the errors\n",
      };
    }
    this.o.store.commit(result, this.candidate, this.o.user, {
      ...meta,
      line: this.o.line ?? vtyLine(0, this.o.info.node),
      client: 'CLI',
    });
    this.candidate = [];
    this.failed = [];
    return { ok: true, output: ts };
  }
}

/**
 * `commit [label L] [comment TEXT]`, as netmiko and Ansible send them. A label names the commit
 * in the commit list, so it must not look like a commit id; a comment runs to the end of the line.
 */
function parseCommitOptions(line: string, args: Token[]): { ok: true; meta: CommitMeta } | ParseFailure {
  const meta: CommitMeta = {};
  for (let i = 0; i < args.length; ) {
    const t = args[i]!;
    const k = matchKeyword(t.text, ['comment', 'label']);
    if (!k.ok) return fail(k.error, t.col);
    const v = args[i + 1];
    if (!v) return fail('incomplete', 0);
    if (k.keyword === 'comment') {
      if (meta.comment !== undefined) return fail('invalid', t.col);
      meta.comment = unquote(line.slice(v.col));
      break;
    }
    if (meta.label !== undefined || !/^[A-Za-z][A-Za-z0-9_.-]{0,59}$/.test(v.text)) return fail('invalid', meta.label !== undefined ? t.col : v.col);
    meta.label = v.text;
    i += 2;
  }
  return { ok: true, meta };
}

function unquote(s: string): string {
  const m = /^(["'])(.*)\1$/s.exec(s.trim());
  return m ? m[2]! : s;
}
