import { describe, expect, it } from 'vitest';
import { memoryValue } from '../../../tests/support/vagrant-service-setup';
import { ImageGuide, type ImageGuideState } from './image-guide';

describe("the Guide's image choices", () => {
  it('keep each choice once checked, merging later ones, with the defaults beside them', () => {
    const value = memoryValue<ImageGuideState>();
    const guide = new ImageGuide(value);
    expect(guide.view()).toEqual({ choices: {}, defaults: { insecurePort: 5000, tlsPort: 5443, hubImage: 'busybox:latest' }, registries: { insecure: null, tls: null, existing: null } });
    guide.choose({ address: '198.18.0.1', port: 5001, source: '/tmp/busybox.tar' });
    guide.choose({ as: 'xrcl/busybox:1', existingUrl: 'registry.corp.example:5000' });
    expect(new ImageGuide(value).choices()).toEqual({ address: '198.18.0.1', port: 5001, source: '/tmp/busybox.tar', as: 'xrcl/busybox:1', existingUrl: 'https://registry.corp.example:5000' });
  });

  it('refuse a bad choice with its fix and keep nothing of that call', () => {
    const guide = new ImageGuide(memoryValue<ImageGuideState>());
    for (const bad of [
      { address: '198.18.0.1;reboot' },
      { source: 'relative/busybox.tar' },
      { source: 'docker-daemon:Bad Name' },
      { as: 'xrcl/../etc:1' },
      { existingUrl: 'https://user:pw@registry.example.com' },
      { existingUser: 'ci user' },
      { existingCaFile: 'ca.crt' },
      { existingImage: 'team/app:$(id)' },
      { hubImage: 'quay.io/x/y:1' },
      { port: 70000 },
    ]) {
      expect(() => guide.choose({ address: '198.18.0.2', ...bad }), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
    expect(guide.choices()).toEqual({});
    expect(guide.choose({ source: 'docker-daemon:busybox:latest' }).choices.source).toBe('docker-daemon:busybox:latest');
  });
});
