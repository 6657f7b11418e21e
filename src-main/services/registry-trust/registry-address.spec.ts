import { describe, expect, it } from 'vitest';
import { checkHostsAddress, checkInterfaceName, parseRegistryHostPort } from './registry-address';

describe('registry addresses and interface names', () => {
  it('takes host:port with a name or an IPv4 address', () => {
    expect(parseRegistryHostPort('198.18.0.1:5000')).toEqual({ hostPort: '198.18.0.1:5000', host: '198.18.0.1', port: 5000, isName: false });
    expect(parseRegistryHostPort('registry.xrcl.test:443')).toMatchObject({ host: 'registry.xrcl.test', isName: true });
  });

  it('refuses anything a shell or a file could misread', () => {
    for (const bad of ['198.18.0.1', 'a b:5000', 'x:5000;reboot', '$(id):5000', 'x:0', 'x:70000', '../etc:5000', 'x:5000/y', '', '-x:5000']) {
      expect(() => parseRegistryHostPort(bad), bad).toThrow(/not a registry address/);
    }
    for (const bad of ['198.18.0.256', '1.2.3', 'x;y', '']) expect(() => checkHostsAddress(bad), bad).toThrow(/IPv4/);
  });

  it('takes XR interface names and refuses others', () => {
    for (const ok of ['GigabitEthernet0/0/0/0', 'MgmtEth0/RP0/CPU0/0', 'Loopback1', 'Gi0/0/0/1']) expect(checkInterfaceName(ok)).toBe(ok);
    for (const bad of ['Gi 0/0', 'Loopback', 'eth0;reboot', '0/0/0/0', '']) expect(() => checkInterfaceName(bad), bad).toThrow(/interface name/);
  });
});
