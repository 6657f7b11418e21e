// CPU, memory and disk against what the reference topology needs: the IOS-XRv router VM
// (5120 MB, 2 vCPUs; xr-facts section 3) plus an Ubuntu devbox, on top of the host itself.
import { formatGb, gb } from './format-units';
import type { HostFacts, PrereqCheck } from './prereq-types';

export const ROUTER_VM_MB = 5120;
/** The devbox VM with Docker in it; Vagrant's default 512 MB is tight for image builds. */
export const DEVBOX_MB = 1024;

export const CORES_MIN = 2;
export const CORES_GOOD = 4;

/** Free memory for router + devbox to start without the host swapping. */
export const FREE_MEM_NEEDED = gb((ROUTER_VM_MB + DEVBOX_MB) / 1024);
/** Below this total, giving the router 5 GB leaves the host itself too little. */
export const TOTAL_MEM_MIN = gb(6);
export const TOTAL_MEM_GOOD = gb(8);

// The box file (~1.8 GB), Vagrant's unpacked copy of it, VirtualBox's clone of its disk when the
// VM is created (it grows as XR runs), the devbox box and VM, and image tarballs on the way.
export const DISK_MIN = gb(5);
export const DISK_GOOD = gb(15);

export const cpuCoresCheck: PrereqCheck<Pick<HostFacts, 'cores'>> = {
  id: 'cpu-cores',
  title: 'CPU cores',
  why: 'The reference topology gives the router VM 2 virtual CPUs; with fewer host cores XR boots very slowly or not at all.',
  timeoutMs: 5_000,
  async probe(ctx) {
    return { cores: ctx.host.cores };
  },
  interpret({ cores }) {
    const value = `${cores} logical CPU${cores === 1 ? '' : 's'}`;
    const fix = 'Use a computer with at least 4 CPU cores for the laptop lab, or use a physical router.';
    if (cores < CORES_MIN) {
      return { status: 'fail', value, message: `The router VM needs ${CORES_MIN} CPUs; this computer has ${cores}.`, fix };
    }
    if (cores < CORES_GOOD) {
      return {
        status: 'warn',
        value,
        message: `Enough to boot the router (${CORES_MIN} vCPUs), but it will compete with the devbox and this computer for ${cores} CPUs. Expect a slow boot (10 minutes or more).`,
        fix: 'Close other heavy programs while the lab runs. 4 or more cores are comfortable.',
      };
    }
    return { status: 'pass', value, message: `Enough for the router VM (${CORES_MIN} vCPUs) and the devbox.` };
  },
};

export const memoryCheck: PrereqCheck<Pick<HostFacts, 'totalMemBytes' | 'freeMemBytes'>> = {
  id: 'memory',
  title: 'Memory',
  why: `The IOS-XRv router VM takes ${ROUTER_VM_MB} MB and the devbox about ${DEVBOX_MB} MB; Docker on XR needs the full 5 GB.`,
  timeoutMs: 5_000,
  async probe(ctx) {
    return { totalMemBytes: ctx.host.totalMemBytes, freeMemBytes: ctx.host.freeMemBytes };
  },
  interpret({ totalMemBytes, freeMemBytes }, platform) {
    const value = `${formatGb(freeMemBytes)} free of ${formatGb(totalMemBytes)}`;
    const need = `${formatGb(FREE_MEM_NEEDED)} (router ${ROUTER_VM_MB} MB + devbox ${DEVBOX_MB} MB)`;
    if (totalMemBytes < TOTAL_MEM_MIN) {
      return {
        status: 'fail',
        value,
        message: `This computer has ${formatGb(totalMemBytes)} of memory in all; the lab needs ${need} on top of what the system uses.`,
        fix: `Use a computer with at least ${formatGb(TOTAL_MEM_GOOD)} of memory for the laptop lab, or use a physical router.`,
      };
    }
    // macOS counts reclaimable file cache as used, so its "free" figure is not a reliable signal.
    if (platform !== 'darwin' && freeMemBytes < FREE_MEM_NEEDED) {
      return {
        status: 'warn',
        value,
        message: `The lab needs about ${need} free; ${formatGb(freeMemBytes)} is free right now, so the computer may swap and XR may fail to boot.`,
        fix: 'Close browsers, other VMs and containers before starting the router, then run the checks again.',
      };
    }
    if (totalMemBytes < TOTAL_MEM_GOOD) {
      return {
        status: 'warn',
        value,
        message: `${formatGb(totalMemBytes)} in all is tight: the lab needs ${need} and the system needs room too.`,
        fix: 'Close other programs while the lab runs.',
      };
    }
    const note = platform === 'darwin' ? ' (macOS counts its file cache as used, so the free figure looks low)' : '';
    return { status: 'pass', value, message: `Enough memory for the router VM and the devbox${note}.` };
  },
};

export const diskCheck: PrereqCheck<Pick<HostFacts, 'freeDiskBytes' | 'dataDir'>> = {
  id: 'disk',
  title: 'Free disk space',
  why: 'The IOS-XRv box is about 1.8 GB; Vagrant unpacks it, VirtualBox copies its disk for the VM, and the devbox and image tarballs add more.',
  timeoutMs: 5_000,
  async probe(ctx) {
    return { freeDiskBytes: ctx.host.freeDiskBytes, dataDir: ctx.host.dataDir };
  },
  interpret({ freeDiskBytes, dataDir }) {
    if (freeDiskBytes === null) {
      return {
        status: 'warn',
        value: 'unknown',
        message: `Could not measure the free space on the disk holding ${dataDir}.`,
        fix: `Make sure about ${formatGb(DISK_GOOD)} are free for the box, the VMs and images.`,
      };
    }
    const value = `${formatGb(freeDiskBytes)} free (${dataDir})`;
    const fix = `Free up space so that at least ${formatGb(DISK_GOOD)} are free: remove old Vagrant boxes (vagrant box list, vagrant box remove <name>) and unused Docker images (docker image prune).`;
    if (freeDiskBytes < DISK_MIN) {
      return {
        status: 'fail',
        value,
        message: `Less than ${formatGb(DISK_MIN)} free: not enough to add the 1.8 GB box and create the router VM.`,
        fix,
      };
    }
    if (freeDiskBytes < DISK_GOOD) {
      return {
        status: 'warn',
        value,
        message: `Enough to add the box and start the router, but the VM disks and image tarballs may fill the remaining space; ${formatGb(DISK_GOOD)} is comfortable.`,
        fix,
      };
    }
    return { status: 'pass', value, message: 'Enough room for the box, the router and devbox VMs, and images.' };
  },
};
