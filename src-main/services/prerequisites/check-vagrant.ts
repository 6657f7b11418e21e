// Vagrant brings the router and devbox VMs up; the IOS-XRv box must be added to it by hand
// because Cisco distributes it outside Vagrant Cloud (xr-facts section 3).
import { allOutput, commandCheck } from './command-check';
import { compareVersions, firstLine } from './format-units';
import { fixFor, type CommandOutcome, type FixByOs, type Verdict } from './prereq-types';

export const INSTALL_VAGRANT: FixByOs = {
  linux: 'Install Vagrant: `sudo apt install vagrant` (Debian/Ubuntu), or the package for your distribution from https://developer.hashicorp.com/vagrant/install',
  darwin: 'Install Vagrant: `brew install --cask vagrant`, or the installer from https://developer.hashicorp.com/vagrant/install',
  win32: 'Install Vagrant: `winget install Hashicorp.Vagrant`, or the installer from https://developer.hashicorp.com/vagrant/install; then open a new terminal (or restart the app) so PATH is updated.',
};

/** xr-facts section 4 item 14: this release breaks `vagrant box add` on macOS. */
export const BROKEN_VAGRANT = '1.8.7';

export function parseVagrantVersion(text: string): string | null {
  return /Vagrant (\d+\.\d+\.\d+)/.exec(text)?.[1] ?? null;
}

export const vagrantCheck = commandCheck({
  id: 'vagrant',
  title: 'Vagrant',
  why: 'Vagrant creates the IOS-XRv router and the devbox VMs from the reference Vagrantfile and wires their links.',
  timeoutMs: 30_000,
  commands: () => [{ file: 'vagrant', args: ['--version'] }],
  interpret(o, platform): Verdict {
    if (o.notFound) {
      return { status: 'fail', value: 'not found', message: 'The vagrant command was not found on PATH.', fix: fixFor(platform, INSTALL_VAGRANT) };
    }
    const version = parseVagrantVersion(allOutput(o));
    if (version === null) {
      return {
        status: 'fail',
        value: 'does not run',
        message: `vagrant is installed but \`vagrant --version\` did not report a version (exit code ${o.exitCode ?? 'none'}): ${firstLine(allOutput(o)) || 'no output'}`,
        fix: `Run \`vagrant --version\` in a terminal and fix what it reports, or reinstall. ${fixFor(platform, INSTALL_VAGRANT)}`,
      };
    }
    const value = `Vagrant ${version}`;
    if (version === BROKEN_VAGRANT) {
      return {
        status: 'warn',
        value,
        message: 'Vagrant 1.8.7 has a known bug that breaks `vagrant box add` on macOS, which you need to add the IOS-XRv box.',
        fix: `Upgrade Vagrant. ${fixFor(platform, INSTALL_VAGRANT)}`,
      };
    }
    if (compareVersions(version, '2.0.0') < 0) {
      return {
        status: 'warn',
        value,
        message: `Vagrant ${version} is very old and does not support current VirtualBox releases.`,
        fix: `Upgrade Vagrant. ${fixFor(platform, INSTALL_VAGRANT)}`,
      };
    }
    return { status: 'pass', value, message: 'Vagrant is installed.' };
  },
});

export interface VagrantBox {
  name: string;
  provider: string;
  version: string;
}

/** Reads `vagrant box list`: "IOS-XRv (virtualbox, 0)", "name (provider, version, (arch))" on 2.4+. */
export function parseBoxList(stdout: string): VagrantBox[] {
  const boxes: VagrantBox[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^(\S+)\s+\(([^,()]+)(?:,\s*([^,()]+))?/.exec(line.trim());
    if (m) boxes.push({ name: m[1]!, provider: m[2]!.trim(), version: (m[3] ?? '').trim() });
  }
  return boxes;
}

export const IOSXRV_BOX = 'IOS-XRv';
/** The name used before ios-xr/vagrant-xrdocs d764ba7 (2017). */
export const IOSXRV_OLD_BOX = 'IOSXRv';

/** Where the box comes from: Cisco's developer site, not Vagrant Cloud (xr-facts section 3). */
export const BOX_SOURCE =
  'Cisco distributes the IOS-XRv box on its developer site (https://developer.cisco.com), after you sign in with your Cisco account (CCO ID); ' +
  'the file is named like `iosxrv-fullk9-x64.box` and is about 1.8 GB.';

function addBoxFix(platform: NodeJS.Platform): string {
  const file = platform === 'win32' ? 'C:\\Users\\<you>\\Downloads\\iosxrv-fullk9-x64.box' : '~/iosxrv-fullk9-x64.box';
  const size = platform === 'win32' ? `\`dir ${file}\`` : `\`ls -lh ${file}\``;
  return (
    `${BOX_SOURCE} Check its size first (${size}): a download that finished within seconds and is only kilobytes in size is an "unauthorized" HTML page, not the box; ` +
    `sign in and download it again. Then add it: \`vagrant box add --name ${IOSXRV_BOX} ${file}\`.`
  );
}

const describeBox = (b: VagrantBox): string => `${b.name} (${b.provider}${b.version ? `, ${b.version}` : ''})`;

export const iosxrvBoxCheck = commandCheck({
  id: 'iosxrv-box',
  title: 'IOS-XRv Vagrant box',
  why: 'The router VM is built from the IOS-XRv box, which Cisco distributes as a file you add to Vagrant once.',
  timeoutMs: 30_000,
  commands: () => [{ file: 'vagrant', args: ['box', 'list'] }],
  interpret(o: CommandOutcome, platform): Verdict {
    if (o.notFound) {
      return {
        status: 'warn',
        value: 'unknown',
        message: 'Cannot list Vagrant boxes: vagrant is not installed (see the Vagrant check).',
        fix: fixFor(platform, INSTALL_VAGRANT),
      };
    }
    if (o.exitCode !== 0) {
      return {
        status: 'warn',
        value: 'unknown',
        message: `\`vagrant box list\` failed (exit code ${o.exitCode ?? 'none'}): ${firstLine(allOutput(o)) || 'no output'}`,
        fix: 'Run `vagrant box list` in a terminal and fix what it reports.',
      };
    }
    const boxes = parseBoxList(o.stdout);
    const vbox = (b: VagrantBox): boolean => b.provider === 'virtualbox';
    const exact = boxes.find((b) => b.name === IOSXRV_BOX && vbox(b));
    if (exact) {
      return { status: 'pass', value: describeBox(exact), message: `The ${IOSXRV_BOX} box is added for VirtualBox.` };
    }
    const old = boxes.find((b) => b.name === IOSXRV_OLD_BOX && vbox(b));
    if (old) {
      return {
        status: 'warn',
        value: describeBox(old),
        message: `The box is added under its older name ${IOSXRV_OLD_BOX}; the reference Vagrantfile asks for ${IOSXRV_BOX}.`,
        fix: `Add the same box file again under the new name: \`vagrant box add --name ${IOSXRV_BOX} <file.box>\` (or set config.vm.box = "${IOSXRV_OLD_BOX}" in your Vagrantfile).`,
      };
    }
    const similar = boxes.find((b) => /ios-?xrv/i.test(b.name));
    if (similar) {
      const why = vbox(similar) ? `is named ${similar.name}` : `is for the ${similar.provider} provider, not virtualbox`;
      return {
        status: 'warn',
        value: describeBox(similar),
        message: `An IOS-XRv-like box is added, but it ${why}; the reference Vagrantfile asks for ${IOSXRV_BOX} on virtualbox.`,
        fix: addBoxFix(platform),
      };
    }
    return {
      status: 'warn',
      value: boxes.length === 0 ? 'no boxes added' : `not added (${boxes.length} other box${boxes.length === 1 ? '' : 'es'})`,
      message: `The ${IOSXRV_BOX} box is not added to Vagrant yet; the router VM is built from it.`,
      fix: addBoxFix(platform),
    };
  },
});
