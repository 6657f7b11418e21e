// The emulated XR CLI driven by the stock OpenSSH client through a real pty, as the app and
// a user would drive it. Loopback only; host keys from ssh-keygen in a temp dir.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtyExpect } from './pty-expect.js';
import { startXrCli, type XrCliOptions, type XrCliServer } from './xr-cli-server.js';
import { UNICON_CONFIG_PATTERN, uniconExecPattern } from './xr-prompts.js';

const HAVE_TOOLS = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v sshpass && command -v ssh && command -v ssh-keygen && command -v ssh-keyscan'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const run = promisify(execFile);
const USER = 'root';
const PASS = 'lab-pass';
const EXEC = 'RP/0/RP0/CPU0:ncs5508#';
const TS = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d\.\d{3} UTC\r$/m;
const SHELL_PROMPT = '[ncs5508:~]$ ';

describe.skipIf(!HAVE_TOOLS)('emulated XR CLI over stock OpenSSH', () => {
  let dir: string;
  let server: XrCliServer;
  let opts: XrCliOptions;
  const open: PtyExpect[] = [];

  const keygen = (name: string, type: string, extra: string[] = []): string => {
    execFileSync('ssh-keygen', ['-q', '-t', type, ...extra, '-N', '', '-C', name, '-f', join(dir, name)]);
    return readFileSync(join(dir, name), 'utf8');
  };
  const pub = (name: string): string => readFileSync(join(dir, `${name}.pub`), 'utf8').split(' ')[1]!;

  const sshArgs = (pass: string, command?: string): string[] => [
    '-p', pass, 'ssh', '-F', '/dev/null', '-p', String(server.port),
    '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'StrictHostKeyChecking=accept-new',
    '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=2',
    ...(command === undefined ? ['-tt', `${USER}@127.0.0.1`] : [`${USER}@127.0.0.1`, command]),
  ];

  /** An interactive login (-tt), or an exec request when a command is given. */
  const ssh = (pass = PASS, command?: string): PtyExpect => {
    const p = new PtyExpect('sshpass', sshArgs(pass, command));
    open.push(p);
    return p;
  };

  /** Logs in and waits for the exec prompt. */
  const login = async (): Promise<PtyExpect> => {
    const p = ssh();
    await p.expect(EXEC);
    return p;
  };

  /** Sends a line and returns the output up to the next prompt (the line's echo included). */
  const cmd = (p: PtyExpect, line: string, until: string | RegExp = EXEC): Promise<string> => {
    p.sendLine(line);
    return p.expect(until);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xr-cli-itest-'));
    opts = {
      listen: { host: '127.0.0.1', port: 0 },
      hostKeys: [keygen('host_ed25519', 'ed25519')],
      platform: 'ncs5500',
      hostname: 'ncs5508',
      authenticate: (u, p) => u === USER && p === PASS,
      stateFile: join(dir, 'state', 'xr-config.json'),
      shell: {
        file: '/bin/bash',
        args: ['--norc', '--noprofile', '-i'],
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: dir, PS1: SHELL_PROMPT, TERM: 'xterm' },
        cwd: dir,
      },
    };
    server = await startXrCli(opts);
  });

  afterAll(async () => {
    for (const p of open) p.kill();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in to the exec prompt that unicon recognises; terminal length 0 and show version', async () => {
    const p = await login();
    const lastLine = EXEC;
    expect(lastLine).toMatch(uniconExecPattern('ncs5508'));
    const term = await cmd(p, 'terminal length 0');
    expect(term).not.toMatch(TS); // terminal settings print no timestamp
    expect(await cmd(p, 'term width 300')).toBe('term width 300\r\n' + EXEC);
    const ver = await cmd(p, 'show version');
    expect(ver).toMatch(TS);
    expect(ver).toContain('Cisco IOS XR Software, Version 6.1.2');
    p.sendLine('exit');
    expect(await p.waitExit()).toBe(0);
  });

  it("answers Ansible's login set, then filters output with no time line; show ipv4 interface brief shows Mgmt", async () => {
    const p = await login();
    for (const line of ['terminal length 0', 'terminal width 512', 'terminal exec prompt no-timestamp'])
      expect(await cmd(p, line)).toBe(`${line}\r\n${EXEC}`);
    expect(await cmd(p, 'show running-config | include hostname')).toBe(`show running-config | include hostname\r\nhostname ncs5508\r\n${EXEC}`);
    const brief = await cmd(p, 'show ipv4 interface brief');
    expect(brief).not.toMatch(TS);
    expect(brief).toContain('Interface                      IP-Address      Status          Protocol Vrf-Name\r\n');
    expect(brief).toMatch(/^MgmtEth0\/RP0\/CPU0\/0 +198\.18\.0\.2 +Up +Up +default\r$/m);
    expect(await cmd(p, 'show running-config | include (')).toContain('% Error parsing piping string. Quitting.');
    await cmd(p, 'terminal exec prompt timestamp');
    expect(await cmd(p, 'show version | utility head -n 2')).toMatch(TS);
    p.sendLine('exit');
    expect(await p.waitExit()).toBe(0);
  });

  it('runs a piped show as one exec request, as Ansible does at connect', async () => {
    const e = ssh(PASS, 'show version | utility head -n 20');
    const code = await e.waitExit();
    expect(code).toBe(0);
    expect(e.all).toContain('Cisco IOS XR Software, Version 6.1.2');
    expect(e.all).toContain('cisco NCS-5500 () processor');
  });

  it('lists commits with the label and each session on its own vty line', async () => {
    const a = await login();
    const b = await login();
    await cmd(a, 'configure', '(config)#');
    await cmd(a, 'interface Loopback21', '(config-if)#');
    await cmd(a, 'commit', '(config-if)#');
    await cmd(a, 'end');
    await cmd(b, 'configure', '(config)#');
    await cmd(b, 'interface Loopback22', '(config-if)#');
    await cmd(b, 'commit label from-b', '(config-if)#');
    await cmd(b, 'end');
    const list = await cmd(b, 'show configuration commit list 2');
    const rows = list.split('\r\n').filter((l) => /^[12] {4}/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^1 {4}from-b {16}root {6}vty\d:node0_RP0_CPU  CLI {9}/);
    expect(rows[1]).toMatch(/^2 {4}10000000\d\d {12}root {6}vty\d:node0_RP0_CPU  CLI {9}/);
    const vty = (row: string): string => /vty\d/.exec(row)![0];
    expect(vty(rows[0]!)).not.toBe(vty(rows[1]!)); // two sessions open at once: two lines
    for (const p of [a, b]) {
      p.sendLine('exit');
      await p.waitExit();
    }
  });

  it('keeps config as state: ssh server v2 shows in the running config only after commit', async () => {
    const p = await login();
    expect(await cmd(p, 'show running-config ssh')).not.toContain('ssh server v2');
    const conf = await cmd(p, 'conf t', '(config)#');
    expect(conf).toMatch(TS);
    expect('RP/0/RP0/CPU0:ncs5508(config)#').toMatch(UNICON_CONFIG_PATTERN);
    await cmd(p, 'ssh server v2', '(config)#');
    await cmd(p, 'ssh server vrf default', '(config)#');
    expect(await cmd(p, 'do show running-config ssh', '(config)#')).not.toContain('ssh server v2');
    expect(await cmd(p, 'show configuration', '(config)#')).toContain('ssh server v2');
    const commit = await cmd(p, 'commit', '(config)#');
    expect(commit).toMatch(TS);
    expect(commit).not.toContain('Failed');
    await cmd(p, 'end');
    const run = await cmd(p, 'show running-config ssh');
    expect(run).toMatch(TS);
    expect(run).toContain('ssh server v2\r\nssh server vrf default\r\n');
    expect(await cmd(p, 'show configuration commit changes last 1')).toContain('ssh server vrf default');
    const full = await cmd(p, 'show running-config');
    expect(full).toContain('Building configuration...\r\n!! IOS XR Configuration 6.1.2\r\n');
    expect(full).toMatch(/ssh server v2\r\nssh server vrf default\r\nend\r\n/);
    p.sendLine('exit');
    await p.waitExit();
  });

  it('rejects a commit with an invalid item, applies nothing and explains it in show configuration failed', async () => {
    const p = await login();
    await cmd(p, 'configure', '(config)#');
    await cmd(p, 'interface Loopback7', '(config-if)#');
    await cmd(p, 'ipv4 address 198.18.7.7 255.255.255.255', '(config-if)#');
    await cmd(p, 'tpa', '(config-tpa)#');
    await cmd(p, 'address-family ipv4', '(config-tpa-afi)#');
    await cmd(p, 'update-source gigabitEthernet 0/0/0/9', '(config-tpa-afi)#');
    const commit = await cmd(p, 'commit', '(config-tpa-afi)#');
    expect(commit).toMatch(TS);
    expect(commit).toContain(
      "% Failed to commit one or more configuration items during a pseudo-atomic operation. All changes made have been reverted. Please issue 'show configuration failed [inheritance]' from this session to view the errors",
    );
    const failed = await cmd(p, 'show configuration failed', '(config-tpa-afi)#');
    expect(failed).toContain('update-source GigabitEthernet0/0/0/9');
    expect(failed).toContain('!!%');
    // Nothing applied, not even the valid Loopback.
    expect(await cmd(p, 'do show running-config interface', '(config-tpa-afi)#')).not.toContain('Loopback7');
    // Fix the item: a configured Loopback is a valid source.
    await cmd(p, 'update-source Loopback7', '(config-tpa-afi)#');
    expect(await cmd(p, 'commit', '(config-tpa-afi)#')).not.toContain('Failed');
    await cmd(p, 'end');
    const tpa = await cmd(p, 'show running-config tpa');
    expect(tpa).toContain('tpa\r\n address-family ipv4\r\n  update-source Loopback7\r\n !\r\n!\r\n');
    expect(await cmd(p, 'show configuration failed')).not.toContain('!!%');
    p.sendLine('exit');
    await p.waitExit();
  });

  it('asks about uncommitted changes on end: cancel stays, no discards, yes commits', async () => {
    const p = await login();
    const question = 'Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:';
    await cmd(p, 'config', '(config)#');
    await cmd(p, 'hostname discarded', '(config)#');
    await cmd(p, 'end', question);
    await cmd(p, '', '(config)#'); // Enter = cancel
    await cmd(p, 'end', question);
    await cmd(p, 'no', EXEC);
    expect(await cmd(p, 'show running-config hostname')).toContain('hostname ncs5508');
    await cmd(p, 'conf t', '(config)#');
    await cmd(p, 'interface Loopback9', '(config-if)#');
    await cmd(p, 'exit', '(config)#');
    await cmd(p, 'exit', question);
    const yes = await cmd(p, 'yes', EXEC);
    expect(yes).toMatch(TS);
    expect(await cmd(p, 'show running-config interface Loopback9')).toContain('interface Loopback9');
    p.sendLine('exit');
    await p.waitExit();
  });

  it('runs the crypto key dialog the first time, and asks before replacing (no keeps, yes replaces)', async () => {
    const p = await login();
    expect(await cmd(p, 'show crypto key mypubkey rsa')).not.toContain('Key label');
    p.sendLine('crypto key generate rsa');
    const first = await p.expect('How many bits in the modulus [2048]: ');
    expect(first).toMatch(TS);
    expect(first).toContain('The name for the keys will be: the_default');
    expect(first).toContain('Choose the size of the key modulus in the range of 512 to 4096');
    const done = await cmd(p, '');
    expect(done).toMatch(/Generating RSA keys \.\.\.\r\nDone w\/ crypto generate keypair\r\n\[OK\]\r\n/);
    const key1 = await cmd(p, 'show crypto key mypubkey rsa');
    expect(key1).toContain('Size     : 2048');

    await cmd(p, 'crypto key generate rsa', '[yes/no]: ');
    await cmd(p, 'no');
    const stillKey1 = await cmd(p, 'show crypto key mypubkey rsa');
    expect(stillKey1.split('Data')[1]).toBe(key1.split('Data')[1]);

    await cmd(p, 'crypto key generate rsa', '[yes/no]: ');
    await cmd(p, 'yes', 'How many bits in the modulus [2048]: ');
    await cmd(p, '100', 'How many bits in the modulus [2048]: '); // out of range: asked again
    expect(await cmd(p, '1024')).toContain('[OK]');
    const key2 = await cmd(p, 'show crypto key mypubkey rsa');
    expect(key2).toContain('Size     : 1024');

    await cmd(p, 'crypto key zeroize rsa', '[yes/no]: ');
    await cmd(p, 'yes');
    expect(await cmd(p, 'show crypto key mypubkey rsa')).not.toContain('Key label');
    p.sendLine('exit');
    await p.waitExit();
  });

  it('answers anything else with the caret and % Invalid input', async () => {
    const p = await login();
    const out = await cmd(p, 'show fish');
    const lines = out.split('\r\n');
    expect(lines).toContain(`${' '.repeat(EXEC.length + 'show '.length)}^`);
    expect(out).toContain("% Invalid input detected at '^' marker.");
    const cfg = await cmd(p, 'conf t', '(config)#');
    expect(cfg).toMatch(TS);
    expect(await cmd(p, 'frobnicate now', '(config)#')).toContain("% Invalid input detected at '^' marker.");
    await cmd(p, 'end');
    p.sendLine('exit');
    await p.waitExit();
  });

  it('bash lands in the configured root shell; exit prints logout and returns; run and window-change work', async () => {
    const p = await login();
    const bash = await cmd(p, 'bash', SHELL_PROMPT);
    expect(bash).toMatch(new RegExp(TS.source + '\\n\\r\\n', 'm')); // timestamp, then a blank line
    expect(await cmd(p, 'echo $((6*7))', SHELL_PROMPT)).toMatch(/[\r\n]42\r\n/);
    p.resize(133, 41);
    // The resize reaches bash via SSH window-change; poll stty until the new size shows.
    let size = '';
    for (let i = 0; i < 50 && !size.includes('41 133'); i++) size = await cmd(p, 'stty size', SHELL_PROMPT);
    expect(size).toContain('41 133');
    const back = await cmd(p, 'exit');
    expect(back).toContain('logout');
    const run = await cmd(p, 'run echo run-$((20+1))');
    expect(run).toMatch(TS);
    expect(run).toContain('run-21');
    expect(await cmd(p, 'bash -c "echo via-bash-c"')).toContain('via-bash-c');
    p.sendLine('exit');
    await p.waitExit();
  });

  it('handles a pasted block of lines in order', async () => {
    const p = await login();
    p.write('conf t\rhostname pasted\rabort\rshow running-config hostname\r');
    const out = await p.expect(/hostname ncs5508\r\n\r\nRP\/0\/RP0\/CPU0:ncs5508#/);
    expect(out.indexOf('abort')).toBeLessThan(out.indexOf('show running-config hostname'));
    p.sendLine('exit');
    await p.waitExit();
  });

  it('runs one command per SSH exec request with a meaningful exit status', async () => {
    const ok = ssh(PASS, 'show version');
    await ok.expect('Cisco IOS XR Software');
    expect(await ok.waitExit()).toBe(0);
    const bad = ssh(PASS, 'show bogus');
    await bad.expect('% Invalid input');
    expect(await bad.waitExit()).not.toBe(0);
    const run = ssh(PASS, 'run exit 3');
    expect(await run.waitExit()).toBe(3);
  });

  it('refuses a wrong password', async () => {
    const p = ssh('not-the-password');
    const code = await p.waitExit();
    expect(code).not.toBe(0);
    expect(p.all).not.toContain(EXEC);
  });

  it('dropConnections() ends a live session', async () => {
    const p = await login();
    server.dropConnections();
    expect(await p.waitExit()).not.toBe(0);
    // New logins still work.
    const q = await login();
    q.sendLine('exit');
    await q.waitExit();
  });

  it('keeps the committed config across a restart (state file)', async () => {
    await server.close();
    server = await startXrCli(opts);
    const p = await login();
    expect(await cmd(p, 'show running-config ssh')).toContain('ssh server v2');
    p.sendLine('exit');
    await p.waitExit();
  });

  it('setHostKeys() changes the key ssh-keyscan reports', async () => {
    // Async: the server runs in this process, so a blocking exec would stall it.
    // ssh-keyscan exits non-zero when the server offers no key of that type: that is an answer too.
    const scan = (type: string): Promise<string> =>
      run('ssh-keyscan', ['-T', '5', '-t', type, '-p', String(server.port), '127.0.0.1']).then(
        (r) => r.stdout,
        (e: { stdout?: string }) => e.stdout ?? '',
      );
    expect(await scan('ed25519')).toContain(pub('host_ed25519'));
    await server.setHostKeys([keygen('host_rsa_pem', 'rsa', ['-b', '2048', '-m', 'PEM'])]);
    expect(await scan('rsa')).toContain(pub('host_rsa_pem'));
    expect(await scan('ed25519')).not.toContain(pub('host_ed25519'));
  });
});
