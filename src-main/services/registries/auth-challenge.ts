// WWW-Authenticate challenges of a registry (RFC 7235): `Basic realm="…"`, or
// `Bearer realm="https://auth/token",service="registry",scope="repository:app:pull,push"`, whose
// quoted values may hold commas. Docker Hub, Harbor, GitLab and Distribution's token auth all
// speak the Bearer form; an htpasswd Distribution speaks Basic.

export interface AuthChallenge {
  scheme: 'basic' | 'bearer' | string;
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

/** Every challenge in a header value, schemes lower-cased, parameter names lower-cased. */
export function parseAuthChallenges(header: string): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  let i = 0;
  const skip = (): void => {
    while (i < header.length && /[\s,]/.test(header[i]!)) i++;
  };
  const token = (): string | null => {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(header);
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  while (i < header.length) {
    skip();
    const scheme = token();
    if (!scheme) break;
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    for (;;) {
      while (header[i] === ' ' || header[i] === ',') i++;
      const start = i;
      const name = token();
      if (!name) break;
      while (header[i] === ' ') i++;
      if (header[i] !== '=') {
        // No "=": this token is the next challenge's scheme.
        i = start;
        break;
      }
      i++;
      while (header[i] === ' ') i++;
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < header.length && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < header.length) i++;
          value += header[i++];
        }
        i++;
      } else {
        value = token() ?? '';
      }
      challenge.params[name.toLowerCase()] = value;
    }
  }
  return out;
}

/** The token endpoint URL for a Bearer challenge, with its service and scope. */
export function tokenUrl(challenge: AuthChallenge, extraScopes: string[] = []): URL {
  const realm = challenge.params.realm;
  if (!realm) throw new Error('The registry asked for a Bearer token without naming where to get it (no realm).');
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  const scopes = new Set([...(challenge.params.scope ? challenge.params.scope.split(' ') : []), ...extraScopes]);
  for (const s of scopes) url.searchParams.append('scope', s);
  return url;
}
