// The failures a user meets, as the socket and ssh2 report them, and what the app says about each.
import { describe, expect, it } from 'vitest';
import { sshConnectError } from './ssh-errors';

const where = 'cisco@198.18.0.5:22';
const err = (message: string, extra: Record<string, unknown> = {}): Error => Object.assign(new Error(message), extra);
const map = (e: Error) => sshConnectError(e, where, { readyTimeoutMs: 20_000 });

describe('sshConnectError', () => {
  it('names the failure, the device and a fix for each way a login fails', () => {
    expect(map(err('All configured authentication methods failed', { level: 'client-authentication' }))).toMatchObject({
      code: 'AUTH_FAILED',
      device: where,
      message: expect.stringContaining('All configured authentication methods failed'),
    });
    expect(map(err('connect ECONNREFUSED 198.18.0.5:22', { code: 'ECONNREFUSED' })).fix).toContain('ssh server v2');
    expect(map(err('connect EHOSTUNREACH', { code: 'EHOSTUNREACH' })).code).toBe('UNREACHABLE');
    expect(map(err('connect ENETUNREACH', { code: 'ENETUNREACH' })).code).toBe('UNREACHABLE');
    expect(map(err('getaddrinfo ENOTFOUND r1', { code: 'ENOTFOUND' })).code).toBe('NOT_FOUND');
    expect(map(err('Timed out while waiting for handshake', { level: 'client-timeout' }))).toMatchObject({
      code: 'TIMEOUT',
      message: `${where} did not answer within 20 s.`,
    });
    expect(map(err('Handshake failed: no matching key exchange algorithm', { level: 'handshake' })).code).toBe('NO_COMMON_ALGORITHM');
    expect(map(err('read ECONNRESET', { code: 'ECONNRESET' })).code).toBe('CONNECTION_LOST');
    expect(map(err('something new')).code).toBe('SSH_FAILED');
  });
});
