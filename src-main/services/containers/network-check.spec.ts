import { describe, expect, it } from 'vitest';
import { judgeNetworkCheck } from './network-check';

// As busybox prints them inside a container on the practice router (nsenter into global-vrf).
const ADDR = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
1240: Mg0_RP0_CPU0_0@if1241: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue qlen 1000
    link/ether 7e:fe:86:27:6e:0b brd ff:ff:ff:ff:ff:ff
    inet 198.18.0.2/24 scope global Mg0_RP0_CPU0_0
       valid_lft forever preferred_lft forever
    inet6 fe80::7cfe:86ff:fe27:6e0b/64 scope link
`;
const ROUTE = `default dev fwdintf scope link src 10.0.2.15
198.18.0.0/24 dev Mg0_RP0_CPU0_0 scope link  src 198.18.0.2
`;
const mounted = { Mounts: [{ Destination: '/var/run/netns/global-vrf' }], HostConfig: { CapAdd: ['SYS_ADMIN'] }, NetworkSettings: { Networks: { bridge: { IPAddress: '198.19.2.2' } } } };

describe('network check', () => {
  it('shows the router\'s interfaces and routes and says the container reaches its network', () => {
    const r = judgeNetworkCheck({ container: 'web', vrf: 'global-vrf', inspect: mounted, addr: { output: ADDR, exitStatus: 0 }, route: { output: ROUTE, exitStatus: 0 }, commands: [] });
    expect(r.interfaces).toContainEqual({ name: 'Mg0_RP0_CPU0_0', addresses: ['198.18.0.2/24', 'fe80::7cfe:86ff:fe27:6e0b/64'] });
    expect(r.routes).toEqual([
      { destination: 'default', dev: 'fwdintf', src: '10.0.2.15' },
      { destination: '198.18.0.0/24', dev: 'Mg0_RP0_CPU0_0', src: '198.18.0.2' },
    ]);
    expect(r).toMatchObject({ reachesRouterNetwork: true, missing: [] });
  });

  it('names the missing mount from the inspect data and the error text', () => {
    const r = judgeNetworkCheck({
      container: 'web',
      vrf: 'global-vrf',
      inspect: { ...mounted, Mounts: [] },
      addr: { output: "nsenter: can't open '/var/run/netns/global-vrf': No such file or directory\n", exitStatus: 1 },
      route: { output: '', exitStatus: 1 },
      commands: [],
    });
    expect(r).toMatchObject({ reachesRouterNetwork: false, missing: ['-v /var/run/netns/global-vrf:/var/run/netns/global-vrf'] });
    expect(r.error).toMatch(/No such file/);
  });

  it('names the missing capability', () => {
    const r = judgeNetworkCheck({
      container: 'web',
      vrf: 'global-vrf',
      inspect: { ...mounted, HostConfig: { CapAdd: null } },
      addr: { output: "nsenter: setns(): can't reassociate to namespace 'net': Operation not permitted\n", exitStatus: 1 },
      route: { output: '', exitStatus: 1 },
      commands: [],
    });
    expect(r.missing).toEqual(['--cap-add SYS_ADMIN']);
  });

  it('does not count the container\'s own bridge address as the router\'s network', () => {
    const own = '1: lo: <LOOPBACK>\n    inet 127.0.0.1/8 scope host lo\n3: eth0@if4: <UP>\n    inet 198.19.2.2/24 scope global eth0\n';
    const r = judgeNetworkCheck({ container: 'web', vrf: 'global-vrf', inspect: { HostConfig: { CapAdd: ['CAP_SYS_ADMIN'] }, NetworkSettings: { IPAddress: '198.19.2.2' } }, addr: { output: own, exitStatus: 0 }, route: { output: '', exitStatus: 0 }, commands: [] });
    expect(r.reachesRouterNetwork).toBe(false);
    expect(r.missing).toEqual(['-v /var/run/netns/global-vrf:/var/run/netns/global-vrf']);
  });
});
