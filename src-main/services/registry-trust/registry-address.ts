// The strings the router side writes into files and commands, checked against their grammars
// before anything runs: a registry's host:port (Docker's reference grammar), the address of a
// global-vrf hosts line, and an XR interface name for `tpa ... update-source`.
import { AppError } from '../../../src-shared/errors';
import { isRegistryDomain } from '../images/image-reference';

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
/** XR names as typed: GigabitEthernet0/0/0/0, MgmtEth0/RP0/CPU0/0, Loopback1, Gi0/0/0/1. */
const XR_INTERFACE = /^[A-Za-z][A-Za-z-]{1,40}\d+(?:\/[A-Za-z]*\d+){0,4}$/;

export interface RegistryHostPort {
  /** `host:port`, what image names start with and certs.d directories are named. */
  hostPort: string;
  host: string;
  port: number;
  /** True when host is a name (a global-vrf hosts line may be needed), false for an IPv4 address. */
  isName: boolean;
}

/** Parses `host:port`; throws BAD_INPUT naming what is wrong. A port is required. */
export function parseRegistryHostPort(hostPort: string): RegistryHostPort {
  const m = /^([^:]+):(\d{1,5})$/.exec(hostPort);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !isRegistryDomain(hostPort) || port < 1 || port > 65535) {
    throw new AppError(`"${hostPort}" is not a registry address of the form host:port.`, {
      code: 'BAD_INPUT',
      fix: 'Give the registry as the router reaches it, e.g. 198.18.0.1:5000 or registry.example.com:5000 (letters, digits, dots and dashes, then a port).',
    });
  }
  const host = m[1]!;
  return { hostPort, host, port, isName: !IPV4.test(host) };
}

export function checkHostsAddress(address: string): string {
  if (!IPV4.test(address)) {
    throw new AppError(`"${address}" is not an IPv4 address for the router's global-vrf hosts file.`, {
      code: 'BAD_INPUT',
      fix: 'Give the address the router reaches the registry on, e.g. 198.18.0.1.',
    });
  }
  return address;
}

export function checkInterfaceName(name: string): string {
  if (!XR_INTERFACE.test(name)) {
    throw new AppError(`"${name}" is not an XR interface name.`, {
      code: 'BAD_INPUT',
      fix: 'Give the interface as XR names it, e.g. GigabitEthernet0/0/0/0, MgmtEth0/RP0/CPU0/0 or Loopback0.',
    });
  }
  return name;
}
