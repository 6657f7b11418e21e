import { describe, expect, it } from 'vitest';
import { joinHostPort, registryConfigYaml } from './registry-config';

describe('registry config.yml', () => {
  it('enables deletes, listens where asked and names the certificate for TLS', () => {
    const yml = registryConfigYaml({
      storage: '/home/u/My Registry/storage',
      addr: '198.18.0.1:5000',
      secret: 's3cr3t',
      tls: { certificate: 'C:\\certs\\registry.crt', key: '/x/registry.key' },
    });
    expect(yml).toContain('  delete:\n    enabled: true');
    expect(yml).toContain('rootdirectory: "/home/u/My Registry/storage"');
    expect(yml).toContain('  addr: "198.18.0.1:5000"');
    expect(yml).toContain('  tls:\n    certificate: "C:\\\\certs\\\\registry.crt"\n    key: "/x/registry.key"');
  });

  it('asks for a login from an htpasswd file when given one', () => {
    const yml = registryConfigYaml({ storage: '/s', addr: '127.0.0.1:5000', secret: 'x', htpasswd: '/r/htpasswd', tls: { certificate: '/c', key: '/k' } });
    // A top-level section, after http's tls block (inside it, the registry refuses the file).
    expect(yml).toMatch(/\n {4}key: "\/k"\nauth:\n {2}htpasswd:\n {4}realm: "XR Container Lab registry"\n {4}path: "\/r\/htpasswd"\n$/);
  });

  it('has no tls section for a plain HTTP registry', () => {
    expect(registryConfigYaml({ storage: '/s', addr: '127.0.0.1:5000', secret: 'x' })).not.toContain('tls:');
  });

  it('brackets IPv6 listen addresses', () => {
    expect(joinHostPort('::1', 5000)).toBe('[::1]:5000');
    expect(joinHostPort('0.0.0.0', 5000)).toBe('0.0.0.0:5000');
  });
});
