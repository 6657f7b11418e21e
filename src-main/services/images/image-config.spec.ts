import { describe, expect, it } from 'vitest';
import { composeConfig, DEFAULT_PATH } from './image-config';
import type { ImageConfigJson } from './image-tarball-reader';

const base: ImageConfigJson = {
  architecture: 'amd64',
  os: 'linux',
  config: { Env: ['PATH=/bin', 'LANG=C'], Entrypoint: null, Cmd: ['sh'], Labels: { keep: 'yes' }, User: 'app' },
  rootfs: { type: 'layers', diff_ids: ['sha256:aa'] },
  history: [{ created_by: 'base' }],
};
const compose = (settings: Parameters<typeof composeConfig>[0]['settings'], b: ImageConfigJson | null = base, addedLayer = true) =>
  composeConfig({ base: b, settings, diffIds: ['sha256:aa', 'sha256:bb'], created: '2024-01-01T00:00:00Z', addedLayer, createdBy: 'test' });

describe('composeConfig', () => {
  it('replaces an inherited variable in place and appends new ones; keeps other settings', () => {
    const c = compose({ env: ['LANG=C.UTF-8', 'NEW=a b "c"; d'] });
    expect(c.config).toMatchObject({ Env: ['PATH=/bin', 'LANG=C.UTF-8', 'NEW=a b "c"; d'], Cmd: ['sh'], User: 'app', Labels: { keep: 'yes' } });
    expect(c.rootfs).toEqual({ type: 'layers', diff_ids: ['sha256:aa', 'sha256:bb'] });
    expect(c.history).toEqual([{ created_by: 'base' }, { created: '2024-01-01T00:00:00Z', created_by: 'test' }]);
  });

  it('drops the inherited CMD when a new ENTRYPOINT is set, as a Dockerfile does', () => {
    expect(compose({ entrypoint: ['/app'] }).config).toMatchObject({ Entrypoint: ['/app'], Cmd: null });
    expect(compose({ entrypoint: ['/app'], cmd: ['--x'] }).config).toMatchObject({ Entrypoint: ['/app'], Cmd: ['--x'] });
  });

  it('gives an image without a base the default PATH, and marks a settings-only build as an empty layer', () => {
    expect(compose({}, null).config!.Env).toEqual([DEFAULT_PATH]);
    expect(compose({}, base, false).history!.at(-1)).toMatchObject({ empty_layer: true });
  });

  it('refuses a relative working folder and a malformed variable', () => {
    expect(() => compose({ workdir: 'opt' })).toThrow(/not absolute/);
    expect(() => compose({ env: ['=x'] })).toThrow(/not a valid environment setting/);
    expect(() => compose({ env: ['A B=x'] })).toThrow(/not a valid environment setting/);
  });

  it('serialises the same settings to the same bytes', () => {
    const a = JSON.stringify(compose({ labels: { b: '2', a: '1' } }));
    const b = JSON.stringify(compose({ labels: { a: '1', b: '2' } }));
    expect(a).toBe(b);
  });
});
