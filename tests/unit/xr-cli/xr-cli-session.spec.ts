import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../lab/xr-cli/config-store.js';
import { XrCliSession } from '../../lab/xr-cli/xr-cli-session.js';
import { platformInfo } from '../../lab/xr-cli/xr-platform.js';
import type { XrPlatform } from '../../lab/xr-cli/xr-cli-server.js';

const NOW = new Date(Date.UTC(2017, 2, 6, 5, 28, 57, 184));
const TS = 'Mon Mar  6 05:28:57.184 UTC\n';
let keyNo = 0;
const fakeKey = (bits: number): string => `30${bits.toString(16)}${String(++keyNo).padStart(4, '0')}`;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(platform: XrPlatform = 'ncs5500', host = 'ncs5508', interactive = true, file?: string) {
  const info = platformInfo(platform);
  const store = new ConfigStore(file ?? null, info, host, '198.18.0.2', () => NOW, fakeKey);
  const s = new XrCliSession({ info, store, user: 'cisco', defaultHostname: host, interactive, clock: () => NOW });
  const say = (line: string) => s.handleLine(line);
  return { s, store, say };
}

describe('XrCliSession exec mode', () => {
  it('prints the timestamp after show commands and configure, not after terminal', () => {
    const { s, say } = setup();
    expect(say('terminal length 0')).toEqual({ output: '' });
    expect(say('term width 300')).toEqual({ output: '' });
    expect(say('show version').output.startsWith(TS)).toBe(true);
    expect(say('conf t')).toEqual({ output: TS });
    expect(s.prompt()).toBe('RP/0/RP0/CPU0:ncs5508(config)#');
  });

  it('marks the bad word under the echoed line', () => {
    const { s, say } = setup();
    const r = say('show runing-config');
    expect(r.output).toBe(`${' '.repeat('RP/0/RP0/CPU0:ncs5508#show '.length)}^\n% Invalid input detected at '^' marker.\n\n`);
    expect(s.lastStatus).toBe(1);
    expect(say('bogus').output).toContain("% Invalid input detected at '^' marker.");
    expect(say('c').output).toContain('% Ambiguous command'); // configure / crypto
  });

  it('without a pty, shows the line itself above the caret', () => {
    const { say } = setup('ncs5500', 'ncs5508', false);
    expect(say('show fish').output).toBe("show fish\n     ^\n% Invalid input detected at '^' marker.\n\n");
  });

  it('hands bash, bash -c and run to a shell', () => {
    const { say } = setup();
    expect(say('bash')).toEqual({ output: TS + '\n', shell: {} });
    expect(say('bash -c "ls -l /misc"')).toEqual({ output: TS, shell: { command: 'ls -l /misc' } });
    expect(say('run echo $((6*7))')).toEqual({ output: TS, shell: { command: 'echo $((6*7))' } });
  });

  it('shows running-config sections without the header, as D612 does', () => {
    const { say } = setup('vagrant', 'ios');
    expect(say('show  running-config ssh').output).toBe(TS + 'ssh server v2\nssh server vrf default\n\n');
    const full = say('show running-config').output;
    expect(full).toContain('Building configuration...\n!! IOS XR Configuration 6.1.2\n');
    expect(full.trimEnd().endsWith('end')).toBe(true);
    expect(say('show running-config interface MgmtEth0/RP0/CPU0/0').output).toContain(' ipv4 address 198.18.0.2 255.255.255.0');
  });

  it('closes on exit', () => {
    expect(setup().say('exit')).toEqual({ output: '', close: true });
  });
});

describe('XrCliSession config mode', () => {
  it('commits into the running config shared by sessions', () => {
    const { store, say } = setup();
    say('configure');
    say('ssh server v2');
    expect(say('show configuration').output).toContain('ssh server v2');
    expect(say('commit')).toEqual({ output: TS });
    expect(store.running.map((n) => n.line)).toContain('ssh server v2');
    expect(say('commit').output).toBe(TS + '% No configuration changes to commit.\n');
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]!.id).toBe('1000000001');
  });

  it('fails a commit pseudo-atomically and keeps the candidate', () => {
    const { s, store, say } = setup('asr9k', 'asr9k');
    say('conf t');
    say('hostname changed');
    say('tpa');
    say('address-family ipv4');
    say('update-source MgmtEth0/RP0/CPU0/0'); // the ASR9k's Mgmt is on RSP1
    const r = say('commit').output;
    expect(r).toContain('% Failed to commit one or more configuration items during a pseudo-atomic operation.');
    expect(store.hostname).toBe('asr9k');
    expect(s.prompt()).toBe('RP/0/RSP1/CPU0:asr9k(config-tpa-afi)#');
    expect(say('show configuration failed').output).toContain('update-source MgmtEth0/RP0/CPU0/0\n!!%');
    say('update-source MgmtEth0/RSP1/CPU0/0');
    expect(say('commit').output).toBe(TS);
    expect(store.hostname).toBe('changed');
    expect(s.prompt()).toBe('RP/0/RSP1/CPU0:changed(config-tpa-afi)#');
    expect(say('show configuration failed').output).toBe(TS);
  });

  it('asks before leaving with uncommitted changes (yes / no / cancel)', () => {
    const { s, store, say } = setup();
    const q = 'Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:';
    say('conf t');
    say('ssh server v2');
    say('end');
    expect(s.prompt()).toBe(q);
    say('');
    expect(s.mode).toBe('config');
    say('end');
    say('maybe');
    expect(s.prompt()).toBe(q);
    say('no');
    expect(s.mode).toBe('exec');
    expect(store.commits).toHaveLength(0);
    say('conf t');
    say('ssh server v2');
    say('exit');
    expect(say('yes').output).toBe(TS);
    expect(s.mode).toBe('exec');
    expect(store.commits).toHaveLength(1);
  });

  it('moves between submodes with exit, root and end; abort discards', () => {
    const { s, say } = setup();
    say('conf t');
    say('tpa');
    say('vrf default');
    say('address-family ipv4');
    expect(s.mode).toBe('config-tpa-vrf-afi');
    say('exit');
    expect(s.mode).toBe('config-tpa-vrf');
    say('root');
    expect(s.mode).toBe('config');
    say('interface Loopback0');
    expect(s.mode).toBe('config-if');
    say('abort');
    expect(s.mode).toBe('exec');
    expect(s.hasUncommittedChanges).toBe(false);
  });

  it('runs exec commands with do', () => {
    const { say } = setup();
    say('conf t');
    expect(say('do show running-config hostname').output).toBe(TS + 'hostname ncs5508\n\n');
  });
});

describe('crypto key dialogs', () => {
  it('generates a key the first time with the default modulus', () => {
    const { s, store, say } = setup();
    expect(say('show crypto key mypubkey rsa').output).toBe(TS);
    const r = say('crypto key generate rsa').output;
    expect(r.startsWith(TS + 'The name for the keys will be: the_default\n')).toBe(true);
    expect(s.prompt()).toBe('How many bits in the modulus [2048]: ');
    expect(say('').output).toBe('Generating RSA keys ...\nDone w/ crypto generate keypair\n[OK]\n\n');
    expect(store.rsaKey?.bits).toBe(2048);
    expect(say('show crypto key mypubkey rsa').output).toContain('Key label: the_default');
  });

  it('validates the modulus', () => {
    const { s, store, say } = setup();
    say('crypto key generate rsa');
    say('8192');
    expect(s.prompt()).toBe('How many bits in the modulus [2048]: ');
    say('512');
    expect(store.rsaKey?.bits).toBe(512);
  });

  it('asks before replacing keys: no keeps them, yes replaces them', () => {
    const { s, store, say } = setup('vagrant', 'ios'); // the box starts with a key
    const before = store.rsaKey!.publicKeyDerHex;
    expect(say('crypto key generate rsa').output).toContain('% You already have keys defined for the_default');
    expect(s.prompt()).toContain('[yes/no]');
    say('no');
    expect(s.hasPendingQuestion).toBe(false);
    expect(store.rsaKey!.publicKeyDerHex).toBe(before);
    say('crypto key generate rsa');
    expect(say('yes').output).toContain('Choose the size of the key modulus');
    say('4096');
    expect(store.rsaKey!.bits).toBe(4096);
    expect(store.rsaKey!.publicKeyDerHex).not.toBe(before);
  });

  it('zeroizes after a confirm', () => {
    const { store, say } = setup('vagrant', 'ios');
    say('crypto key zeroize rsa');
    say('yes');
    expect(store.rsaKey).toBeNull();
  });
});

describe('ConfigStore', () => {
  it('persists committed config and keys to the state file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xr-store-'));
    dirs.push(dir);
    const file = join(dir, 'sub', 'state.json');
    const a = setup('ncs5500', 'ncs5508', true, file);
    a.say('conf t');
    a.say('ssh server v2');
    a.say('commit');
    a.say('end');
    a.say('crypto key generate rsa');
    a.say('');
    const b = setup('ncs5500', 'ncs5508', true, file);
    expect(b.say('show running-config ssh').output).toBe(TS + 'ssh server v2\n\n');
    expect(b.store.rsaKey?.bits).toBe(2048);
    expect(b.say('show configuration commit changes last 1').output).toContain('ssh server v2');
  });
});
