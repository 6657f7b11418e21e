import { describe, expect, it } from 'vitest';
import { parseAuthChallenges, tokenUrl } from './auth-challenge';

describe('auth challenges', () => {
  it('reads a Bearer challenge whose scope holds a comma', () => {
    const [c] = parseAuthChallenges('Bearer realm="https://auth.example.test/token",service="registry.example.test",scope="repository:xrcl/app:pull,push"');
    expect(c).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example.test/token', service: 'registry.example.test', scope: 'repository:xrcl/app:pull,push' },
    });
    const url = tokenUrl(c!, ['repository:xrcl/base:pull']);
    expect(url.searchParams.get('service')).toBe('registry.example.test');
    expect(url.searchParams.getAll('scope')).toEqual(['repository:xrcl/app:pull,push', 'repository:xrcl/base:pull']);
  });

  it('reads Basic, unquoted values, escapes and several challenges in one header', () => {
    expect(parseAuthChallenges('Basic realm="Registry Realm"')).toEqual([{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
    expect(parseAuthChallenges('Newauth realm=apps, type=1, title="Login to \\"apps\\"", Basic realm="simple"')).toEqual([
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: { realm: 'simple' } },
    ]);
  });

  it('returns nothing for an empty header and refuses a Bearer challenge without realm', () => {
    expect(parseAuthChallenges('')).toEqual([]);
    expect(() => tokenUrl({ scheme: 'bearer', params: {} })).toThrow(/no realm/);
  });
});
