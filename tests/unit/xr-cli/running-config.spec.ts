import { describe, expect, it } from 'vitest';
import { tokenize } from '../../lab/xr-cli/cli-tokens.js';
import { CONFIG_ROOT, parseConfigLine, type ModeContext } from '../../lab/xr-cli/config-grammar.js';
import {
  applyEdits,
  parseConfigLines,
  renderChanges,
  renderConfigTree,
  validateConfig,
  type ConfigEdit,
} from '../../lab/xr-cli/running-config.js';
import { platformInfo } from '../../lab/xr-cli/xr-platform.js';

const parse = (ctx: ModeContext, line: string) => parseConfigLine(ctx, tokenize(line));

/** Types lines in config mode the way a session would, collecting edits. */
function type(lines: string[]): { edits: ConfigEdit[]; ctx: ModeContext } {
  let ctx = CONFIG_ROOT;
  const edits: ConfigEdit[] = [];
  for (const l of lines) {
    const { result, matchedIn } = parse(ctx, l);
    if (!result.ok) throw new Error(`${l}: ${result.error} at ${result.col}`);
    edits.push(...result.edits);
    ctx = result.enter ?? matchedIn;
  }
  return { edits, ctx };
}

describe('config grammar', () => {
  it('walks the tpa submodes of the tutorial', () => {
    const { edits, ctx } = type(['tpa', 'address-family ipv4', 'update-source gigabitEthernet 0/0/0/0']);
    expect(ctx.mode).toBe('config-tpa-afi');
    expect(renderConfigTree(applyEdits([], edits))).toEqual([
      'tpa',
      ' address-family ipv4',
      '  update-source GigabitEthernet0/0/0/0',
      ' !',
      '!',
    ]);
  });

  it('accepts the one-line form and stays at (config)', () => {
    const { edits, ctx } = type(['tpa address-family ipv4 update-source loopback 0']);
    expect(ctx.mode).toBe('config');
    expect(applyEdits([], edits)[0]!.children[0]!.children[0]!.line).toBe('update-source Loopback0');
  });

  it('stores a vrf update-source as dataports, and default-route mgmt', () => {
    const { edits, ctx } = type(['tpa', 'vrf default', 'address-family ipv4', 'update-source MgmtEth0/RP0/CPU0/0', 'default-route mgmt']);
    expect(ctx.mode).toBe('config-tpa-vrf-afi');
    expect(renderConfigTree(applyEdits([], edits)).slice(0, 5)).toEqual([
      'tpa',
      ' vrf default',
      '  address-family ipv4',
      '   update-source dataports MgmtEth0/RP0/CPU0/0',
      '   default-route mgmt',
    ]);
  });

  it('falls back to the parent modes for a command of theirs', () => {
    const { ctx } = type(['tpa', 'address-family ipv4', 'hostname r1']);
    expect(ctx.mode).toBe('config');
  });

  it('reports the column of the first bad word, and incomplete commands', () => {
    const r = parse({ mode: 'config-tpa', path: ['tpa'] }, 'address-family ipv5');
    expect(r.result).toEqual({ ok: false, error: 'invalid', col: 15 });
    expect(parse(CONFIG_ROOT, 'ssh server').result).toMatchObject({ ok: false, error: 'incomplete' });
  });

  it('replaces single-valued items and deletes with no', () => {
    const base = applyEdits([], type(['interface Gi0/0/0/0', 'ipv4 address 198.18.1.1 255.255.255.0', 'shutdown']).edits);
    const { edits } = type(['interface Gi0/0/0/0', 'ipv4 address 198.18.1.2/24', 'no shutdown', 'no ssh server v2']);
    expect(renderConfigTree(applyEdits(base, edits))).toEqual(['interface GigabitEthernet0/0/0/0', ' ipv4 address 198.18.1.2 255.255.255.0', '!']);
    expect(renderChanges(edits)).toEqual([
      'Building configuration...',
      '!! IOS XR Configuration 6.1.2',
      'interface GigabitEthernet0/0/0/0',
      ' ipv4 address 198.18.1.2 255.255.255.0',
      ' no shutdown',
      '!',
      'no ssh server v2',
      'end',
    ]);
  });
});

describe('validation at commit', () => {
  const ncs = platformInfo('ncs5500');
  const asr = platformInfo('asr9k');
  const check = (info = ncs, lines: string[]) => validateConfig(applyEdits([], type(lines).edits), info);

  it('accepts Mgmt, existing ports and configured Loopbacks as update-source', () => {
    expect(check(ncs, ['tpa address-family ipv4 update-source MgmtEth0/RP0/CPU0/0'])).toEqual([]);
    expect(check(ncs, ['tpa address-family ipv4 update-source Gi0/0/0/3'])).toEqual([]);
    expect(check(ncs, ['interface Loopback1', 'tpa address-family ipv4 update-source Loopback1'])).toEqual([]);
  });

  it('rejects interfaces that do not exist on the platform', () => {
    expect(check(ncs, ['tpa address-family ipv4 update-source Loopback1'])).toHaveLength(1);
    expect(check(ncs, ['tpa address-family ipv4 update-source Gi0/0/0/9'])[0]!.path).toEqual([
      'tpa',
      'address-family ipv4',
      'update-source GigabitEthernet0/0/0/9',
    ]);
    // The ASR9k's management port sits on RSP1, not RP0.
    expect(check(asr, ['tpa address-family ipv4 update-source MgmtEth0/RP0/CPU0/0'])).toHaveLength(1);
    expect(check(asr, ['tpa address-family ipv4 update-source MgmtEth0/RSP1/CPU0/0'])).toEqual([]);
    expect(check(ncs, ['interface Gi0/0/0/7', 'shutdown'])).toHaveLength(1);
  });

  it('parses its own rendering back', () => {
    const tree = applyEdits(parseConfigLines(ncs.initialConfig('ncs5508', '198.18.0.2')), type(['tpa address-family ipv4 update-source Gi0/0/0/0']).edits);
    expect(parseConfigLines(renderConfigTree(tree))).toEqual(tree);
  });
});
