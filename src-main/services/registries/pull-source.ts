// `docker://REF` as a build source: the reference checked with the image-name grammar (a tag, or
// an @sha256 digest), and the registry it names reached the way the app knows it (its URL, CA
// and login) or, when the app does not know it, the way Docker would: HTTPS (with a CA the user
// gives), and on loopback plain HTTP when the port does not speak TLS.
import { isIP } from 'node:net';
import { AppError } from '../../../src-shared/errors';
import { parseImageReference } from '../images/image-reference';
import type { RegistryDirectory } from './registry-directory';
import type { RegistryEndpoint } from './registry-http';

export const DOCKER_SCHEME = 'docker://';
const DOCKER_HUB = 'registry-1.docker.io';
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export interface PullSource {
  /** Registry host[:port]; Docker Hub's API host when the name has none. */
  host: string;
  /** Repository path in the registry, e.g. library/busybox. */
  repository: string;
  /** Tag or sha256:… digest to fetch. */
  reference: string;
  /** REPO:TAG for the pulled tarball's RepoTags; null when pulled by digest. */
  repoTag: string | null;
  /** The REF as the user wrote it (for messages). */
  text: string;
}

export function isDockerSource(text: string): boolean {
  return text.startsWith(DOCKER_SCHEME);
}

/** Parses `docker://[HOST[:PORT]/]REPO[:TAG|@sha256:HEX]`; a BAD_INPUT AppError says what is wrong. */
export function parsePullSource(text: string): PullSource {
  if (!isDockerSource(text)) throw new AppError(`"${text}" is not a registry source.`, { code: 'BAD_INPUT', fix: 'Write it as docker://HOST:PORT/REPO:TAG.' });
  const ref = text.slice(DOCKER_SCHEME.length);
  const at = ref.indexOf('@');
  let digest: string | null = null;
  let name = ref;
  if (at >= 0) {
    digest = ref.slice(at + 1);
    name = ref.slice(0, at);
    if (!DIGEST.test(digest)) {
      throw new AppError(`"${text}": "${digest}" is not a sha256 digest.`, { code: 'BAD_INPUT', fix: 'A digest is sha256: and 64 lower-case hex digits, as `docker images --digests` or skopeo inspect show it.' });
    }
    // A name@digest carries no tag; the grammar check below must not read the digest's colon.
    if (name.lastIndexOf(':') > name.lastIndexOf('/')) name = name.slice(0, name.lastIndexOf(':'));
  }
  const parsed = parseImageReference(name);
  return {
    host: parsed.domain ?? DOCKER_HUB,
    repository: parsed.path,
    reference: digest ?? parsed.tag,
    repoTag: digest ? null : parsed.familiar,
    text,
  };
}

function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return h === 'localhost' || (isIP(h) === 4 && h.startsWith('127.')) || h === '::1';
}

/**
 * How this computer may reach the source's registry, in the order to try: a registry the app
 * knows by the same host:port brings its URL, CA and login; otherwise HTTPS (trusting `caPem`
 * when given), then, on loopback only and as Docker does for 127.0.0.0/8, plain HTTP when the
 * port does not speak TLS.
 */
export function pullEndpoints(source: PullSource, directory: RegistryDirectory | null, caPem?: string): RegistryEndpoint[] {
  const known = directory?.records().find((r) => r.hostPort === source.host || new URL(r.url).host === source.host);
  if (known) {
    const password = directory!.password(known.name);
    return [{ name: `registry ${known.name}`, url: known.url, caPem: caPem ?? known.caPem, user: known.user, ...(password !== undefined ? { password } : {}) }];
  }
  const name = `the registry ${source.host}`;
  const secure: RegistryEndpoint = { name, url: `https://${source.host}`, caPem: caPem ?? null };
  return isLoopback(source.host) && !caPem ? [secure, { name, url: `http://${source.host}`, caPem: null }] : [secure];
}
