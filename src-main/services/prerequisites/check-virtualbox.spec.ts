import { describe, expect, it } from 'vitest';
import { fixtureOutcome } from './fixtures/load-fixture';
import { parseVBoxVersion, vboxManageCandidates, virtualBoxCheck } from './check-virtualbox';
import type { LinuxDistro } from './host-facts';
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

describe('VirtualBox install fix per distribution', () => {
  const distro = (id: string, versionId: string, idLike: string[] = [], name = id): LinuxDistro => ({ id, versionId, idLike, name });
  const fixOn = (d: LinuxDistro): string => virtualBoxCheck.interpret({ vbox: missing, distro: d }, 'linux').fix ?? '';

  it('on Debian 12 says there is no virtualbox package and points to Oracle\'s repository', () => {
    const fix = fixOn(distro('debian', '12', [], 'Debian GNU/Linux 12 (bookworm)'));
    expect(fix).toContain('Debian 12 has no `virtualbox` package in its main archive');
    expect(fix).toContain('https://www.virtualbox.org/wiki/Linux_Downloads');
    expect(fix).not.toContain('sudo apt install virtualbox`');
  });

  it('on Ubuntu and its derivatives installs from multiverse', () => {
    for (const d of [distro('ubuntu', '24.04'), distro('linuxmint', '21.3', ['ubuntu', 'debian'], 'Linux Mint 21.3')]) {
      const fix = fixOn(d);
      expect(fix).toContain('`sudo apt install virtualbox`');
      expect(fix).toContain('multiverse');
    }
  });

  it('on Fedora goes through RPM Fusion', () => {
    const fix = fixOn(distro('fedora', '41'));
    expect(fix).toContain('https://rpmfusion.org/Configuration');
    expect(fix).toContain('`sudo dnf install VirtualBox`');
  });

  it('elsewhere, and when the distribution is unknown, points to Oracle\'s downloads', () => {
    expect(fixOn(distro('arch', '', [], 'Arch Linux'))).toContain('Arch Linux');
    expect(virtualBoxCheck.interpret({ vbox: missing, distro: null }, 'linux').fix).toContain('https://www.virtualbox.org/wiki/Linux_Downloads');
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

  it('passes on the full-path install (Hyper-V is the hardware virtualisation check\'s business)', () => {
    const vbox = fixtureOutcome('vboxmanage-version.win32.virtualbox-7.0.14.full-path');
    expect(virtualBoxCheck.interpret({ vbox }, 'win32')).toMatchObject({ status: 'pass', value: 'VirtualBox 7.0.14r161095' });
  });
});
