import { describe, expect, it } from 'vitest';
import { parseInterfaceName } from '../../lab/xr-cli/xr-interface-names.js';
import { platformInfo } from '../../lab/xr-cli/xr-platform.js';
import { execPrompt, modePrompt, UNICON_CONFIG_PATTERN, uniconExecPattern, type XrMode } from '../../lab/xr-cli/xr-prompts.js';
import { xrTimestamp } from '../../lab/xr-cli/xr-timestamp.js';

describe('xrTimestamp', () => {
  it('matches the tutorial form, day padded with a space', () => {
    expect(xrTimestamp(new Date(Date.UTC(2017, 2, 6, 5, 28, 57, 184)))).toBe('Mon Mar  6 05:28:57.184 UTC');
    expect(xrTimestamp(new Date(Date.UTC(2017, 3, 9, 11, 29, 9, 31)))).toBe('Sun Apr  9 11:29:09.031 UTC');
    expect(xrTimestamp(new Date(Date.UTC(2017, 2, 16, 0, 0, 0, 0)))).toBe('Thu Mar 16 00:00:00.000 UTC');
  });
});

describe('prompts', () => {
  const modes: XrMode[] = ['config', 'config-if', 'config-line', 'config-tpa', 'config-tpa-afi', 'config-tpa-vrf', 'config-tpa-vrf-afi'];
  it.each([
    ['vagrant', 'ios', 'RP/0/RP0/CPU0:ios#'],
    ['ncs5500', 'ncs5508', 'RP/0/RP0/CPU0:ncs5508#'],
    ['asr9k', 'asr9k', 'RP/0/RSP1/CPU0:asr9k#'],
  ] as const)('%s exec prompt is %s-shaped and matches unicon', (platform, host, expected) => {
    const p = execPrompt(platformInfo(platform).node, host);
    expect(p).toBe(expected);
    expect(p).toMatch(uniconExecPattern(host));
    expect(p).not.toMatch(UNICON_CONFIG_PATTERN);
    for (const m of modes) {
      const c = modePrompt(platformInfo(platform).node, host, m);
      expect(c).toMatch(UNICON_CONFIG_PATTERN);
      expect(c).not.toMatch(uniconExecPattern(host));
    }
  });
  it('shows the submode like the tutorial', () => {
    expect(modePrompt('RP0', 'ios', 'config-tpa-afi')).toBe('RP/0/RP0/CPU0:ios(config-tpa-afi)#');
  });
});

describe('parseInterfaceName', () => {
  it.each([
    [['gigabitEthernet', '0/0/0/0'], 'GigabitEthernet0/0/0/0', 2],
    [['Gi0/0/0/1'], 'GigabitEthernet0/0/0/1', 1],
    [['loopback', '0'], 'Loopback0', 2],
    [['Lo1'], 'Loopback1', 1],
    [['mgmtEth0/rp0/cpu0/0'], 'MgmtEth0/RP0/CPU0/0', 1],
    [['MgmtEth0/RSP1/CPU0/0'], 'MgmtEth0/RSP1/CPU0/0', 1],
  ])('%j -> %s', (tokens, name, consumed) => {
    expect(parseInterfaceName(tokens)).toEqual({ ok: true, name, consumed, physical: !name.startsWith('Loop') });
  });
  it('says which token is wrong', () => {
    expect(parseInterfaceName(['Fish0'])).toEqual({ ok: false, error: 'invalid', tokenOffset: 0 });
    expect(parseInterfaceName(['Gi', '0/0'])).toEqual({ ok: false, error: 'invalid', tokenOffset: 1 });
    expect(parseInterfaceName(['Loopback'])).toEqual({ ok: false, error: 'incomplete', tokenOffset: 1 });
  });
});
