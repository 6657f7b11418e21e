// The rules a target's fields follow, checked before anything is saved or sent to a router.
// Names and hosts end up in commands, file names and known_hosts lines: only safe shapes pass.
import { isIP } from 'node:net';
import { AppError } from '../../../src-shared/errors';
import type { TargetPlatform } from '../../../src-shared/types/targets';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
// RFC 1123 host names: labels of letters, digits and inner hyphens.
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
// What XR's adduser and Linux's useradd both take (no quotes, spaces or shell characters).
const LOGIN_USER = /^[a-z_][a-z0-9_-]{0,31}$/;
// SSH user names we pass through as-is (a router's AAA may allow more than Linux does).
const SSH_USER = /^[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}$/;

export function checkTargetName(name: string): string {
  if (!NAME.test(name)) {
    throw new AppError(`"${name}" cannot be a target name.`, {
      code: 'BAD_INPUT',
      fix: 'Use 1 to 63 letters, digits, dots, hyphens or underscores, starting with a letter or digit (for example ncs5508-lab).',
    });
  }
  return name;
}

export function checkHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare)) return bare;
  if (bare.length <= 253 && bare.split('.').every((label) => HOST_LABEL.test(label)) && !/^\d+(\.\d+)*$/.test(bare)) return bare;
  throw new AppError(`"${host}" is not an IP address or host name.`, {
    code: 'BAD_INPUT',
    fix: "Give the router's management address (for example 198.18.0.10) or a DNS name this computer can resolve.",
  });
}

export function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new AppError(`The ${what} port must be a whole number from 1 to 65535, not ${String(port)}.`, { code: 'BAD_INPUT' });
  }
  return port;
}

export function checkSshUser(user: string): string {
  if (!SSH_USER.test(user)) {
    throw new AppError(`"${user}" cannot be used as an SSH user name.`, {
      code: 'BAD_INPUT',
      fix: 'Use letters, digits, dots, hyphens, underscores or @, up to 64 characters.',
    });
  }
  return user;
}

/**
 * A new Linux user on the router (onboarding): refused before anything changes on the router
 * when XR's adduser would not create exactly that name.
 */
export function checkNewRouterUser(user: string): string {
  if (!LOGIN_USER.test(user)) {
    throw new AppError(`"${user}" cannot be a user name on the router's Linux shell.`, {
      code: 'BAD_INPUT',
      fix: 'Use up to 32 lower-case letters, digits, hyphens or underscores, starting with a letter or underscore (for example cisco).',
    });
  }
  if (user === 'root') {
    throw new AppError('The new user cannot be root.', { code: 'BAD_INPUT', fix: 'Choose another name: root logins over 57722 are refused on routers.' });
  }
  return user;
}

/** The usual ports per platform (the Vagrant box's are read from `vagrant port` instead). */
export function defaultPorts(platform: TargetPlatform): { cliPort: number | null; shellPort: number } {
  return platform === 'devbox' ? { cliPort: null, shellPort: 22 } : { cliPort: 22, shellPort: 57722 };
}
