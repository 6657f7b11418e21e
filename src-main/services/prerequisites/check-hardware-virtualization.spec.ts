import { describe, expect, it } from 'vitest';
import { fixtureOutcome } from './fixtures/load-fixture';
import { hardwareVirtualizationCheck as check, readWindowsFlag } from './check-hardware-virtualization';

const linux = (flags: string, kvm: string) => ({ os: 'linux' as const, flags: fixtureOutcome(flags), kvm: fixtureOutcome(kvm) });

describe('hardware virtualisation on Linux', () => {
  it('passes when the CPU reports vmx or svm', () => {
    expect(check.interpret(linux('cpu-flags.linux.intel-vmx', 'ls-dev-kvm.linux-debian12.present'), 'linux')).toMatchObject({
      status: 'pass',
      value: 'VT-x (vmx), /dev/kvm present',
    });
    expect(check.interpret(linux('cpu-flags.linux.amd-svm', 'ls-dev-kvm.linux.absent'), 'linux')).toMatchObject({ status: 'pass', value: 'AMD-V (svm)' });
  });

  it('fails with the firmware fix when neither the flag nor /dev/kvm is there', () => {
    const v = check.interpret(linux('cpu-flags.linux-debian12.vm-without-flags', 'ls-dev-kvm.linux.absent'), 'linux');
    expect(v).toMatchObject({ status: 'fail', value: 'not available' });
    expect(v.message).toMatch(/cannot boot/);
    expect(v.fix).toMatch(/enable "Intel Virtualization Technology" \(VT-x\) or "SVM Mode" \/ "AMD-V"/);
    expect(v.fix).toMatch(/nested virtualisation/);
  });

  it('only warns in a VM that hides the flags but has /dev/kvm (recorded here)', () => {
    const v = check.interpret(linux('cpu-flags.linux-debian12.vm-without-flags', 'ls-dev-kvm.linux-debian12.present'), 'linux');
    expect(v).toMatchObject({ status: 'warn', value: 'no vmx/svm flag, /dev/kvm present' });
    expect(v.fix).toMatch(/nested virtualisation/);
  });
});

describe('hardware virtualisation on Windows', () => {
  const win = (name: string) => ({ os: 'win32' as const, cim: fixtureOutcome(name) });

  it('reads the two flags PowerShell prints', () => {
    const out = fixtureOutcome('powershell-virtualization.win32.hyper-v-running').stdout;
    expect(readWindowsFlag(out, 'VirtualizationFirmwareEnabled')).toBe(false);
    expect(readWindowsFlag(out, 'HypervisorPresent')).toBe(true);
    expect(readWindowsFlag('', 'HypervisorPresent')).toBeNull();
  });

  it('passes when enabled in firmware, fails when off, with the Windows way into the firmware setup', () => {
    expect(check.interpret(win('powershell-virtualization.win32.firmware-on'), 'win32')).toMatchObject({ status: 'pass', value: 'enabled in firmware' });
    const off = check.interpret(win('powershell-virtualization.win32.firmware-off'), 'win32');
    expect(off).toMatchObject({ status: 'fail', value: 'disabled in firmware' });
    expect(off.fix).toContain('UEFI Firmware Settings');
  });

  it('flags Hyper-V as a conflict with VirtualBox, not as firmware off', () => {
    const v = check.interpret(win('powershell-virtualization.win32.hyper-v-running'), 'win32');
    expect(v).toMatchObject({ status: 'warn', value: 'Hyper-V is running' });
    expect(v.fix).toContain('bcdedit /set hypervisorlaunchtype off');
  });

  it('warns when PowerShell did not answer', () => {
    const cim = { ...fixtureOutcome('powershell-virtualization.win32.firmware-on'), stdout: '', timedOut: true };
    expect(check.interpret({ os: 'win32', cim }, 'win32')).toMatchObject({ status: 'warn', value: 'unknown' });
  });
});

describe('hardware virtualisation on macOS', () => {
  it('passes on an Intel Mac, fails when neither hv_support nor VMX is reported', () => {
    const hv = fixtureOutcome('sysctl-hv-support.darwin.intel');
    const features = fixtureOutcome('sysctl-cpu-features.darwin.intel');
    expect(check.interpret({ os: 'darwin', hv, features }, 'darwin')).toMatchObject({ status: 'pass', value: 'VT-x (VMX)' });
    const none = { os: 'darwin' as const, hv: { ...hv, stdout: '0\n' }, features: { ...features, stdout: 'FPU VME SSE' } };
    expect(check.interpret(none, 'darwin')).toMatchObject({ status: 'fail', value: 'not available' });
  });
});
