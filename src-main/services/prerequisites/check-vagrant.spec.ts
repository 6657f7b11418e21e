import { describe, expect, it } from 'vitest';
import { fixtureOutcome } from './fixtures/load-fixture';
import { iosxrvBoxCheck, parseBoxList, vagrantCheck } from './check-vagrant';
import type { CommandOutcome } from './prereq-types';

const missing = (command: string): CommandOutcome => ({ command, exitCode: null, stdout: '', stderr: '', notFound: true, timedOut: false });

describe('vagrant --version', () => {
  it('passes on the recorded Debian 12 output', () => {
    const v = vagrantCheck.interpret(fixtureOutcome('vagrant-version.linux-debian12.vagrant-2.3.4'), 'linux');
    expect(v).toMatchObject({ status: 'pass', value: 'Vagrant 2.3.4' });
  });

  it('reads the Windows output with CRLF', () => {
    expect(vagrantCheck.interpret(fixtureOutcome('vagrant-version.win32.vagrant-2.4.1'), 'win32').value).toBe('Vagrant 2.4.1');
  });

  it('warns on 1.8.7, which breaks vagrant box add on macOS', () => {
    const v = vagrantCheck.interpret(fixtureOutcome('vagrant-version.darwin.vagrant-1.8.7'), 'darwin');
    expect(v.status).toBe('warn');
    expect(v.message).toMatch(/box add/);
    expect(v.fix).toContain('brew install --cask vagrant');
  });

  it('fails when missing, with the install command for each OS', () => {
    expect(vagrantCheck.interpret(missing('vagrant --version'), 'linux')).toMatchObject({ status: 'fail', value: 'not found' });
    expect(vagrantCheck.interpret(missing('vagrant --version'), 'linux').fix).toContain('sudo apt install vagrant');
    expect(vagrantCheck.interpret(missing('vagrant --version'), 'darwin').fix).toContain('brew install --cask vagrant');
    expect(vagrantCheck.interpret(missing('vagrant --version'), 'win32').fix).toContain('winget install Hashicorp.Vagrant');
  });

  it('fails when vagrant runs but reports no version', () => {
    const o: CommandOutcome = { command: 'vagrant --version', exitCode: 1, stdout: '', stderr: 'Vagrant failed to initialize at a very early stage\n', notFound: false, timedOut: false };
    expect(vagrantCheck.interpret(o, 'linux')).toMatchObject({ status: 'fail', value: 'does not run' });
  });
});

describe('vagrant box list', () => {
  it('parses the recorded list, padded columns included', () => {
    expect(parseBoxList(fixtureOutcome('vagrant-box-list.linux-debian12.vagrant-2.3.4.three-boxes').stdout)).toEqual([
      { name: 'IOS-XRv', provider: 'virtualbox', version: '0' },
      { name: 'IOSXRv', provider: 'virtualbox', version: '0' },
      { name: 'ubuntu/trusty64', provider: 'docker', version: '0' },
    ]);
  });

  it('passes when IOS-XRv is added for virtualbox', () => {
    const v = iosxrvBoxCheck.interpret(fixtureOutcome('vagrant-box-list.linux-debian12.vagrant-2.3.4.ios-xrv'), 'linux');
    expect(v).toMatchObject({ status: 'pass', value: 'IOS-XRv (virtualbox, 0)' });
    expect(iosxrvBoxCheck.interpret(fixtureOutcome('vagrant-box-list.linux-debian12.vagrant-2.3.4.three-boxes'), 'linux').status).toBe('pass');
  });

  it('reads the Vagrant 2.4 format with the architecture', () => {
    const v = iosxrvBoxCheck.interpret(fixtureOutcome('vagrant-box-list.darwin.vagrant-2.4.1.ios-xrv-with-arch'), 'darwin');
    expect(v).toMatchObject({ status: 'pass', value: 'IOS-XRv (virtualbox, 0)' });
  });

  it('warns on the older name IOSXRv', () => {
    const v = iosxrvBoxCheck.interpret(fixtureOutcome('vagrant-box-list.linux-debian12.vagrant-2.3.4.old-name-iosxrv'), 'linux');
    expect(v).toMatchObject({ status: 'warn', value: 'IOSXRv (virtualbox, 0)' });
    expect(v.fix).toContain('vagrant box add --name IOS-XRv');
  });

  it('warns on an IOS-XRv box under another name', () => {
    const v = iosxrvBoxCheck.interpret(fixtureOutcome('vagrant-box-list.any.custom-name'), 'linux');
    expect(v).toMatchObject({ status: 'warn', value: 'iosxrv-fullk9-x64 (virtualbox, 0)' });
  });

  it('warns (not fails) with the box add fix when no box is added', () => {
    const v = iosxrvBoxCheck.interpret(fixtureOutcome('vagrant-box-list.linux-debian12.vagrant-2.3.4.no-boxes'), 'linux');
    expect(v).toMatchObject({ status: 'warn', value: 'no boxes added' });
    expect(v.fix).toContain('vagrant box add --name IOS-XRv ~/iosxrv-fullk9-x64.box');
    const win = iosxrvBoxCheck.interpret(fixtureOutcome('vagrant-box-list.linux-debian12.vagrant-2.3.4.no-boxes'), 'win32');
    expect(win.fix).toContain('vagrant box add --name IOS-XRv C:\\Users\\');
  });

  it('says where the box comes from and how to tell it from an HTML error page', () => {
    const v = iosxrvBoxCheck.interpret(fixtureOutcome('vagrant-box-list.linux-debian12.vagrant-2.3.4.no-boxes'), 'linux');
    expect(v.fix).toContain('https://developer.cisco.com');
    expect(v.fix).toMatch(/CCO ID/);
    expect(v.fix).toContain('iosxrv-fullk9-x64.box');
    expect(v.fix).toContain('1.8 GB');
    expect(v.fix).toMatch(/kilobytes in size is an "unauthorized" HTML page/);
    expect(v.fix).toContain('`ls -lh ~/iosxrv-fullk9-x64.box`');
    expect(iosxrvBoxCheck.interpret(fixtureOutcome('vagrant-box-list.linux-debian12.vagrant-2.3.4.no-boxes'), 'win32').fix).toContain('`dir C:\\Users\\');
  });

  it('warns that it cannot look when vagrant is missing', () => {
    expect(iosxrvBoxCheck.interpret(missing('vagrant box list'), 'linux')).toMatchObject({ status: 'warn', value: 'unknown' });
  });
});
