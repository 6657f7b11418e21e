// ssh2 and socket failures turned into what a network engineer needs: what happened, where,
// and the fix. Never includes a password: only the target's description and fixed text.
import { AppError } from '../../../src-shared/errors';

export function sshConnectError(err: unknown, where: string, ctx: { readyTimeoutMs: number }): AppError {
  if (err instanceof AppError) return err;
  const e = err as Partial<NodeJS.ErrnoException> & { level?: string; message?: string };
  const msg = e.message ?? String(err);
  const make = (message: string, code: string, fix: string): AppError =>
    new AppError(message, { code, fix, device: where, detail: msg });

  if (e.level === 'client-authentication' || /All configured authentication methods failed/.test(msg)) {
    return make(
      `${where} refused the login: All configured authentication methods failed.`,
      'AUTH_FAILED',
      'Check the user name and password (or key). On a router, the user must exist in XR (and in the Linux shell for port 57722).',
    );
  }
  if (/Cannot parse privateKey|Encrypted private OpenSSH key detected, but no passphrase|bad decrypt|passphrase/i.test(msg)) {
    return make(`The private key for ${where} could not be read.`, 'BAD_KEY', 'Check the key file and its passphrase.');
  }
  switch (e.code) {
    case 'ECONNREFUSED':
      return make(
        `Nothing is listening on ${where} (connection refused).`,
        'CONNECTION_REFUSED',
        'Check the address and port. On a router, SSH may be off: `ssh server v2` in the XR CLI, or `service sshd_operns start` for port 57722. For Vagrant, read the port from `vagrant port`.',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make(`The name in ${where} could not be resolved.`, 'NOT_FOUND', 'Check the host name, or use the IP address.');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return make(
        `${where} cannot be reached from this computer (no route to host).`,
        'UNREACHABLE',
        'Check the address, the cabling or VPN, and that this computer has a route to that network.',
      );
    case 'ECONNRESET':
    case 'EPIPE':
      return make(
        `${where} closed the connection during the SSH handshake.`,
        'CONNECTION_LOST',
        'The server may limit connections or refuse this client; check its SSH settings and try again.',
      );
  }
  if (e.level === 'client-timeout' || e.code === 'ETIMEDOUT' || /Timed out/.test(msg)) {
    return make(
      `${where} did not answer within ${Math.round(ctx.readyTimeoutMs / 1000)} s.`,
      'TIMEOUT',
      'Check the address and that a firewall does not drop SSH; a router still booting can take minutes.',
    );
  }
  if (/no matching/i.test(msg)) {
    return make(
      `${where} and this app share no SSH algorithm (${msg.replace(/^Handshake failed: /, '')}).`,
      'NO_COMMON_ALGORITHM',
      'Use the compatible algorithm profile for older routers, or update the router\'s SSH server.',
    );
  }
  return make(`SSH to ${where} failed: ${msg}`, 'SSH_FAILED', 'Check the address, port and credentials, then try again.');
}

export function connectionLostError(where: string, command?: string): AppError {
  return new AppError(`The connection to ${where} dropped.`, {
    code: 'CONNECTION_LOST',
    device: where,
    command,
    fix: 'Check that the router is still up and reachable; the next command reconnects.',
  });
}
