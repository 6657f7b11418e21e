import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApi } from '../../../tests/support/fake-api';
import { AppError } from '../../../src-shared/errors';
import type { ImageGuideView } from '../../../src-shared/types/image-guide';

let api: FakeApi;
let ImageGuideForm: typeof import('./image-guide-form.svelte').ImageGuideForm;

const view = (choices: ImageGuideView['choices'] = {}): ImageGuideView => ({
  choices,
  defaults: { insecurePort: 5000, tlsPort: 5443, hubImage: 'busybox:latest' },
  registries: { insecure: null, tls: null, existing: null },
});

beforeEach(async () => {
  vi.resetModules();
  api = new FakeApi();
  window.api = api;
  ({ ImageGuideForm } = await import('./image-guide-form.svelte'));
});

describe("the Guide's image choices form", () => {
  it('sends only the fields the user filled, since the contract refuses empty ones', async () => {
    api.answer('imageGuide.choose', (c) => view(c));
    const form = new ImageGuideForm();
    expect(await form.save({ source: '/home/me/app.tar', as: '', port: Number.NaN })).toBe(true);
    expect(api.calls).toEqual([{ name: 'imageGuide.choose', params: { source: '/home/me/app.tar' } }]);
    expect(form.saved).toBe(true);
    // Nothing filled: nothing sent.
    expect(await form.save({ as: '' })).toBe(true);
    expect(api.calls).toHaveLength(1);
  });

  it('shows the main side\'s refusal with its fix and keeps what was saved before', async () => {
    api.answer('imageGuide.get', () => view({ source: '/home/me/app.tar' }));
    const form = new ImageGuideForm();
    await form.load();
    api.answer('imageGuide.choose', () => {
      throw new AppError('"relative.tar" is not a full path to an image tarball.', { code: 'BAD_INPUT', fix: 'Give the full path of a docker-save or OCI tarball.' });
    });
    expect(await form.save({ source: 'relative.tar' })).toBe(false);
    expect(form.error).toMatchObject({ code: 'BAD_INPUT', fix: 'Give the full path of a docker-save or OCI tarball.' });
    expect(form.saved).toBe(false);
    expect(form.view?.choices.source).toBe('/home/me/app.tar');
  });
});
