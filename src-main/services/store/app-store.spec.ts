import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { openStoreSafely, valueIn, type KeyValueStore } from './app-store';

const factory = (options: ConstructorParameters<typeof Conf>[0]) => new Conf(options) as unknown as KeyValueStore;

describe('openStoreSafely (the real conf package)', () => {
  it('persists values across reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xrcl-store-'));
    const first = openStoreSafely(factory, dir);
    valueIn(first.store, 'wizard').set({ version: 1, currentStepId: 'prerequisites' });
    const second = openStoreSafely(factory, dir);
    expect(second.quarantinedTo).toBeNull();
    expect(valueIn(second.store, 'wizard').get()).toEqual({ version: 1, currentStepId: 'prerequisites' });
    expect(valueIn(second.store, 'settings').get()).toEqual({ theme: 'system', persistSecretsInWebHost: false });
  });

  it('keeps a file that is not JSON aside and starts fresh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xrcl-store-'));
    writeFileSync(join(dir, 'config.json'), '{"settings": {"theme": "da');
    const opened = openStoreSafely(factory, dir);
    expect(opened.quarantinedTo).not.toBeNull();
    expect(readFileSync(opened.quarantinedTo!, 'utf8')).toBe('{"settings": {"theme": "da');
    expect(valueIn(opened.store, 'settings').get()).toEqual({ theme: 'system', persistSecretsInWebHost: false });
  });

  it('keeps a file that breaks the schema aside and starts fresh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xrcl-store-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { theme: 'purple' } }));
    const opened = openStoreSafely(factory, dir);
    expect(opened.quarantinedTo).not.toBeNull();
    expect(readdirSync(dir).some((f) => f.startsWith('config.corrupt-'))).toBe(true);
    expect(valueIn(opened.store, 'settings').get()).toMatchObject({ theme: 'system' });
  });
});
