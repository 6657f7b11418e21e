// The configuration as XR holds it: a tree of lines (`tpa` > `address-family ipv4` >
// `update-source ...`). A candidate is a list of edits; commit applies them to a copy, validates
// the result and either replaces the running tree or applies nothing (pseudo-atomic, as XR says).
import { interfaceRank, isLoopback } from './xr-interface-names.js';
import type { PlatformInfo } from './xr-platform.js';

export interface ConfigNode {
  line: string;
  children: ConfigNode[];
}

export type ConfigEdit =
  /** Make the path exist; a sibling starting with `replaces` is replaced (one hostname, one address). */
  | { kind: 'set'; path: string[]; replaces?: string }
  /** Remove the node at path; with `prefix`, remove every sibling whose line starts with the last word(s). */
  | { kind: 'delete'; path: string[]; prefix?: boolean };

export interface ConfigError {
  path: string[];
  message: string;
}

export const XR_VERSION = '6.1.2';

const clone = (nodes: ConfigNode[]): ConfigNode[] =>
  nodes.map((n) => ({ line: n.line, children: clone(n.children) }));

const startsWithWords = (line: string, prefix: string): boolean =>
  line === prefix || line.startsWith(prefix + ' ');

/** Parses XR-style indented text (one space per level, `!` and `end` ignored) into a tree. */
export function parseConfigLines(lines: string[]): ConfigNode[] {
  const root: ConfigNode = { line: '', children: [] };
  const stack: { depth: number; node: ConfigNode }[] = [{ depth: -1, node: root }];
  for (const raw of lines) {
    const text = raw.trimEnd();
    const body = text.trimStart();
    if (body === '' || body.startsWith('!') || body === 'end') continue;
    const depth = text.length - body.length;
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const node: ConfigNode = { line: body, children: [] };
    stack[stack.length - 1]!.node.children.push(node);
    stack.push({ depth, node });
  }
  return root.children;
}

/** Renders a tree the way XR prints it: one space of indent per level, `!` closing each block. */
export function renderConfigTree(nodes: ConfigNode[], depth = 0): string[] {
  const out: string[] = [];
  const pad = ' '.repeat(depth);
  for (const n of nodes) {
    out.push(pad + n.line);
    if (n.children.length > 0) {
      out.push(...renderConfigTree(n.children, depth + 1));
      out.push(pad + '!');
    }
  }
  return out;
}

/** Flat, indented form used in the state file: the tree without the `!` terminators. */
export function flattenConfigTree(nodes: ConfigNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [' '.repeat(depth) + n.line, ...flattenConfigTree(n.children, depth + 1)]);
}

function topRank(line: string): number {
  // XR prints features in a fixed order, not in the order they were configured.
  const order = ['hostname', 'logging', 'line', 'interface', 'tpa', 'ssh'];
  const i = order.indexOf(line.split(' ')[0]!);
  return i < 0 ? order.length : i;
}

function compareInterfaces(a: string, b: string): number {
  const ra = interfaceRank(a);
  const rb = interfaceRank(b);
  if (ra !== rb) return ra - rb;
  return a.localeCompare(b, 'en', { numeric: true });
}

function childRank(line: string): number {
  const order = [
    'description',
    'ipv4 address',
    'shutdown',
    'vrf',
    'address-family',
    'update-source',
    'default-route',
    'exec-timeout',
    'absolute-timeout',
    'session-timeout',
  ];
  const i = order.findIndex((p) => startsWithWords(line, p) || line.startsWith(p + ' '));
  return i < 0 ? order.length : i;
}

function sortTree(nodes: ConfigNode[], top: boolean): void {
  nodes.sort((a, b) => {
    if (top) {
      const d = topRank(a.line) - topRank(b.line);
      if (d !== 0) return d;
      if (a.line.startsWith('interface ') && b.line.startsWith('interface '))
        return compareInterfaces(a.line.slice(10), b.line.slice(10));
      if (a.line.startsWith('ssh ') && b.line.startsWith('ssh ')) return a.line.localeCompare(b.line);
      if (a.line.startsWith('line ') && b.line.startsWith('line ')) return a.line.localeCompare(b.line);
      return 0;
    }
    return childRank(a.line) - childRank(b.line);
  });
  for (const n of nodes) sortTree(n.children, false);
}

export function applyEdits(running: ConfigNode[], edits: ConfigEdit[]): ConfigNode[] {
  const root: ConfigNode = { line: '', children: clone(running) };
  for (const e of edits) {
    if (e.kind === 'set') {
      let cur = root;
      e.path.forEach((line, i) => {
        const last = i === e.path.length - 1;
        let next = cur.children.find((c) => c.line === line);
        if (!next) {
          if (last && e.replaces !== undefined) {
            const r = e.replaces;
            cur.children = cur.children.filter((c) => !startsWithWords(c.line, r));
          }
          next = { line, children: [] };
          cur.children.push(next);
        }
        cur = next;
      });
    } else {
      const parentPath = e.path.slice(0, -1);
      const target = e.path[e.path.length - 1]!;
      let cur: ConfigNode | undefined = root;
      for (const line of parentPath) cur = cur?.children.find((c) => c.line === line);
      if (!cur) continue;
      cur.children = cur.children.filter((c) => (e.prefix ? !startsWithWords(c.line, target) : c.line !== target));
    }
  }
  sortTree(root.children, true);
  return root.children;
}

/** The tree XR shows for a set of edits (`show configuration`, commit changes): deletions as `no ...`. */
export function editsAsTree(edits: ConfigEdit[]): ConfigNode[] {
  const root: ConfigNode = { line: '', children: [] };
  const ensure = (path: string[]): ConfigNode => {
    let cur = root;
    for (const line of path) {
      let next = cur.children.find((c) => c.line === line);
      if (!next) {
        next = { line, children: [] };
        cur.children.push(next);
      }
      cur = next;
    }
    return cur;
  };
  for (const e of edits) {
    if (e.kind === 'set') {
      const parent = ensure(e.path.slice(0, -1));
      const line = e.path[e.path.length - 1]!;
      // A later `no X` followed by `X` again should read as just `X`.
      parent.children = parent.children.filter((c) => c.line !== `no ${line}`);
      if (e.replaces !== undefined) {
        const r = e.replaces;
        parent.children = parent.children.filter((c) => !startsWithWords(c.line, r) || c.line === line);
      }
      ensure(e.path);
    } else {
      const parent = ensure(e.path.slice(0, -1));
      const line = e.path[e.path.length - 1]!;
      parent.children = parent.children.filter((c) => !startsWithWords(c.line, line));
      parent.children.push({ line: `no ${line}`, children: [] });
    }
  }
  return root.children;
}

/** Lines of `show configuration` / `show configuration commit changes`. */
export function renderChanges(edits: ConfigEdit[]): string[] {
  return ['Building configuration...', `!! IOS XR Configuration ${XR_VERSION}`, ...renderConfigTree(editsAsTree(edits)), 'end'];
}

function interfaceExists(name: string, tree: ConfigNode[], info: PlatformInfo): boolean {
  if (name === info.mgmtInterface) return true;
  if (isLoopback(name)) return tree.some((n) => n.line === `interface ${name}`);
  return info.physicalInterfaces.includes(name);
}

/**
 * Semantic checks XR would make at commit. Only the few the app can trip over are modelled:
 * interfaces that are not in the chassis, and tpa update-source naming an interface that does
 * not exist. The error wording is plausible; the reference shows none.
 */
export function validateConfig(tree: ConfigNode[], info: PlatformInfo): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const top of tree) {
    if (top.line.startsWith('interface ')) {
      const name = top.line.slice('interface '.length);
      if (!isLoopback(name) && !interfaceExists(name, tree, info))
        errors.push({ path: [top.line], message: `'ifmgr' detected the 'warning' condition 'Interface ${name} is not present on this platform'` });
    }
    if (top.line !== 'tpa') continue;
    const checkAfi = (prefix: string[], afi: ConfigNode): void => {
      for (const leaf of afi.children) {
        const m = /^update-source (?:dataports )?(\S+)$/.exec(leaf.line);
        if (m && !interfaceExists(m[1]!, tree, info))
          errors.push({
            path: [...prefix, afi.line, leaf.line],
            message: `'tpa' detected the 'warning' condition 'Interface ${m[1]} does not exist or is not configured'`,
          });
      }
    };
    for (const child of top.children) {
      if (child.line.startsWith('address-family ')) checkAfi(['tpa'], child);
      if (child.line.startsWith('vrf '))
        for (const afi of child.children) if (afi.line.startsWith('address-family ')) checkAfi(['tpa', child.line], afi);
    }
  }
  return errors;
}

/** `show configuration failed`: the rejected items, each followed by its `!!%` error. */
export function renderFailed(errors: ConfigError[]): string[] {
  if (errors.length === 0) return [];
  const out = [
    '!! SEMANTIC ERRORS: This configuration was rejected by ',
    '!! the system due to semantic errors. The individual ',
    '!! errors with each failed configuration command can be ',
    '!! found below.',
    '',
    '',
  ];
  for (const e of errors) {
    e.path.forEach((line, depth) => out.push(' '.repeat(depth) + line));
    out.push(`!!% ${e.message}`);
    for (let depth = e.path.length - 2; depth >= 0; depth--) out.push(' '.repeat(depth) + '!');
  }
  out.push('end');
  return out;
}

/** Selects the top-level items `show running-config <feature> [name]` prints. */
export function filterRunning(tree: ConfigNode[], feature: string, name?: string): ConfigNode[] {
  return tree.filter((n) => {
    if (feature === 'interface') return n.line.startsWith('interface ') && (name === undefined || n.line === `interface ${name}`);
    return startsWithWords(n.line, feature);
  });
}

function sameTree(a: ConfigNode[], b: ConfigNode[]): boolean {
  return a.length === b.length && a.every((n, i) => n.line === b[i]!.line && sameTree(n.children, b[i]!.children));
}

function allPaths(nodes: ConfigNode[], prefix: string[] = []): string[][] {
  return nodes.flatMap((n) => [[...prefix, n.line], ...allPaths(n.children, [...prefix, n.line])]);
}

/** Leaves a line replaces rather than adds to: `<-` old, `+>` new in a diff. */
const REPLACED = ['hostname', 'description', 'ipv4 address', 'update-source', 'logging console', 'exec-timeout', 'absolute-timeout', 'session-timeout'];
const replaceKey = (line: string): string | undefined => REPLACED.find((p) => startsWithWords(line, p));

/**
 * `show commit changes diff` (config mode): what committing would change, each line behind a
 * three-column marker: `+` added, `-` removed, `<-`/`+>` a value replaced, blank for context.
 */
export function renderCommitDiff(running: ConfigNode[], target: ConfigNode[]): string[] {
  const out = ['Building configuration...', `!! IOS XR Configuration ${XR_VERSION}`];
  const union = applyEdits(running, allPaths(target).map((path) => ({ kind: 'set' as const, path })));
  const block = (mark: string, n: ConfigNode, depth: number): void => {
    for (const l of renderConfigTree([n], depth)) out.push((l.trim() === '!' ? '   ' : mark) + l);
  };
  const walk = (nodes: ConfigNode[], before: ConfigNode[], after: ConfigNode[], depth: number): void => {
    const pad = ' '.repeat(depth);
    const paired = new Set<string>();
    for (const u of nodes) {
      const o = before.find((c) => c.line === u.line);
      const n = after.find((c) => c.line === u.line);
      if (o && n) {
        if (sameTree(o.children, n.children)) continue;
        out.push('   ' + pad + u.line);
        walk(u.children, o.children, n.children, depth + 1);
        out.push('   ' + pad + '!');
      } else if (o) {
        const key = replaceKey(u.line);
        const partner = key && after.find((c) => replaceKey(c.line) === key && !before.some((b) => b.line === c.line));
        if (partner && o.children.length === 0 && partner.children.length === 0) {
          out.push('<- ' + pad + o.line, '+> ' + pad + partner.line);
          paired.add(partner.line);
        } else block('-  ', o, depth);
      } else if (n && !paired.has(n.line)) {
        block('+  ', n, depth);
      }
    }
  };
  walk(union, running, target, 0);
  out.push('end');
  return out;
}
