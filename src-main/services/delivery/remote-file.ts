// The router-side commands of a delivery, each built with the one quoting helper so a file or
// tag name with spaces, quotes or ';' reaches the router as one argument, never as shell syntax.
import { posix } from 'node:path';
import { quoteArg } from '../exec/shell-quote';

export const APP_HOST = '/misc/app_host';
/** On the Vagrant box the shell user is in group app_host, which owns this folder (xr-facts 2.5). */
export const SCRATCH = `${APP_HOST}/scratch`;

const q = (s: string): string => quoteArg(s, 'posix');

export const remoteCommands = {
  canWrite: (dir: string): string => `test -d ${q(dir)} -a -w ${q(dir)}`,
  /** Run as root: a folder in /misc/app_host the shell user owns (routers without scratch access). */
  makeUserDir: (dir: string, user: string): string => `install -d -m 0755 -o ${q(user)} ${q(dir)}`,
  df: (): string => `df -P ${APP_HOST}`,
  sha256: (path: string): string => `sha256sum ${q(path)}`,
  prefixSha256: (path: string, bytes: number): string => `head -c ${bytes} ${q(path)} | sha256sum`,
  remove: (path: string): string => `rm -f ${q(path)}`,
  load: (path: string): string => `docker load -i ${q(path)}`,
  import: (path: string, ref: string): string => `docker import ${q(path)} ${q(ref)}`,
  repoTags: (id: string): string => `docker image inspect --format '{{json .RepoTags}}' ${q(id)}`,
};

/** The folder for a user who cannot write scratch: made once by root, owned by the user. */
export const userDir = (user: string): string => `${APP_HOST}/xrcl-${user}`;

/** The remote file: the tarball's own name (any characters but '/'), in `dir`. */
export function remotePathFor(dir: string, localName: string, suffix = ''): string {
  return posix.join(dir, posix.basename(localName.replace(/\\/g, '/')) + suffix);
}

/** The checksum in `sha256sum` output: the first 64 hex digits. */
export function parseSha256sum(output: string): string | null {
  return /^([a-f0-9]{64})\b/m.exec(output.trim())?.[1] ?? null;
}

/** The copy as a person would type it: what the runbook shows for the SFTP copy. */
export function scpEquivalent(localFile: string, user: string, host: string, port: number, remotePath: string): string {
  const dest = `${user}@${host.includes(':') ? `[${host}]` : host}:${remotePath}`;
  return `scp -P ${port} ${q(localFile)} ${q(dest)}`;
}
