import { describe, expect, it } from 'vitest';
import type { Target } from '../../../src-shared/types/targets';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import type { PersistentValue } from '../store/app-store';
import { secretId, TargetService } from './target-service';

function setup() {
  let saved: Record<string, Target> | undefined;
  const value: PersistentValue<Record<string, Target>> = { get: () => saved, set: (v) => (saved = structuredClone(v)) };
  const secrets = new MemorySecretStore();
  const service = new TargetService(value, () => secrets, () => new Date('2026-11-28T10:00:00Z'));
  return { service, secrets, saved: () => saved };
}

describe('TargetService', () => {
  it('adds a physical router with the usual ports; the password goes to the secret store, not the settings', () => {
    const { service, secrets, saved } = setup();
    const t = service.add({ name: 'ncs5508', platform: 'ncs5500', host: '198.18.0.10', user: 'root' }, { password: 'p@ss w0rd;$(x)' });
    expect(t).toMatchObject({ cliPort: 22, shellPort: 57722, cli: { user: 'root', hasPassword: true }, shell: null, jump: null });
    expect(secrets.get(secretId('ncs5508', 'cli'))).toBe('p@ss w0rd;$(x)');
    expect(JSON.stringify(saved())).not.toContain('p@ss');
  });

  it('gives the Vagrant box its shell login at once, with the same password', () => {
    const { service } = setup();
    const t = service.add({ name: 'rtr', platform: 'vagrant', host: '127.0.0.1', cliPort: 2223, shellPort: 2222, user: 'vagrant' }, { password: 'vagrant' });
    expect(t.shell).toEqual({ user: 'vagrant', hasPassword: true });
    expect(service.password('rtr', 'shell')).toBe('vagrant');
  });

  it('hides real passwords from logs, but not one that equals the login name (vagrant/vagrant)', () => {
    const { service } = setup();
    service.add({ name: 'box', platform: 'vagrant', host: '127.0.0.1', user: 'vagrant' }, { password: 'vagrant' });
    expect(service.secretsOf('box')).toEqual([]);
    service.add({ name: 'r', platform: 'ncs5500', host: '198.18.0.10', user: 'root' }, { password: 's3cret' });
    service.setShellLogin('r', 'cisco', 'other one');
    expect(service.secretsOf('r')).toEqual(['s3cret', 'other one']);
  });

  it('a devbox has a shell endpoint only', () => {
    const { service } = setup();
    const t = service.add({ name: 'devbox', platform: 'devbox', host: 'devbox.lab', user: 'vagrant' }, { password: 'vagrant' });
    expect(t).toMatchObject({ cliPort: null, cli: null, shellPort: 22, shell: { user: 'vagrant', hasPassword: true } });
    expect(() => service.add({ name: 'd2', platform: 'devbox', host: 'h', cliPort: 22, user: 'u' })).toThrow(/no XR CLI port/);
  });

  it('refuses hostile or malformed fields before saving anything', () => {
    const { service, saved } = setup();
    expect(() => service.add({ name: 'a;rm -rf /', platform: 'ncs5500', host: 'h', user: 'u' })).toThrow(/cannot be a target name/);
    expect(() => service.add({ name: 'a', platform: 'ncs5500', host: '$(reboot)', user: 'u' })).toThrow(/not an IP address or host name/);
    expect(() => service.add({ name: 'a', platform: 'ncs5500', host: '300.1.1.1', user: 'u' })).toThrow(/not an IP address or host name/);
    expect(() => service.add({ name: 'a', platform: 'ncs5500', host: 'h', user: 'u', cliPort: 70000 })).toThrow(/1 to 65535/);
    expect(() => service.add({ name: 'a', platform: 'ncs5500', host: 'h', user: "x' y" })).toThrow(/SSH user name/);
    expect(saved()).toBeUndefined();
  });

  it('keeps the onboarded shell login across an edit, and removes secrets with the target', () => {
    const { service, secrets } = setup();
    service.add({ name: 'r1', platform: 'asr9k', host: '198.18.0.11', user: 'root' }, { password: 'lab' });
    service.setShellLogin('r1', 'cisco', 'new secret');
    const edited = service.update('r1', { name: 'r1', platform: 'asr9k', host: '198.18.0.12', user: 'root' });
    expect(edited.host).toBe('198.18.0.12');
    expect(edited.shell).toEqual({ user: 'cisco', hasPassword: true });
    expect(service.password('r1', 'cli')).toBe('lab');
    service.remove('r1');
    expect(service.list()).toEqual([]);
    expect(secrets.get(secretId('r1', 'shell'))).toBeUndefined();
    expect(secrets.get(secretId('r1', 'cli'))).toBeUndefined();
  });

  it('checks jump hosts: known, not itself, and not removed while in use', () => {
    const { service } = setup();
    expect(() => service.add({ name: 'r', platform: 'ncs5500', host: 'h', user: 'u', jump: 'devbox' })).toThrow(/no target named "devbox"/);
    service.add({ name: 'devbox', platform: 'devbox', host: '198.18.0.20', user: 'vagrant' });
    service.add({ name: 'r', platform: 'ncs5500', host: '198.18.0.10', user: 'u', jump: 'devbox' });
    expect(() => service.remove('devbox')).toThrow(/jump host of r/);
    expect(() => service.add({ name: 'r', platform: 'ncs5500', host: 'h', user: 'u' })).toThrow(/exists already/);
  });
});
