// VirtualBox needs the CPU's hardware virtualisation (Intel VT-x or AMD-V) to run the 64-bit
// IOS-XRv VM. Without it the VM never boots, and `vagrant up` only says so after a long wait, so
// this is measured before anything starts. On Windows, a running Hyper-V holds VT-x for itself.
import { fixFor, type CheckCommand, type CommandOutcome, type FixByOs, type PrereqCheck, type Verdict } from './prereq-types';
import { firstLine } from './format-units';

export type HwVirtEvidence =
  /** `grep` for the vmx/svm CPU flags, and whether /dev/kvm exists. */
  | { os: 'linux'; flags: CommandOutcome; kvm: CommandOutcome }
  /** One PowerShell line per fact: VirtualizationFirmwareEnabled=..., HypervisorPresent=... */
  | { os: 'win32'; cim: CommandOutcome }
  /** `sysctl -n kern.hv_support`, and the CPU feature list (Intel Macs only). */
  | { os: 'darwin'; hv: CommandOutcome; features: CommandOutcome }
  | { os: 'other'; platform: string };

export const CPU_FLAGS_COMMAND: CheckCommand = { file: 'grep', args: ['-E', '-o', '-w', '-m1', 'vmx|svm', '/proc/cpuinfo'] };
export const DEV_KVM_COMMAND: CheckCommand = { file: 'ls', args: ['-l', '/dev/kvm'] };
export const WINDOWS_VIRT_COMMAND: CheckCommand = {
  file: 'powershell',
  args: [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    "'VirtualizationFirmwareEnabled=' + (Get-CimInstance Win32_Processor | Select-Object -First 1).VirtualizationFirmwareEnabled; " +
      "'HypervisorPresent=' + (Get-CimInstance Win32_ComputerSystem).HypervisorPresent",
  ],
  timeoutMs: 20_000,
};
export const MAC_HV_COMMAND: CheckCommand = { file: 'sysctl', args: ['-n', 'kern.hv_support'] };
export const MAC_FEATURES_COMMAND: CheckCommand = { file: 'sysctl', args: ['-n', 'machdep.cpu.features'] };

export const ENABLE_IN_FIRMWARE: FixByOs = {
  linux:
    'Restart, open the firmware setup (BIOS/UEFI: usually F2, F10, F12, Del or Esc at power-on) and enable "Intel Virtualization Technology" (VT-x) or "SVM Mode" / "AMD-V"; save, boot, and run the checks again. ' +
    'If this computer is itself a virtual machine, turn on nested virtualisation for it in its hypervisor instead.',
  darwin:
    'Intel Macs have VT-x on from the factory; if this Mac is a virtual machine, turn on nested virtualisation in its hypervisor. ' +
    'Apple Silicon Macs cannot run the x86-64 IOS-XRv box at all: choose the physical router path.',
  win32:
    'Restart into the firmware setup (Settings > System > Recovery > Advanced startup > Restart now, then Troubleshoot > Advanced options > UEFI Firmware Settings), ' +
    'enable "Intel Virtualization Technology" (VT-x) or "SVM Mode" / "AMD-V", save and restart, then run the checks again.',
};

export const HYPERV_FIX =
  'Give VirtualBox the CPU\'s virtualisation back: in an administrator PowerShell run `bcdedit /set hypervisorlaunchtype off`, ' +
  'turn off the Windows features "Virtual Machine Platform" and "Windows Hypervisor Platform" and Memory integrity (Core isolation), then restart. ' +
  'WSL 2 and Docker Desktop need Hyper-V: turn it back on later with `bcdedit /set hypervisorlaunchtype auto`.';

/** "True"/"False" after `key=` in the PowerShell output; null when absent or unreadable. */
export function readWindowsFlag(stdout: string, key: string): boolean | null {
  const m = new RegExp(`^\\s*${key}=(\\w*)\\s*$`, 'im').exec(stdout);
  if (!m) return null;
  if (/^true$/i.test(m[1]!)) return true;
  if (/^false$/i.test(m[1]!)) return false;
  return null;
}

const UNKNOWN_FIX = 'VirtualBox will say so when it starts the VM if virtualisation is off; the fix then is: ';

export const hardwareVirtualizationCheck: PrereqCheck<HwVirtEvidence> = {
  id: 'hw-virtualization',
  title: 'Hardware virtualisation (VT-x / AMD-V)',
  why: 'VirtualBox needs Intel VT-x or AMD-V, turned on in the firmware, to run the 64-bit IOS-XRv VM; without it the router never boots.',
  timeoutMs: 30_000,
  async probe(ctx) {
    if (ctx.platform === 'linux') {
      const flags = await ctx.run(CPU_FLAGS_COMMAND);
      const kvm = await ctx.run(DEV_KVM_COMMAND);
      return { os: 'linux', flags, kvm };
    }
    if (ctx.platform === 'win32') return { os: 'win32', cim: await ctx.run(WINDOWS_VIRT_COMMAND, { tolerateTimeout: true }) };
    if (ctx.platform === 'darwin') {
      const hv = await ctx.run(MAC_HV_COMMAND);
      const features = await ctx.run(MAC_FEATURES_COMMAND);
      return { os: 'darwin', hv, features };
    }
    return { os: 'other', platform: ctx.platform };
  },
  interpret(e, platform): Verdict {
    const firmwareFix = fixFor(platform, ENABLE_IN_FIRMWARE);
    switch (e.os) {
      case 'linux': {
        // grep prints the flag it found; exit 1 means none, 2 means it could not read the file.
        if (e.flags.notFound || (e.flags.exitCode !== 0 && e.flags.exitCode !== 1)) {
          return {
            status: 'warn',
            value: 'unknown',
            message: `Could not read the CPU flags: ${firstLine(e.flags.stderr) || 'grep is not available'}.`,
            fix: UNKNOWN_FIX + firmwareFix,
          };
        }
        const flag = /\b(vmx|svm)\b/.exec(e.flags.stdout)?.[1];
        const kvm = !e.kvm.notFound && e.kvm.exitCode === 0;
        const name = flag === 'svm' ? 'AMD-V (svm)' : 'VT-x (vmx)';
        if (flag) {
          return {
            status: 'pass',
            value: `${name}${kvm ? ', /dev/kvm present' : ''}`,
            message: `The CPU reports ${name}${kvm ? ' and the kernel has enabled it (/dev/kvm exists)' : ''}, which VirtualBox needs for the IOS-XRv VM.`,
          };
        }
        if (kvm) {
          return {
            status: 'warn',
            value: 'no vmx/svm flag, /dev/kvm present',
            message:
              '/proc/cpuinfo lists neither vmx nor svm, yet /dev/kvm exists: this is probably a virtual machine or container that hides the CPU flags. ' +
              'VirtualBox may not be able to start a 64-bit VM here.',
            fix: 'If this computer is a virtual machine, turn on nested virtualisation for it in its hypervisor; or use a physical computer, or choose the physical router path.',
          };
        }
        return {
          status: 'fail',
          value: 'not available',
          message:
            'The CPU does not report VT-x or AMD-V (no vmx or svm flag in /proc/cpuinfo, no /dev/kvm): it is turned off in the firmware setup, or this is a virtual machine without nested virtualisation. ' +
            'The IOS-XRv VM cannot boot without it.',
          fix: firmwareFix,
        };
      }
      case 'win32': {
        const firmware = readWindowsFlag(e.cim.stdout, 'VirtualizationFirmwareEnabled');
        const hypervisor = readWindowsFlag(e.cim.stdout, 'HypervisorPresent');
        if (hypervisor === true) {
          // With Hyper-V running, Windows reports the firmware flag as off: it is Hyper-V's now.
          return {
            status: 'warn',
            value: 'Hyper-V is running',
            message:
              'Hyper-V is on and holds VT-x/AMD-V. VirtualBox then runs VMs through Hyper-V, which is much slower (XR may not finish booting), and older VirtualBox releases cannot start VMs at all.',
            fix: HYPERV_FIX,
          };
        }
        if (firmware === true) return { status: 'pass', value: 'enabled in firmware', message: 'VT-x/AMD-V is enabled in the firmware and Hyper-V is off: VirtualBox has it to itself.' };
        if (firmware === false) {
          return {
            status: 'fail',
            value: 'disabled in firmware',
            message: 'VT-x/AMD-V is turned off in the firmware setup, so VirtualBox cannot start the 64-bit IOS-XRv VM.',
            fix: firmwareFix,
          };
        }
        return {
          status: 'warn',
          value: 'unknown',
          message: `Windows did not say whether virtualisation is enabled${e.cim.timedOut ? ' (PowerShell did not answer in time)' : ''}.`,
          fix: `Look in Task Manager > Performance > CPU: "Virtualization: Enabled". ${UNKNOWN_FIX}${firmwareFix}`,
        };
      }
      case 'darwin': {
        const hv = e.hv.exitCode === 0 && e.hv.stdout.trim() === '1';
        const vmx = e.features.exitCode === 0 && /\bVMX\b/.test(e.features.stdout);
        if (hv || vmx) {
          return {
            status: 'pass',
            value: vmx ? 'VT-x (VMX)' : 'hypervisor support',
            message: `macOS reports ${vmx ? 'VT-x (VMX in the CPU features)' : 'hypervisor support (kern.hv_support = 1)'}.`,
          };
        }
        return {
          status: 'fail',
          value: 'not available',
          message: 'macOS reports no hypervisor support (kern.hv_support is not 1) and no VMX CPU feature, so VirtualBox cannot start the IOS-XRv VM.',
          fix: firmwareFix,
        };
      }
      case 'other':
        return {
          status: 'warn',
          value: 'unknown',
          message: `XR Container Lab cannot measure hardware virtualisation on ${e.platform}.`,
          fix: UNKNOWN_FIX + firmwareFix,
        };
    }
  },
};
