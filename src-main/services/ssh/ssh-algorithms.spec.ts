import { describe, expect, it } from 'vitest';
import { algorithmsFor } from './ssh-algorithms';

describe('algorithmsFor', () => {
  it('modern is ssh2 as shipped; compatible appends the older algorithms after the modern ones', () => {
    expect(algorithmsFor('modern')).toBeUndefined();
    const c = algorithmsFor('compatible') as Record<string, unknown>;
    expect(c.kex).toEqual({ append: expect.arrayContaining(['diffie-hellman-group14-sha1']) });
    expect(c.cipher).toEqual({ append: expect.arrayContaining(['aes128-cbc', 'aes256-cbc']) });
    const hostKeys = c.serverHostKey as string[];
    expect(hostKeys[0]).toBe('ssh-ed25519');
    expect(hostKeys.indexOf('ssh-rsa')).toBeLessThan(hostKeys.indexOf('ssh-dss'));
  });

  it('asks first for the key types on record', () => {
    const rsa = (algorithmsFor('modern', ['ssh-rsa']) as { serverHostKey: string[] }).serverHostKey;
    expect(rsa.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(rsa).toContain('ssh-ed25519');
    expect(rsa).not.toContain('ssh-dss');
    const ec = (algorithmsFor('compatible', ['ecdsa-sha2-nistp256']) as { serverHostKey: string[] }).serverHostKey;
    expect(ec[0]).toBe('ecdsa-sha2-nistp256');
    expect(new Set(ec).size).toBe(ec.length);
  });
});
