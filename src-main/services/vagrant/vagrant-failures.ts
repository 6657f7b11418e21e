// Failures of vagrant commands that have a known cause, turned into AppErrors with the fix a
// network engineer needs. Recognised from the output text (Vagrant's own messages and the
// VirtualBox status codes it passes on); anything else becomes VAGRANT_FAILED with the tail.
import { AppError } from '../../../src-shared/errors';
import { tailLines } from '../exec/output-tail';
import { plainText } from './vagrant-output-parsers';

export interface KnownFailure {
  code: string;
  message: string;
  fix: string;
}

interface Rule {
  test: RegExp;
  failure: (m: RegExpExecArray, platform: NodeJS.Platform) => KnownFailure;
}

const BIOS_FIX: Partial<Record<NodeJS.Platform, string>> & { default: string } = {
  win32: 'Restart the computer, open the firmware (BIOS/UEFI) setup and enable Intel VT-x or AMD-V (often "Virtualization Technology" or "SVM Mode"); also check that Hyper-V is off (see the Hyper-V check).',
  darwin: 'On a Mac, VT-x is always on unless another hypervisor holds it: quit other virtual machine apps and retry.',
  default: 'Restart the computer, open the firmware (BIOS/UEFI) setup and enable Intel VT-x or AMD-V (often "Virtualization Technology" or "SVM Mode"), then run vagrant up again.',
};

const RULES: Rule[] = [
  {
    // "No usable default provider": the topology asks for VirtualBox, which is not there.
    test: /Vagrant could not detect VirtualBox|VirtualBox is complaining that the (?:installation|kernel module)|provider 'virtualbox' that was requested[\s\S]*?isn't usable|No usable default provider could be found/,
    failure: () => ({
      code: 'VIRTUALBOX_MISSING',
      message: 'Vagrant cannot use VirtualBox on this computer: it is not installed, or VBoxManage is not on PATH.',
      fix: 'Install VirtualBox from https://www.virtualbox.org/wiki/Downloads (on Linux also the kernel module: `sudo /sbin/vboxconfig`), open a new terminal, and check with `VBoxManage --version`.',
    }),
  },
  {
    test: /VERR_VMX_MSR_ALL_VMX_DISABLED|VERR_VMX_MSR_VMX_DISABLED|VERR_VMX_NO_VMX|VERR_SVM_DISABLED|VERR_SVM_NO_SVM|VT-x is (?:disabled|not available)|AMD-V is (?:disabled|not available)/,
    failure: (_m, platform) => ({
      code: 'VIRTUALIZATION_DISABLED',
      message: 'The router VM cannot start: hardware virtualisation (VT-x/AMD-V) is off or not available to VirtualBox.',
      fix: BIOS_FIX[platform] ?? BIOS_FIX.default,
    }),
  },
  {
    test: /Hyper-V and VirtualBox cannot be used together|courtesy of Hyper-V|VERR_SUPDRV_NO_RAW_MODE_HYPER_V_ROOT|VERR_NEM_NOT_AVAILABLE|VERR_NEM_VM_CREATE_FAILED/,
    failure: () => ({
      code: 'HYPERV_CONFLICT',
      message: 'Hyper-V (or a feature built on it: WSL 2, Windows Sandbox, Device Guard) holds the processor\'s virtualisation, so VirtualBox cannot start the router VM.',
      fix: 'In an administrator PowerShell run `bcdedit /set hypervisorlaunchtype off`, turn off "Virtual Machine Platform" and "Windows Hypervisor Platform" in Windows Features, restart, and run vagrant up again (`bcdedit /set hypervisorlaunchtype auto` turns it back on).',
    }),
  },
  {
    test: /VERR_NO_MEMORY|VERR_NO_PHYS_MEMORY|NS_ERROR_OUT_OF_MEMORY|Failed to allocate [\d ]+bytes of memory|not enough (?:free )?memory|Cannot allocate memory/i,
    failure: () => ({
      code: 'NOT_ENOUGH_MEMORY',
      message: 'The computer does not have enough free memory for the router VM (IOS-XRv takes 5 GB, the devbox more).',
      fix: 'Close other virtual machines and large applications, then run vagrant up again. The whole topology needs about 8 GB; lowering the router memory below 5120 MB stops Docker on the router from working.',
    }),
  },
  {
    test: /would collide with some other application that is already listening[\s\S]*?forwarded port to (\d+) is already in use|Vagrant found a port collision for the specified port[\s\S]*?Forwarded port: (\d+) => (\d+)|Bind for [\d.:]*:(\d+) failed: port is already allocated|listen tcp[\d.:]*:(\d+): bind: address already in use/,
    failure: (m) => {
      const port = m[1] ?? m[3] ?? m[4] ?? m[5] ?? 'a forwarded';
      return {
        code: 'PORT_COLLISION',
        message: `Host port ${port} is already in use, and Vagrant could not move the machine's forwarded port.`,
        fix: `Stop what listens on port ${port} (another router topology: \`vagrant halt\` in its folder), or run \`vagrant reload\` so Vagrant can pick a free port; then read the new ports with \`vagrant port rtr\`.`,
      };
    },
  },
  {
    test: /The box '([^']+)' could not be found or\s+could not be accessed in the remote catalog|The box '([^']+)' does not exist|The box '([^']+)' isn't installed for the provider/,
    failure: (m) => {
      const box = m[1] ?? m[2] ?? m[3]!;
      return {
        code: 'BOX_NOT_ADDED',
        message: `The box ${box} is not added to Vagrant on this computer, and it is not on Vagrant Cloud.`,
        fix: `Add the box file you downloaded from Cisco: \`vagrant box add --name ${box} <path>/iosxrv-fullk9-x64.box\` (about 1.8 GB; a file of a few KB is an error page, download it again), then run vagrant up again.`,
      };
    },
  },
  {
    test: /The box failed to unpackage properly/,
    failure: () => ({
      code: 'BOX_FILE_CORRUPT',
      message: 'Vagrant could not unpack the box file: it is incomplete or damaged, or the disk is full.',
      fix: 'Check the free space of your home folder (the box unpacks to about 2 GB under ~/.vagrant.d), then download the box again and add it.',
    }),
  },
  {
    test: /The box you're attempting to add already exists/,
    failure: () => ({
      code: 'BOX_ALREADY_ADDED',
      message: 'A box of that name is already added to Vagrant.',
      fix: 'Use it as it is, or replace it (vagrant box add --force, or `vagrant box remove IOS-XRv` first).',
    }),
  },
  {
    test: /Unable to find image '([^']+)' locally/,
    failure: (m) => ({
      code: 'IMAGE_NOT_FOUND',
      message: `The docker image ${m[1]} is not on this computer, and Docker could not pull it.`,
      fix: `Build or load the image first (\`docker images\` lists what is there), or fix the image name in the Vagrantfile.`,
    }),
  },
  {
    test: /Cannot connect to the Docker daemon|permission denied while trying to connect to the Docker daemon/,
    failure: () => ({
      code: 'DOCKER_UNREACHABLE',
      message: 'Vagrant\'s docker provider cannot reach the Docker engine.',
      fix: 'Start Docker (`sudo systemctl start docker`, or Docker Desktop), and make sure your user may use it (`docker ps` works without sudo).',
    }),
  },
  {
    test: /Timed out while waiting for the machine to boot/,
    failure: () => ({
      code: 'BOOT_TIMEOUT',
      message: 'The machine did not answer SSH before Vagrant\'s boot timeout.',
      fix: 'IOS-XRv can take over 5 minutes on a busy laptop: run `vagrant up` again (it continues where it stopped). If it keeps timing out, give the router more memory or close other VMs.',
    }),
  },
  {
    test: /There is a syntax error in the following Vagrantfile|There are errors in the configuration of this machine/,
    failure: () => ({
      code: 'VAGRANTFILE_INVALID',
      message: 'Vagrant rejected the Vagrantfile of this topology.',
      fix: 'Regenerate the topology from the app, or fix the lines Vagrant names in the output.',
    }),
  },
  {
    test: /A Vagrant environment or target machine is required to run this\s+command|A Vagrantfile is required/,
    failure: () => ({
      code: 'NO_TOPOLOGY',
      message: 'Vagrant found no topology (Vagrantfile) in this folder.',
      fix: 'Generate the topology first (xrcl vagrant init DIR, or the Guide), and run the command in its folder.',
    }),
  },
];

export function recognizeVagrantFailure(output: string, platform: NodeJS.Platform = process.platform): KnownFailure | null {
  const text = plainText(output);
  for (const rule of RULES) {
    const m = rule.test.exec(text);
    if (m) return rule.failure(m, platform);
  }
  return null;
}

/** The AppError for a vagrant command that exited non-zero. */
export function vagrantFailure(command: string, exitCode: number | null, output: string, platform: NodeJS.Platform = process.platform): AppError {
  const detail = tailLines(plainText(output), 30);
  const known = recognizeVagrantFailure(output, platform);
  if (known) return new AppError(known.message, { code: known.code, fix: known.fix, command, detail, device: 'this computer', name: 'VagrantError' });
  return new AppError(`\`${command}\` failed (exit code ${exitCode ?? 'none'}).`, {
    code: 'VAGRANT_FAILED',
    fix: 'Read the output for the cause; fix it and run the command again (vagrant up continues where it stopped).',
    command,
    detail,
    device: 'this computer',
    name: 'VagrantError',
  });
}
