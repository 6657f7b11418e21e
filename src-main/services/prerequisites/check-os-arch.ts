// The IOS-XRv VirtualBox box is an x86-64 VM image: it cannot boot on an ARM computer, where
// the app can still drive a physical router (NCS5500, ASR9k) over SSH. Only the Vagrant path
// runs this check (see the catalog), so an ARM CPU fails it.
import type { HostFacts, PrereqCheck } from './prereq-types';

export type OsArchFacts = Pick<HostFacts, 'platform' | 'arch' | 'cpuModel' | 'osRelease'>;

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

export const osArchCheck: PrereqCheck<OsArchFacts> = {
  id: 'os-arch',
  title: 'Operating system and CPU',
  why: 'The IOS-XRv Vagrant box is an x86-64 VirtualBox image, so the laptop lab needs an Intel or AMD 64-bit computer.',
  timeoutMs: 5_000,
  async probe(ctx) {
    const { platform, arch, cpuModel, osRelease } = ctx.host;
    return { platform, arch, cpuModel, osRelease };
  },
  interpret(f) {
    const osName = OS_NAMES[f.platform];
    // An x64 build of the app under Rosetta reports x64; the CPU name still says Apple M-something.
    const appleSilicon = f.platform === 'darwin' && (f.arch === 'arm64' || /^Apple M\d/i.test(f.cpuModel));
    const rosetta = appleSilicon && f.arch !== 'arm64' ? ', app running under Rosetta' : '';
    const value = `${osName ?? f.platform} ${f.osRelease}, ${appleSilicon ? 'Apple Silicon' : f.arch} (${f.cpuModel}${rosetta})`;
    const physicalStillWorks =
      'Choose the physical router path (an NCS5500 or ASR9k reached over SSH) at the top of the Guide, or run the IOS-XRv box on another, Intel/AMD computer.';

    if (appleSilicon) {
      return {
        status: 'fail',
        value,
        message: 'This Mac has an Apple Silicon (ARM) CPU. The IOS-XRv VirtualBox box is x86-64 only and will not boot here.',
        fix: physicalStillWorks,
      };
    }
    if (f.arch !== 'x64') {
      return {
        status: 'fail',
        value,
        message: `This computer's CPU architecture is ${f.arch}. The IOS-XRv VirtualBox box needs an x86-64 (Intel or AMD 64-bit) computer.`,
        fix: physicalStillWorks,
      };
    }
    if (osName === undefined) {
      return {
        status: 'warn',
        value,
        message: `${f.platform} is not one of the systems XR Container Lab is tested on (Linux, macOS, Windows).`,
        fix: 'Vagrant and VirtualBox may still work here; if a step fails, use a Linux, macOS or Windows computer.',
      };
    }
    return { status: 'pass', value, message: `${osName} on x86-64 can run the IOS-XRv VirtualBox box.` };
  },
};
