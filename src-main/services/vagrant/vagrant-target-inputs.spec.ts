import { describe, expect, it } from 'vitest';
import { devboxTargetInput, routerTargetInput } from './vagrant-target-inputs';

describe('Vagrant machines as targets', () => {
  it('the router on 127.0.0.1 with its forwarded XR CLI and XR shell ports and the box login', () => {
    expect(routerTargetInput('rtr', { cli: 2223, shell: 2222, host: '127.0.0.1' })).toEqual({ name: 'rtr', platform: 'vagrant', host: '127.0.0.1', cliPort: 2223, shellPort: 2222, user: 'vagrant' });
    expect(devboxTargetInput('devbox', '127.0.0.1', 2200)).toEqual({ name: 'devbox', platform: 'devbox', host: '127.0.0.1', shellPort: 2200, user: 'vagrant' });
  });

  it('says which port is unknown, and what to do', () => {
    expect(() => routerTargetInput('rtr', { cli: null, shell: 2222, host: '127.0.0.1' })).toThrow(
      expect.objectContaining({ code: 'PORTS_UNKNOWN', message: expect.stringContaining('XR CLI (guest 22)'), fix: expect.stringContaining('vagrant up') }),
    );
  });
});
