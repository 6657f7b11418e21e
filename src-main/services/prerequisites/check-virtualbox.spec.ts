import { describe, expect, it } from 'vitest';
import { fixtureOutcome } from './fixtures/load-fixture';
import { parseVBoxVersion, vboxManageCandidates, virtualBoxCheck } from './check-virtualbox';
import type { CommandOutcome } from './prereq-types';

const missing: CommandOutcome = { command: 'VBoxManage --version', exitCode: null, stdout: '', stderr: '', notFound: true, timedOut: false };

describe('VBoxManage --version', () => {
  it('passes on the one-line version', () => {
    const v = virtualBoxCheck.interpret({ vbox: fixtureOutcome('vboxmanage-version.linux.virtualbox-7.0.14') }, 'linux');
    expect(v).toMatchObject({ status: 'pass', value: 'VirtualBox 7.0.14r161095' });
  });

  it('warns when the kernel driver is not loaded, even though a version is printed', () => {
    const o = fixtureOutcome('vboxmanage-version.linux.virtualbox-6.0.12.vboxdrv-not-loaded');
    expect(parseVBoxVersion(o.stdout)).toBe('6.0.12r133076');
    const v = virtualBoxCheck.interpret({ vbox: o }, 'linux');
    expect(v).toMatchObject({ status: 'warn', value: 'VirtualBox 6.0.12r133076' });
    expect(v.fix).toContain('sudo /sbin/vboxconfig');
  });

  it('fails when missing, with the install fix per OS', () => {
    expect(virtualBoxCheck.interpret({ vbox: missing }, 'linux')).toMatchObject({ status: 'fail', value: 'not found' });
    expect(virtualBoxCheck.interpret({ vbox: missing }, 'darwin').fix).toContain('brew install --cask virtualbox');
    const win = virtualBoxCheck.interpret({ vbox: missing }, 'win32');
    expect(win.fix).toContain('winget install Oracle.VirtualBox');
    expect(win.message).toMatch(/default install folder/);
  });
});

describe('VirtualBox on Windows', () => {
  it('looks on PATH, then in VBOX_MSI_INSTALL_PATH, then in Program Files', () => {
    const env = { VBOX_MSI_INSTALL_PATH: 'D:\\Apps\\VirtualBox\\', ProgramFiles: 'C:\\Program Files' };
    expect(vboxManageCandidates('win32', env).map((c) => c.file)).toEqual([
      'VBoxManage',
      'D:\\Apps\\VirtualBox\\VBoxManage.exe',
      'C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe',
    ]);
    expect(vboxManageCandidates('darwin', {}).map((c) => c.file)).toEqual(['VBoxManage', '/Applications/VirtualBox.app/Contents/MacOS/VBoxManage']);
    expect(vboxManageCandidates('linux', {}).map((c) => c.file)).toEqual(['VBoxManage']);
  });

  it('warns when Hyper-V is on', () => {
    const vbox = fixtureOutcome('vboxmanage-version.win32.virtualbox-7.0.14.full-path');
    const on = virtualBoxCheck.interpret({ vbox, hyperV: fixtureOutcome('powershell-hypervisorpresent.win32.hyper-v-on') }, 'win32');
    expect(on).toMatchObject({ status: 'warn', value: 'VirtualBox 7.0.14r161095, Hyper-V on' });
    expect(on.fix).toContain('bcdedit /set hypervisorlaunchtype off');
    const off = virtualBoxCheck.interpret({ vbox, hyperV: fixtureOutcome('powershell-hypervisorpresent.win32.hyper-v-off') }, 'win32');
    expect(off.status).toBe('pass');
  });

  it('passes when the Hyper-V probe could not answer', () => {
    const vbox = fixtureOutcome('vboxmanage-version.win32.virtualbox-7.0.14.full-path');
    const hyperV: CommandOutcome = { ...missing, command: 'powershell ...', timedOut: true, notFound: false };
    expect(virtualBoxCheck.interpret({ vbox, hyperV }, 'win32').status).toBe('pass');
  });
});
