import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from './external-links';

describe('external links', () => {
  it('opens https links to the documentation sites the app shows', () => {
    expect(allowedExternalUrl('https://developer.hashicorp.com/vagrant/install')).toBe('https://developer.hashicorp.com/vagrant/install');
    expect(allowedExternalUrl('https://www.virtualbox.org/wiki/Downloads')).toBe('https://www.virtualbox.org/wiki/Downloads');
    expect(allowedExternalUrl('https://xrdocs.io/application-hosting/tutorials/')).not.toBeNull();
  });

  it('refuses other schemes, other hosts, look-alikes, credentials and ports', () => {
    for (const url of [
      'http://developer.hashicorp.com/vagrant/install',
      'file:///etc/passwd',
      'smb://attacker/share',
      'javascript:alert(1)',
      'https://evil.example/',
      'https://github.com.evil.example/',
      'https://evilgithub.com/',
      'https://github.com@evil.example/',
      'https://user:pass@github.com/',
      'https://github.com:8443/',
      'not a url',
    ]) {
      expect(allowedExternalUrl(url), url).toBeNull();
    }
  });
});
