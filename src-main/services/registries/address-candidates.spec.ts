import { describe, expect, it } from 'vitest';
import { addressCandidates, localAddresses } from './address-candidates';

const ifaces = {
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  eth0: [
    { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: 'aa', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
    { address: 'fd00::2', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: 'aa', internal: false, cidr: 'fd00::2/64', scopeid: 0 },
    { address: '192.168.1.20', netmask: '255.255.255.0', family: 'IPv4', mac: 'aa', internal: false, cidr: '192.168.1.20/24' },
  ],
  xrcl0: [{ address: '198.18.0.1', netmask: '255.255.255.0', family: 'IPv4', mac: 'bb', internal: false, cidr: '198.18.0.1/24' }],
} as unknown as ReturnType<typeof import('node:os').networkInterfaces>;

describe('address candidates', () => {
  it("lists this computer's addresses with a trade-off each, loopback last, IPv6 left out (Docker's image names cannot hold it)", () => {
    const c = addressCandidates(localAddresses(ifaces));
    expect(c.map((x) => x.address)).toEqual(['192.168.1.20', '198.18.0.1', '127.0.0.1']);
    expect(c.every((x) => x.tradeoff.length > 20 && !x.tradeoff.includes('\n'))).toBe(true);
    expect(c[1]!.label).toContain('lab link');
    expect(c[2]!.tradeoff).toMatch(/no router can pull/);
  });

  it('adds the NAT gateway for a Vagrant router, shown only, with the registry on loopback', () => {
    const c = addressCandidates(localAddresses(ifaces), { name: 'rtr', platform: 'vagrant', host: '127.0.0.1' });
    expect(c[0]).toMatchObject({ address: '10.0.2.2', source: 'vagrant-nat', viewOnly: true, listen: '127.0.0.1' });
  });

  it("adds a devbox's data-link address with the update-source note", () => {
    const c = addressCandidates([], { name: 'devbox', platform: 'devbox', host: '11.1.1.20' });
    expect(c).toHaveLength(1);
    expect(c[0]!.tradeoff).toContain('update-source');
  });
});
