// What automation clients (Ansible's cisco.iosxr, netmiko's cisco_xr, unicon's iosxr) send at
// login and afterwards, answered by one session.
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../lab/xr-cli/config-store.js';
import { XrCliSession } from '../../lab/xr-cli/xr-cli-session.js';
import { platformInfo } from '../../lab/xr-cli/xr-platform.js';
import type { XrPlatform } from '../../lab/xr-cli/xr-cli-server.js';

const NOW = new Date(Date.UTC(2017, 2, 6, 5, 28, 57, 184));
const TS = 'Mon Mar  6 05:28:57.184 UTC\n';

function setup(platform: XrPlatform = 'vagrant', host = 'ios', interactive = true, line?: string) {
  const info = platformInfo(platform);
  const store = new ConfigStore(null, info, host, '198.18.0.2', () => NOW, () => '30aa');
  const s = new XrCliSession({ info, store, user: 'vagrant', defaultHostname: host, interactive, clock: () => NOW, line });
  const say = (l: string) => s.handleLine(l).output;
  return { s, store, say };
}

describe('login-time terminal settings', () => {
  it("takes Ansible's login set silently; afterwards no time line is printed before output", () => {
    const { s, say } = setup();
    expect(say('terminal length 0')).toBe('');
    expect(say('terminal width 512')).toBe('');
    expect(say('terminal exec prompt no-timestamp')).toBe('');
    expect(s.termLength).toBe(0);
    expect(s.termWidth).toBe(512);
    expect(say('show running-config hostname')).toBe('hostname ios\n\n');
    expect(say('conf t')).toBe('');
    expect(say('hostname r1')).toBe('');
    expect(say('commit')).toBe('');
    expect(say('end')).toBe('');
    expect(say('terminal exec prompt timestamp')).toBe('');
    expect(say('show running-config hostname')).toBe(TS + 'hostname r1\n\n');
  });

  it('accepts the abbreviations clients use, and width 0 (unicon) to 512 only', () => {
    const { s, say } = setup();
    expect(say('term len 0')).toBe('');
    expect(say('term width 0')).toBe('');
    expect(say('term exec prompt no')).toBe('');
    expect(s.timestamps).toBe(false);
    expect(say('ter e p t')).toBe('');
    expect(s.timestamps).toBe(true);
    expect(say('terminal width 513')).toContain("% Invalid input detected at '^' marker.");
    expect(say('terminal exec prompt')).toBe('% Incomplete command.\n\n');
    expect(say('terminal exec prompt sometimes')).toContain("% Invalid input detected at '^' marker.");
    expect(s.lastStatus).toBe(1);
  });

  it('keeps the setting per session', () => {
    const a = setup();
    a.say('terminal exec prompt no-timestamp');
    const b = new XrCliSession({ info: platformInfo('vagrant'), store: a.store, user: 'x', defaultHostname: 'ios', interactive: true, clock: () => NOW });
    expect(b.handleLine('show running-config hostname').output).toBe(TS + 'hostname ios\n\n');
  });
});

describe('output filters on show commands', () => {
  it('keeps the time line and filters only the command output', () => {
    const { say } = setup();
    expect(say('show running-config | include hostname')).toBe(TS + 'hostname ios\n');
    expect(say('show version | utility head -n 2')).toBe(TS + '\nCisco IOS XR Software, Version 6.1.2[Default]\n');
    expect(say('show version | i ^cisco | utility head -n 1')).toBe(TS + 'cisco IOS XRv x64 () processor\n');
    expect(say('show running-config | begin ^ssh')).toBe(TS + 'ssh server v2\nssh server vrf default\nend\n\n');
    expect(say('show running-config ssh | exclude vrf')).toBe(TS + 'ssh server v2\n\n');
  });

  it('works through do in config mode', () => {
    const { say } = setup();
    say('configure');
    expect(say('do show running-config | include ^hostname')).toBe(TS + 'hostname ios\n');
  });

  it('marks a bad modifier with the caret; a regex that does not compile quits the pipe', () => {
    const { s, say } = setup('vagrant', 'ios', false);
    expect(say('show running-config | grep x')).toBe("show running-config | grep x\n                      ^\n% Invalid input detected at '^' marker.\n\n");
    expect(say('show running-config | include (')).toBe('% Error parsing piping string. Quitting.\n');
    expect(s.lastStatus).toBe(1);
    expect(say('show running-config | include')).toBe('% Incomplete command.\n\n');
  });

  it('leaves run and bash -c lines alone', () => {
    const { say, s } = setup();
    expect(s.handleLine('run ls | wc -l').shell).toEqual({ command: 'ls | wc -l' });
    expect(s.handleLine('bash -c "ls | wc -l"').shell).toEqual({ command: 'ls | wc -l' });
    expect(say('terminal length 0 | include x')).toContain("% Invalid input detected at '^' marker.");
  });
});

describe('show ipv4 interface brief', () => {
  it("lists Mgmt with the lab address and the platform's ports in XR's columns", () => {
    const { say } = setup('ncs5500', 'ncs5508');
    expect(say('show ipv4 interface brief')).toBe(
      TS +
        [
          '',
          'Interface                      IP-Address      Status          Protocol Vrf-Name',
          'MgmtEth0/RP0/CPU0/0            198.18.0.2      Up              Up       default',
          'GigabitEthernet0/0/0/0         unassigned      Shutdown        Down     default',
          'GigabitEthernet0/0/0/1         unassigned      Shutdown        Down     default',
          'GigabitEthernet0/0/0/2         unassigned      Shutdown        Down     default',
          'GigabitEthernet0/0/0/3         unassigned      Shutdown        Down     default',
          '',
          '',
        ].join('\n'),
    );
  });

  it('follows committed config: a configured Loopback first, a port brought up with its address', () => {
    const { say } = setup();
    say('conf t');
    say('interface Loopback0 ipv4 address 198.18.9.9/32');
    say('interface GigabitEthernet0/0/0/0');
    say('ipv4 address 198.18.1.10 255.255.255.0');
    say('no shutdown');
    expect(say('do show ipv4 interface brief')).not.toContain('Loopback0'); // not committed yet
    say('commit');
    const out = say('do show ipv4 int br').split('\n');
    expect(out.slice(3, 6)).toEqual([
      'Loopback0                      198.18.9.9      Up              Up       default',
      'MgmtEth0/RP0/CPU0/0            198.18.0.2      Up              Up       default',
      'GigabitEthernet0/0/0/0         198.18.1.10     Up              Up       default',
    ]);
  });

  it('shows the ASR9k Mgmt port on RSP1', () => {
    expect(setup('asr9k', 'asr9k').say('show ipv4 interface brief | include Mgmt')).toBe(
      TS + 'MgmtEth0/RSP1/CPU0/0           198.18.0.2      Up              Up       default\n',
    );
  });

  it('needs brief', () => {
    expect(setup().say('show ipv4 interface')).toBe('% Incomplete command.\n\n');
  });
});

describe('show interfaces', () => {
  it("prints one interface in XR's layout, with its address, description and state", () => {
    const { say } = setup();
    say('conf t');
    say('interface Gi0/0/0/0');
    say('description to devbox');
    say('ipv4 address 198.18.1.10 255.255.255.0');
    say('no shutdown');
    say('commit');
    say('end');
    const out = say('show interfaces GigabitEthernet0/0/0/0').split('\n');
    expect(out[0]).toBe(TS.trimEnd());
    expect(out[1]).toBe('GigabitEthernet0/0/0/0 is up, line protocol is up');
    expect(out[3]).toMatch(/^ {2}Hardware is GigabitEthernet, address is ([0-9a-f]{4}\.){2}[0-9a-f]{4} \(bia /);
    expect(out).toContain('  Description: to devbox');
    expect(out).toContain('  Internet address is 198.18.1.10/24');
    expect(out).toContain('  MTU 1514 bytes, BW 1000000 Kbit (Max: 1000000 Kbit)');
    expect(out.some((l) => /^ {5}0 packets input, 0 bytes, 0 total input drops$/.test(l))).toBe(true);
  });

  it('takes the name typed apart or abbreviated; shows a shut port as administratively down', () => {
    const { say } = setup();
    expect(say('show interfaces gigabitEthernet 0/0/0/0').split('\n')[1]).toBe(
      'GigabitEthernet0/0/0/0 is administratively down, line protocol is administratively down',
    );
    expect(say('show int Mg0/RP0/CPU0/0 | include Internet')).toBe(TS + '  Internet address is 198.18.0.2/24\n');
  });

  it('without a name lists every interface', () => {
    const out = setup('ncs5500', 'ncs5508').say('show interfaces | include line protocol');
    expect(out.split('\n').filter((l) => l.includes('line protocol'))).toHaveLength(5);
  });

  it('answers an unknown interface: not found for a good name, the caret for a bad one', () => {
    const { s, say } = setup('vagrant', 'ios', false);
    expect(say('show interfaces GigabitEthernet0/0/0/7')).toBe(TS + 'Interface not found (GigabitEthernet0/0/0/7)\n');
    expect(s.lastStatus).toBe(1);
    expect(say('show interfaces Loopback1')).toBe(TS + 'Interface not found (Loopback1)\n');
    expect(say('show interfaces Fish0/0')).toBe("show interfaces Fish0/0\n                ^\n% Invalid input detected at '^' marker.\n\n");
  });
});

describe('show configuration commit list', () => {
  it('lists commits newest first with id or label, user, line, client and time', () => {
    const { say } = setup('vagrant', 'ios', true, 'vty2:node0_RP0_CPU0');
    expect(say('show configuration commit list')).toBe(TS + 'The commit database is empty\n');
    say('conf t');
    say('hostname one');
    say('commit');
    say('hostname two');
    say('commit label second-change');
    say('hostname three');
    say('commit comment three is the charm');
    say('end');
    const header = [
      'SNo. Label/ID              User      Line                Client      Time Stamp',
      '~~~~ ~~~~~~~~              ~~~~      ~~~~                ~~~~~~      ~~~~~~~~~~',
    ];
    expect(say('show configuration commit list')).toBe(
      TS +
        [
          ...header,
          '1    1000000003            vagrant   vty2:node0_RP0_CPU  CLI         Mon Mar  6 05:28:57 2017',
          '2    second-change         vagrant   vty2:node0_RP0_CPU  CLI         Mon Mar  6 05:28:57 2017',
          '3    1000000001            vagrant   vty2:node0_RP0_CPU  CLI         Mon Mar  6 05:28:57 2017',
          '',
          '',
        ].join('\n'),
    );
    expect(say('show configuration commit list 1').split('\n')).toHaveLength(6);
    expect(say('show config commit changes 1000000002')).toContain('hostname two');
  });

  it('keeps label and comment in the store', () => {
    const { store, say } = setup();
    say('conf t');
    say('hostname r9');
    say('commit label l1 comment "for the lab"');
    expect(store.commits[0]).toMatchObject({ id: '1000000001', label: 'l1', comment: 'for the lab', line: 'vty0:node0_RP0_CPU0', client: 'CLI' });
  });

  it('rejects a label that looks like a commit id, and a commit with options but nothing after them', () => {
    const { store, say } = setup();
    say('conf t');
    say('hostname r9');
    expect(say('commit label 1000000001')).toContain("% Invalid input detected at '^' marker.");
    expect(say('commit label')).toBe('% Incomplete command.\n\n');
    expect(say('commit fish')).toContain("% Invalid input detected at '^' marker.");
    expect(store.commits).toHaveLength(0);
    expect(say('show configuration commit list 0')).toContain("% Invalid input detected at '^' marker.");
  });
});

describe('IPv4 addresses in config commands', () => {
  it.each([
    ['ipv4 address 300.1.1.1 255.255.255.0', 'ipv4 address '.length],
    ['ipv4 address 1.2.3 255.255.255.0', 'ipv4 address '.length],
    ['ipv4 address 1.2.3.4.5/24', 'ipv4 address '.length],
    ['ipv4 address 300.1.1.1/24', 'ipv4 address '.length],
    ['ipv4 address 198.18.1.1 255.0.255.0', 'ipv4 address 198.18.1.1 '.length],
    ['ipv4 address 198.18.1.1 256.255.255.0', 'ipv4 address 198.18.1.1 '.length],
  ])('%s: caret under the bad token, nothing added to the candidate', (line, col) => {
    const { s, say } = setup();
    say('conf t');
    say('interface Loopback1');
    const prompt = s.prompt();
    expect(say(line)).toBe(`${' '.repeat(prompt.length + col)}^\n% Invalid input detected at '^' marker.\n\n`);
    expect(s.lastStatus).toBe(1);
    expect(say('show configuration')).not.toContain('ipv4 address');
  });

  it('takes a good address in both forms', () => {
    const { say } = setup();
    say('conf t');
    say('interface Loopback1');
    expect(say('ipv4 address 198.18.1.1 255.255.255.255')).toBe('');
    expect(say('ipv4 address 198.18.1.2/32')).toBe('');
  });
});

describe('config that clients send around a commit', () => {
  it("show commit changes diff (Ansible's iosxr_config) marks added, removed and replaced lines", () => {
    const { say } = setup();
    say('conf t');
    expect(say('show commit changes diff')).toBe(TS + 'Building configuration...\n!! IOS XR Configuration 6.1.2\nend\n\n');
    say('hostname r2');
    say('interface Loopback3 description x');
    say('interface Gi0/0/0/0');
    say('no shutdown');
    say('no ssh server v2');
    expect(say('show commit changes diff')).toBe(
      TS +
        [
          'Building configuration...',
          '!! IOS XR Configuration 6.1.2',
          '<- hostname ios',
          '+> hostname r2',
          '+  interface Loopback3',
          '+   description x',
          '   !',
          '   interface GigabitEthernet0/0/0/0',
          '-   shutdown',
          '   !',
          '-  ssh server v2',
          'end',
          '',
          '',
        ].join('\n'),
    );
    expect(setup().say('show commit changes diff')).toContain("% Invalid input detected at '^' marker."); // config mode only
  });

  it("takes unicon's connect-time config (console logging off, line timeouts 0) and commits it", () => {
    const { s, say, store } = setup();
    say('configure terminal');
    const lines = [
      'no logging console',
      'logging console disable',
      'line console',
      'exec-timeout 0 0',
      'absolute-timeout 0',
      'session-timeout 0',
      'line default',
      'exec-timeout 0 0',
      'absolute-timeout 0',
      'session-timeout 0',
    ];
    for (const l of lines) expect([l, say(l)]).toEqual([l, '']);
    expect(s.prompt()).toBe('RP/0/RP0/CPU0:ios(config-line)#');
    expect(say('commit')).toBe(TS);
    expect(store.commits).toHaveLength(1);
    say('end');
    expect(say('show running-config line')).toBe(
      TS +
        [
          'line console',
          ' exec-timeout 0 0',
          ' absolute-timeout 0',
          ' session-timeout 0',
          '!',
          'line default',
          ' exec-timeout 0 0',
          ' absolute-timeout 0',
          ' session-timeout 0',
          '!',
          '',
          '',
        ].join('\n'),
    );
    expect(say('show running-config | utility head -n 6').split('\n').slice(5, 7)).toEqual(['hostname ios', 'logging console disable']);
  });

  it('enters config mode with configure terminal or configure exclusive (Ansible, scrapli)', () => {
    for (const l of ['configure terminal', 'configure exclusive', 'conf ex']) {
      const { s, say } = setup();
      expect(say(l)).toBe(TS);
      expect(s.mode).toBe('config');
    }
    expect(setup().say('configure fish')).toContain("% Invalid input detected at '^' marker.");
  });

  it('checks line timeout values', () => {
    const { say } = setup();
    say('conf t');
    say('line default');
    expect(say('exec-timeout 35792 0')).toContain("% Invalid input detected at '^' marker.");
    expect(say('absolute-timeout x')).toContain("% Invalid input detected at '^' marker.");
    expect(say('line fish')).toContain("% Invalid input detected at '^' marker.");
    expect(say('session-timeout')).toBe('% Incomplete command.\n\n');
  });
});
