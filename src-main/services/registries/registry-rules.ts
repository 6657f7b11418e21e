// Registry names become folder names, container names and parts of URLs: only safe shapes pass.
import { isIP } from 'node:net';
import { AppError } from '../../../src-shared/errors';
import { checkHost } from '../targets/target-rules';

const NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function checkRegistryName(name: string): string {
  if (!NAME.test(name)) {
    throw new AppError(`"${name}" cannot be a registry name.`, {
      code: 'BAD_INPUT',
      fix: 'Use 1 to 40 lower-case letters, digits, hyphens or underscores, starting with a letter or digit (for example lab-registry).',
    });
  }
  return name;
}

/** An address or DNS name the router uses; brackets around IPv6 are dropped. */
export function checkRegistryHost(host: string): string {
  return checkHost(host);
}

/** A listen address on this computer: an IP address (0.0.0.0 / :: for all). */
export function checkListenAddress(address: string): string {
  if (!isIP(address)) {
    throw new AppError(`"${address}" is not an IP address to listen on.`, {
      code: 'BAD_INPUT',
      fix: "Give one of this computer's addresses (the Registries page lists them), 127.0.0.1 for this computer only, or 0.0.0.0 for all.",
    });
  }
  return address;
}

/** https://HOST[:PORT] of an existing registry, normalised without a path. */
export function checkRegistryUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url.includes('://') ? url : `https://${url}`);
  } catch {
    throw new AppError(`"${url}" is not a registry URL.`, { code: 'BAD_INPUT', fix: 'Give it as https://HOST:PORT (for example https://registry.example.com:5000).' });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new AppError(`"${url}" is not an http or https URL.`, { code: 'BAD_INPUT', fix: 'Give it as https://HOST:PORT.' });
  if (u.username || u.password) throw new AppError('Put the login in the user and password fields, not in the URL.', { code: 'BAD_INPUT', fix: 'Give the URL as https://HOST:PORT and the user separately; the password is read from standard input.' });
  if (u.pathname !== '/' || u.search || u.hash) throw new AppError(`"${url}" has a path; a registry is named by its host and port only.`, { code: 'BAD_INPUT', fix: 'Give it as https://HOST:PORT.' });
  checkHost(u.hostname.replace(/^\[|\]$/g, ''));
  return u;
}
