import { describe, expect, it } from 'vitest';
import { checkListenAddress, checkRegistryName, checkRegistryUrl } from './registry-rules';

describe('registry rules', () => {
  it('takes names that are safe as folder and container names only', () => {
    expect(checkRegistryName('lab-registry_2')).toBe('lab-registry_2');
    for (const bad of ['', '..', '../x', 'Lab', 'a b', '-x', 'x;y', 'a/b', 'x'.repeat(41)]) expect(() => checkRegistryName(bad), bad).toThrow(/cannot be a registry name/);
  });

  it('normalises a registry URL and refuses a path, a login in the URL or another scheme', () => {
    expect(checkRegistryUrl('registry.example.test:5000').origin).toBe('https://registry.example.test:5000');
    expect(checkRegistryUrl('http://198.18.0.1:5000/').origin).toBe('http://198.18.0.1:5000');
    expect(() => checkRegistryUrl('https://u:p@registry.example.test')).toThrow(/login/);
    expect(() => checkRegistryUrl('https://registry.example.test/v2/')).toThrow(/has a path/);
    expect(() => checkRegistryUrl('ftp://registry.example.test')).toThrow(/not an http/);
  });

  it('listens only on IP addresses', () => {
    expect(checkListenAddress('0.0.0.0')).toBe('0.0.0.0');
    expect(() => checkListenAddress('localhost')).toThrow(/not an IP address/);
  });
});
