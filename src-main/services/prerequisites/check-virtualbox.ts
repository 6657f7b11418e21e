// VirtualBox runs the IOS-XRv VM. Its CLI is often not on PATH (Windows, some macOS setups),
// so the default install folders are tried too. How to install it differs per Linux
// distribution (Debian does not package it at all). Hyper-V on Windows is measured by the
// hardware virtualisation check, which owns everything about VT-x.
import path from 'node:path';
import { allOutput } from './command-check';
import { firstLine } from './format-units';
import { envValue } from '../exec/windows-command';
import type { LinuxDistro } from './host-facts';
import { fixFor, type CheckCommand, type CommandOutcome, type FixByOs, type PrereqCheck, type Verdict } from './prereq-types';

export interface VirtualBoxEvidence {
  vbox: CommandOutcome;
  /** Linux: which distribution, for the install fix. */
  distro?: LinuxDistro | null;
}

export const VIRTUALBOX_LINUX_DOWNLOADS = 'https://www.virtualbox.org/wiki/Linux_Downloads';
export const RPM_FUSION_SETUP = 'https://rpmfusion.org/Configuration';

export const INSTALL_VIRTUALBOX: FixByOs = {
  linux: `Install VirtualBox with the package for your distribution from Oracle: ${VIRTUALBOX_LINUX_DOWNLOADS}`,
  darwin: 'Install VirtualBox (Intel Macs): `brew install --cask virtualbox`, or the installer from https://www.virtualbox.org/wiki/Downloads',
  win32: 'Install VirtualBox: `winget install Oracle.VirtualBox`, or the installer from https://www.virtualbox.org/wiki/Downloads',
};

const isLike = (d: LinuxDistro, name: string): boolean => d.id === name || d.idLike.includes(name);

/** The install fix for this computer: on Linux it depends on the distribution. */
export function installVirtualBoxFix(platform: NodeJS.Platform, distro?: LinuxDistro | null): string {
  if (platform === 'darwin' || platform === 'win32' || !distro) return fixFor(platform, INSTALL_VIRTUALBOX);
  if (isLike(distro, 'ubuntu')) {
    return (
      'Install VirtualBox: `sudo apt install virtualbox`. The package is in Ubuntu\'s multiverse component: if apt cannot find it, ' +
      `run \`sudo add-apt-repository multiverse\` and \`sudo apt update\` first. Oracle's own packages are at ${VIRTUALBOX_LINUX_DOWNLOADS}`
    );
  }
  if (isLike(distro, 'debian')) {
    const which = distro.id === 'debian' ? `Debian${distro.versionId ? ` ${distro.versionId}` : ''}` : `${distro.name}, like Debian,`;
    return (
      `${which} has no \`virtualbox\` package in its main archive, so \`apt install virtualbox\` finds nothing. ` +
      `Add Oracle's Debian repository and signing key as described at ${VIRTUALBOX_LINUX_DOWNLOADS}, then install the current release from it (e.g. \`sudo apt install virtualbox-7.1\`).`
    );
  }
  if (isLike(distro, 'fedora')) {
    return (
      `Fedora does not ship VirtualBox. Enable the RPM Fusion "free" repository (${RPM_FUSION_SETUP}) and run \`sudo dnf install VirtualBox\`, ` +
      `or use Oracle's repository from ${VIRTUALBOX_LINUX_DOWNLOADS}`
    );
  }
  return `Install VirtualBox for ${distro.name} with the package from Oracle: ${VIRTUALBOX_LINUX_DOWNLOADS}`;
}

const VERSION_ARGS = ['--version'];

/** Where VBoxManage may be, in the order to try. */
export function vboxManageCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): CheckCommand[] {
  const files = ['VBoxManage'];
  if (platform === 'win32') {
    // The installer records its folder in VBOX_MSI_INSTALL_PATH but does not add it to PATH.
    const msi = envValue(env, 'VBOX_MSI_INSTALL_PATH');
    if (msi) files.push(path.win32.join(msi, 'VBoxManage.exe'));
    const programFiles = envValue(env, 'ProgramFiles') ?? 'C:\\Program Files';
    files.push(path.win32.join(programFiles, 'Oracle', 'VirtualBox', 'VBoxManage.exe'));
  } else if (platform === 'darwin') {
    files.push('/Applications/VirtualBox.app/Contents/MacOS/VBoxManage');
  }
  return [...new Set(files)].map((file) => ({ file, args: VERSION_ARGS }));
}

/** "7.0.14r161095" (the last such line: warnings may come first) or null. */
export function parseVBoxVersion(text: string): string | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d+\.\d+\.\d+\S*)$/.exec(lines[i]!);
    if (m) return m[1]!;
  }
  return null;
}

export const virtualBoxCheck: PrereqCheck<VirtualBoxEvidence> = {
  id: 'virtualbox',
  title: 'VirtualBox',
  why: 'The IOS-XRv box is a VirtualBox VM; Vagrant uses VirtualBox to run the router and the devbox.',
  timeoutMs: 30_000,
  async probe(ctx) {
    const vbox = await ctx.runFirstFound(vboxManageCandidates(ctx.platform, ctx.env));
    return { vbox, distro: ctx.host.distro ?? null };
  },
  interpret({ vbox, distro }, platform): Verdict {
    const install = installVirtualBoxFix(platform, distro);
    if (vbox.notFound) {
      const where = platform === 'win32' ? ' (looked on PATH and in the default install folder)' : '';
      return { status: 'fail', value: 'not found', message: `VBoxManage was not found${where}: VirtualBox is not installed, and the IOS-XRv router VM runs in it.`, fix: install };
    }
    const text = allOutput(vbox);
    const version = parseVBoxVersion(text);
    if (version === null) {
      return {
        status: 'fail',
        value: 'does not run',
        message: `VBoxManage is installed but did not report a version (exit code ${vbox.exitCode ?? 'none'}): ${firstLine(text) || 'no output'}`,
        fix: `Run \`${vbox.command}\` in a terminal and fix what it reports, or reinstall. ${install}`,
      };
    }
    const value = `VirtualBox ${version}`;
    // VirtualBox still prints its version (and exits 0) when its kernel driver is missing.
    if (/vboxdrv|kernel module|kernel driver/i.test(text)) {
      return {
        status: 'warn',
        value,
        message: 'VirtualBox is installed but its kernel driver (vboxdrv) is not loaded, so it cannot start VMs.',
        fix:
          'Rebuild and load the driver: `sudo /sbin/vboxconfig` (install your kernel headers first, e.g. `sudo apt install linux-headers-$(uname -r)`). ' +
          'With Secure Boot on, the module must be signed or Secure Boot turned off.',
      };
    }
    return { status: 'pass', value, message: 'VirtualBox is installed.' };
  },
};
