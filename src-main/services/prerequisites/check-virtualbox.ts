// VirtualBox runs the IOS-XRv VM. Its CLI is often not on PATH (Windows, some macOS setups),
// so the default install folders are tried too. On Windows, Hyper-V being on forces VirtualBox
// onto the slow Hyper-V backend, or stops it from starting VMs at all.
import path from 'node:path';
import { allOutput } from './command-check';
import { firstLine } from './format-units';
import { envValue } from '../exec/windows-command';
import { fixFor, type CheckCommand, type CommandOutcome, type FixByOs, type PrereqCheck, type Verdict } from './prereq-types';

export interface VirtualBoxEvidence {
  vbox: CommandOutcome;
  /** Windows only: `(Get-CimInstance Win32_ComputerSystem).HypervisorPresent`. */
  hyperV?: CommandOutcome;
}

export const INSTALL_VIRTUALBOX: FixByOs = {
  linux: 'Install VirtualBox: `sudo apt install virtualbox` (Ubuntu), or the package for your distribution from https://www.virtualbox.org/wiki/Linux_Downloads',
  darwin: 'Install VirtualBox (Intel Macs): `brew install --cask virtualbox`, or the installer from https://www.virtualbox.org/wiki/Downloads',
  win32: 'Install VirtualBox: `winget install Oracle.VirtualBox`, or the installer from https://www.virtualbox.org/wiki/Downloads',
};

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

export const HYPERV_COMMAND: CheckCommand = {
  file: 'powershell',
  args: ['-NoProfile', '-NonInteractive', '-Command', '(Get-CimInstance Win32_ComputerSystem).HypervisorPresent'],
  timeoutMs: 15_000,
};

/** "7.0.14r161095" (the last such line: warnings may come first) or null. */
export function parseVBoxVersion(text: string): string | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d+\.\d+\.\d+\S*)$/.exec(lines[i]!);
    if (m) return m[1]!;
  }
  return null;
}

const HYPERV_FIX =
  'To give VirtualBox the CPU\'s virtualization back, in an administrator PowerShell run `bcdedit /set hypervisorlaunchtype off`, ' +
  'turn off the Windows features "Virtual Machine Platform" and "Windows Hypervisor Platform" and Memory integrity (Core isolation), then restart. ' +
  'Note that WSL 2 and Docker Desktop need Hyper-V: turn it back on with `bcdedit /set hypervisorlaunchtype auto`.';

export const virtualBoxCheck: PrereqCheck<VirtualBoxEvidence> = {
  id: 'virtualbox',
  title: 'VirtualBox',
  why: 'The IOS-XRv box is a VirtualBox VM; Vagrant uses VirtualBox to run the router and the devbox.',
  timeoutMs: 30_000,
  async probe(ctx) {
    const vbox = await ctx.runFirstFound(vboxManageCandidates(ctx.platform, ctx.env));
    if (ctx.platform !== 'win32') return { vbox };
    const hyperV = await ctx.run(HYPERV_COMMAND, { tolerateTimeout: true });
    return { vbox, hyperV };
  },
  interpret({ vbox, hyperV }, platform): Verdict {
    if (vbox.notFound) {
      const where = platform === 'win32' ? ' (looked on PATH and in the default install folder)' : '';
      return { status: 'fail', value: 'not found', message: `VBoxManage was not found${where}. VirtualBox is needed for the laptop lab, not for a physical router.`, fix: fixFor(platform, INSTALL_VIRTUALBOX) };
    }
    const text = allOutput(vbox);
    const version = parseVBoxVersion(text);
    if (version === null) {
      return {
        status: 'fail',
        value: 'does not run',
        message: `VBoxManage is installed but did not report a version (exit code ${vbox.exitCode ?? 'none'}): ${firstLine(text) || 'no output'}`,
        fix: `Run \`${vbox.command}\` in a terminal and fix what it reports, or reinstall. ${fixFor(platform, INSTALL_VIRTUALBOX)}`,
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
    if (platform === 'win32' && hyperV && /^\s*true\s*$/i.test(hyperV.stdout)) {
      return {
        status: 'warn',
        value: `${value}, Hyper-V on`,
        message: 'Hyper-V is on. VirtualBox then runs VMs through Hyper-V, which is much slower (XR may not finish booting), and older VirtualBox releases cannot start VMs at all.',
        fix: HYPERV_FIX,
      };
    }
    return { status: 'pass', value, message: 'VirtualBox is installed.' };
  },
};
