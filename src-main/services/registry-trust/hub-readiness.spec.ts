import { describe, expect, it } from 'vitest';
import { hubReadiness, nameServersIn, withNameServer } from './hub-readiness';

describe('Docker Hub readiness of a router', () => {
  it('reads the name servers of global-vrf, ignoring comments', () => {
    expect(nameServersIn('# lab: none\nsearch example.com\nnameserver 8.8.8.8\n  nameserver 208.67.222.222\n#nameserver 1.1.1.1\n')).toEqual(['8.8.8.8', '208.67.222.222']);
  });

  it('names each missing piece with the fix a user can type', () => {
    const none = hubReadiness({ resolvConf: '# The lab has no route out, so none is set.\n', defaultRoutes: '', target: 'r1' });
    expect(none.problems.map((p) => p.what)).toEqual(['name-server', 'default-route']);
    expect(none.problems[0]!.fix).toContain('echo "nameserver 8.8.8.8" >> /etc/netns/global-vrf/resolv.conf');
    expect(none.problems[1]!.fix).toContain('default-route mgmt');
    expect(none.problems[1]!.fix).toContain('ip route add default via GATEWAY dev Mg0_RP0_CPU0_0');

    const ready = hubReadiness({ resolvConf: 'nameserver 8.8.8.8\n', defaultRoutes: 'default dev fwdintf scope link src 10.0.2.15\n', target: 'r1' });
    expect(ready).toEqual({ nameServers: ['8.8.8.8'], defaultRoute: 'default dev fwdintf scope link src 10.0.2.15', problems: [] });
  });

  it('adds the name server the user gave once, before the others, keeping the comments', () => {
    const first = withNameServer('# lab\nnameserver 8.8.4.4\n', '198.18.0.1');
    expect(first).toEqual({ text: 'nameserver 198.18.0.1\n# lab\nnameserver 8.8.4.4\n', changed: true });
    expect(withNameServer(first.text, '198.18.0.1')).toEqual({ text: first.text, changed: false });
  });
});
