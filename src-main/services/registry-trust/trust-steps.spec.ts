import { describe, expect, it } from 'vitest';
import type { Registry } from '../../../src-shared/types/registries';
import { parseRegistryHostPort } from './registry-address';
import { sameInterface, trustSteps } from './trust-steps';

const registry = (kind: Registry['kind'], hostPort: string, caPem: string | null): Registry => ({
  name: 'r', kind, hostPort, host: hostPort.split(':')[0]!, port: Number(hostPort.split(':')[1]), address: null, url: '', caPem, user: null, hasPassword: false, createdAt: '',
});
const applying = (r: Registry, address: string | null, updateSource: string | null = null) =>
  trustSteps.filter((s) => s.applies({ registry: r, hp: parseRegistryHostPort(r.hostPort), address, updateSource })).map((s) => s.id);

describe('which trust steps a registry needs', () => {
  it('insecure: the DOCKER_OPTS flag only; TLS by name: the CA and the hosts line; a public CA by name: the hosts line', () => {
    expect(applying(registry('insecure', '198.18.0.1:5000', null), null)).toEqual(['insecure-flag']);
    expect(applying(registry('tls', 'registry.xrcl.test:5443', 'PEM'), '198.18.0.1')).toEqual(['ca-cert', 'hosts-entry']);
    expect(applying(registry('tls', '198.18.0.1:5443', 'PEM'), null)).toEqual(['ca-cert']);
    expect(applying(registry('existing', 'corp.example.com:443', null), '198.18.0.9', 'Gi0/0/0/0')).toEqual(['hosts-entry', 'update-source']);
  });

  it('takes an interface name as XR shows it for the one typed', () => {
    expect(sameInterface('GigabitEthernet0/0/0/0', 'Gi0/0/0/0')).toBe(true);
    expect(sameInterface('MgmtEth0/RP0/CPU0/0', 'mgmteth0/rp0/cpu0/0')).toBe(true);
    expect(sameInterface('GigabitEthernet0/0/0/1', 'Gi0/0/0/0')).toBe(false);
    expect(sameInterface('Loopback1', 'GigabitEthernet1')).toBe(false);
  });
});
