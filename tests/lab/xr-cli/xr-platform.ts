// What differs between the three emulated routers: the route processor name in the prompt,
// the management port, which physical ports exist, and the starting configuration.
import type { XrPlatform } from './xr-cli-server.js';

export interface PlatformInfo {
  platform: XrPlatform;
  /** Node name used in prompts: RP0 on LXC platforms, RSP1 on the ASR9k in the tutorial (D612, TEL). */
  node: string;
  mgmtInterface: string;
  /** Physical ports present; update-source and interface config may only name these (plus Loopbacks). */
  physicalInterfaces: string[];
  /** Initial committed config as XR lines (one indent space per level). */
  initialConfig: (hostname: string, mgmtAddress: string) => string[];
  /** Starts with an RSA key pair, so XR's own SSH server could run (the Vagrant box ships with one). */
  startsWithRsaKey: boolean;
  chassis: string;
}

const RP = 'MgmtEth0/RP0/CPU0/0';
const RSP = 'MgmtEth0/RSP1/CPU0/0';

// The Vagrant box is built with SSH on and tpa sourced from Mgmt (ISO). The physical routers start
// as if freshly installed from the console: no SSH, no tpa (D612). The Mgmt address is the one the
// lab gives the router's Mg0_RP0_CPU0_0 link, so the CLI and the Linux shell agree; port counts of
// the physical routers are plausible, not sourced.
const PLATFORMS: Record<XrPlatform, PlatformInfo> = {
  vagrant: {
    platform: 'vagrant',
    node: 'RP0',
    mgmtInterface: RP,
    physicalInterfaces: ['GigabitEthernet0/0/0/0'],
    startsWithRsaKey: true,
    chassis: 'cisco IOS XRv x64 () processor',
    initialConfig: (h, mgmt) => [
      `hostname ${h}`,
      `interface ${RP}`,
      ` ipv4 address ${mgmt} 255.255.255.0`,
      'interface GigabitEthernet0/0/0/0',
      ' shutdown',
      'tpa',
      ' address-family ipv4',
      `  update-source ${RP}`,
      'ssh server v2',
      'ssh server vrf default',
    ],
  },
  ncs5500: {
    platform: 'ncs5500',
    node: 'RP0',
    mgmtInterface: RP,
    physicalInterfaces: [0, 1, 2, 3].map((n) => `GigabitEthernet0/0/0/${n}`),
    startsWithRsaKey: false,
    chassis: 'cisco NCS-5500 () processor',
    initialConfig: (h, mgmt) => [
      `hostname ${h}`,
      `interface ${RP}`,
      ` ipv4 address ${mgmt} 255.255.255.0`,
      ...[0, 1, 2, 3].flatMap((n) => [`interface GigabitEthernet0/0/0/${n}`, ' shutdown']),
    ],
  },
  asr9k: {
    platform: 'asr9k',
    node: 'RSP1',
    mgmtInterface: RSP,
    physicalInterfaces: [0, 1, 2, 3].map((n) => `GigabitEthernet0/0/0/${n}`),
    startsWithRsaKey: false,
    chassis: 'cisco ASR9K Series (Intel 686 F6M14S4) processor with 12582912K bytes of memory.',
    initialConfig: (h, mgmt) => [
      `hostname ${h}`,
      `interface ${RSP}`,
      ` ipv4 address ${mgmt} 255.255.255.0`,
      ...[0, 1, 2, 3].flatMap((n) => [`interface GigabitEthernet0/0/0/${n}`, ' shutdown']),
    ],
  },
};

export function platformInfo(platform: XrPlatform): PlatformInfo {
  return PLATFORMS[platform];
}
