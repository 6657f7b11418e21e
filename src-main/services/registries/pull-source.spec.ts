import { describe, expect, it } from 'vitest';
import type { Registry } from '../../../src-shared/types/registries';
import { parsePullSource, pullEndpoints } from './pull-source';
import type { RegistryDirectory } from './registry-directory';

const D = `sha256:${'ab'.repeat(32)}`;

describe('docker:// sources', () => {
  it('reads host:port, repository and tag, defaulting the tag to latest', () => {
    expect(parsePullSource('docker://127.0.0.1:5000/bp/busybox:1')).toEqual({
      host: '127.0.0.1:5000',
      repository: 'bp/busybox',
      reference: '1',
      repoTag: '127.0.0.1:5000/bp/busybox:1',
      text: 'docker://127.0.0.1:5000/bp/busybox:1',
    });
    expect(parsePullSource('docker://registry.example.test/app').reference).toBe('latest');
    expect(parsePullSource('docker://busybox')).toMatchObject({ host: 'registry-1.docker.io', repository: 'library/busybox' });
  });

  it('reads a digest, with or without a tag before it, and gives no RepoTag', () => {
    expect(parsePullSource(`docker://h:5000/a/b@${D}`)).toMatchObject({ repository: 'a/b', reference: D, repoTag: null });
    expect(parsePullSource(`docker://h:5000/a/b:1@${D}`)).toMatchObject({ repository: 'a/b', reference: D });
  });

  it.each([
    ['docker://', 'empty'],
    ['docker://h:5000/Upper/x:1', 'upper case'],
    ['docker://h:5000/a/b@sha256:abc', 'short digest'],
    ['docker://h:5000/a/b@md5:' + 'a'.repeat(32), 'other algorithm'],
    ['docker://h:5000/a b:1', 'white space'],
    ['docker://h:5000/a;rm -rf:1', 'shell characters'],
  ])('refuses %s (%s) with a fix', (text) => {
    expect(() => parsePullSource(text)).toThrow(expect.objectContaining({ code: 'BAD_INPUT', fix: expect.any(String) }));
  });
});

describe('reaching the source registry', () => {
  const record: Registry = {
    name: 'lab', kind: 'tls', hostPort: 'registry.xrcl.test:5443', host: 'registry.xrcl.test', port: 5443, address: '198.18.0.1',
    url: 'https://198.18.0.1:5443', caPem: 'CA', user: 'u', hasPassword: true, createdAt: '2026-01-01T00:00:00Z',
  };
  const directory: RegistryDirectory = { get: () => record, password: () => 'pw', records: () => [record] };

  it("uses a known registry's URL, CA and login, by its host:port or its URL's", () => {
    const expected = { url: 'https://198.18.0.1:5443', caPem: 'CA', user: 'u', password: 'pw' };
    expect(pullEndpoints(parsePullSource('docker://registry.xrcl.test:5443/a:1'), directory)).toEqual([expect.objectContaining(expected)]);
    expect(pullEndpoints(parsePullSource('docker://198.18.0.1:5443/a:1'), directory)).toEqual([expect.objectContaining(expected)]);
  });

  it('tries an unknown loopback registry over HTTPS then HTTP, any other over HTTPS only, with the CA given', () => {
    const urls = (text: string, ca?: string) => pullEndpoints(parsePullSource(text), directory, ca).map((e) => e.url);
    expect(urls('docker://127.0.0.1:5000/a:1')).toEqual(['https://127.0.0.1:5000', 'http://127.0.0.1:5000']);
    expect(urls('docker://localhost:5000/a:1')).toEqual(['https://localhost:5000', 'http://localhost:5000']);
    expect(urls('docker://10.0.0.1:5000/a:1')).toEqual(['https://10.0.0.1:5000']);
    expect(pullEndpoints(parsePullSource('docker://10.0.0.1:5000/a:1'), null, 'PEM')).toEqual([expect.objectContaining({ caPem: 'PEM' })]);
    expect(urls('docker://127.0.0.1:5443/a:1', 'PEM')).toEqual(['https://127.0.0.1:5443']);
  });
});
