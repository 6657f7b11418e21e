// What a router's docker allows, per platform (xr-facts 2.5, 2.6): memory caps from the host
// layer's cgroups, and where bind-mount sources must live. On NCS5500, the Vagrant box and
// XRv9k the daemon runs in the host layer, which shares only /misc/app_host with XR; on ASR9k
// it runs in the XR VM and sees every path.
import type { PlatformLimits } from '../../../src-shared/types/containers';
import type { TargetPlatform } from '../../../src-shared/types/targets';

const MB = 1024 * 1024;
export const APP_HOST = '/misc/app_host';

export function platformLimits(platform: TargetPlatform): PlatformLimits {
  switch (platform) {
    case 'ncs5500':
      return { memoryCapBytes: 1024 * MB, memoryCapText: '1g', mountRoot: APP_HOST, note: 'NCS55xx caps all containers together at 1 GB and 256 CPU shares; bind mounts only from /misc/app_host (the daemon runs in the host layer).' };
    case 'vagrant':
      return { memoryCapBytes: null, memoryCapText: null, mountRoot: APP_HOST, note: 'The IOS-XRv box runs the daemon in the host layer: bind mounts only from /misc/app_host. Give the box 5 GB (v.memory = 5120) for docker workloads.' };
    case 'asr9k':
      return { memoryCapBytes: null, memoryCapText: null, mountRoot: null, note: 'ASR9k runs the daemon in the XR VM: any path can be bind-mounted.' };
    case 'devbox':
      return { memoryCapBytes: null, memoryCapText: null, mountRoot: null, note: 'A devbox is an ordinary Linux host.' };
  }
}
