import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { parseImageReference } from './image-reference';

describe('parseImageReference', () => {
  it('reads names as docker-save writes them', () => {
    expect(parseImageReference('busybox').familiar).toBe('busybox:latest');
    expect(parseImageReference('docker.io/library/busybox:1.36').familiar).toBe('busybox:1.36');
    expect(parseImageReference('xrcl/app-one:v1.2_3').familiar).toBe('xrcl/app-one:v1.2_3');
    const r = parseImageReference('198.18.0.1:5000/team/app:dev');
    expect(r).toMatchObject({ domain: '198.18.0.1:5000', path: 'team/app', tag: 'dev', repository: '198.18.0.1:5000/team/app' });
    expect(parseImageReference('localhost/app').domain).toBe('localhost');
  });

  it.each([
    ['Repo:Tag', /lower case/],
    ['a;b', /lower-case letters/],
    ['app:bad;tag', /tag "bad;tag"/],
    ['app with space:1', /white space/],
    ["app:'q'", /tag/],
    ['app:-x', /tag/],
    ['app@sha256:' + 'a'.repeat(64), /digest/],
    ['', /empty/],
    ['a//b', /lower-case/],
  ])('refuses %j with a clear reason', (ref, why) => {
    let err: unknown;
    try {
      parseImageReference(ref);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_INPUT');
    expect((err as AppError).message).toMatch(why);
    expect((err as AppError).fix).toBeTruthy();
  });
});
