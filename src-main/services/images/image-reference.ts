// Image names as Docker's reference grammar allows them ([domain[:port]/]path[:tag]), checked
// before a name is written into a tarball: a name Docker would refuse at `docker load` time is
// refused here, with the reason, instead of on the router.
import { AppError } from '../../../src-shared/errors';

const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^${DOMAIN_PART}(?:\\.${DOMAIN_PART})*(?::[0-9]+)?$`);
const PATH_PART = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME = 255;

/** A registry host[:port] as image names may start with (letters, digits, dots, dashes, a port). */
export function isRegistryDomain(text: string): boolean {
  return DOMAIN.test(text);
}

export interface ImageReference {
  /** Registry host[:port], or null for Docker Hub. */
  domain: string | null;
  /** Repository path without the domain, e.g. library/busybox or xrcl/app. */
  path: string;
  tag: string;
  /** The name as `docker images` and docker-save's RepoTags write it: familiar form plus tag. */
  familiar: string;
  /** Repository part of `familiar` (what the `repositories` file keys on). */
  repository: string;
}

function bad(ref: string, why: string): AppError {
  return new AppError(`"${ref}" is not a valid image name: ${why}.`, {
    code: 'BAD_INPUT',
    fix: 'Use lower-case letters, digits and . _ - in the repository (e.g. xrcl/my-app), and an optional :tag of letters, digits, _ . - (up to 128).',
  });
}

/** Parses NAME[:TAG] (tag defaults to latest); throws a BAD_INPUT AppError saying what is wrong. */
export function parseImageReference(ref: string): ImageReference {
  if (ref.length === 0) throw bad(ref, 'it is empty');
  if (ref.includes('@')) throw bad(ref, 'a digest (@sha256:…) cannot name a tarball image; give a tag');
  if (/\s/.test(ref)) throw bad(ref, 'it contains white space');
  let name = ref;
  let tag = 'latest';
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) {
    name = ref.slice(0, colon);
    tag = ref.slice(colon + 1);
    if (!TAG.test(tag)) throw bad(ref, `the tag "${tag}" may hold only letters, digits, _ . - (not starting with . or -, at most 128)`);
  }
  if (name.length > MAX_NAME) throw bad(ref, `the repository name is longer than ${MAX_NAME} characters`);
  const parts = name.split('/');
  let domain: string | null = null;
  if (parts.length > 1) {
    const first = parts[0]!;
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      if (!DOMAIN.test(first)) throw bad(ref, `"${first}" is not a valid registry host[:port]`);
      domain = first;
      parts.shift();
    }
  }
  for (const p of parts) {
    if (!PATH_PART.test(p)) {
      throw bad(ref, p !== p.toLowerCase() ? 'repository names must be lower case' : `"${p}" may hold only lower-case letters, digits and single separators (. _ __ -)`);
    }
  }
  let path = parts.join('/');
  if (domain === 'docker.io' || domain === 'index.docker.io') domain = null;
  if (domain === null && !path.includes('/')) path = `library/${path}`;
  const repository = domain ? `${domain}/${path}` : path.replace(/^library\//, '');
  return { domain, path, tag, familiar: `${repository}:${tag}`, repository };
}
