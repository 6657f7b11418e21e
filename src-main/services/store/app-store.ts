import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** The part of electron-store / conf the app uses, so both stand behind one interface. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  readonly path: string;
}

/** One persisted value (the wizard state, the settings) without knowing where it lives. */
export interface PersistentValue<T> {
  get(): T | undefined;
  set(value: T): void;
}

export function valueIn<T>(store: KeyValueStore, key: string): PersistentValue<T> {
  return {
    get: () => store.get(key) as T | undefined,
    set: (value) => store.set(key, value),
  };
}

export const STORE_NAME = 'config';

/** Same schema for electron-store (desktop) and conf (web host). */
export const storeSchema = {
  settings: {
    type: 'object',
    properties: {
      theme: { type: 'string', enum: ['system', 'light', 'dark'] },
      persistSecretsInWebHost: { type: 'boolean' },
    },
    additionalProperties: true,
  },
  wizard: { type: 'object' },
  targets: { type: 'object' },
  registries: { type: 'object' },
  vagrant: { type: 'object' },
  vagrantGuide: { type: 'object' },
  imageGuide: { type: 'object' },
  secrets: { type: 'object', additionalProperties: { type: 'string' } },
} as const;

export const storeDefaults = {
  settings: { theme: 'system', persistSecretsInWebHost: false },
} as const;

export interface StoreOptions {
  cwd: string;
  configName: string;
  schema: typeof storeSchema;
  defaults: typeof storeDefaults;
  clearInvalidConfig: false;
}

export type StoreFactory = (options: StoreOptions) => KeyValueStore;

export interface OpenedStore {
  store: KeyValueStore;
  /** Where a corrupted file was kept aside, if it was. */
  quarantinedTo: string | null;
}

/**
 * Opens the settings store; a file that is not valid JSON or breaks the schema is renamed aside
 * (never deleted) and a fresh store is opened, so a bad file never stops the app.
 */
export function openStoreSafely(factory: StoreFactory, cwd: string, now: () => Date = () => new Date()): OpenedStore {
  const options: StoreOptions = {
    cwd,
    configName: STORE_NAME,
    schema: storeSchema,
    defaults: storeDefaults,
    clearInvalidConfig: false,
  };
  const file = join(cwd, `${STORE_NAME}.json`);
  let quarantinedTo: string | null = null;
  const quarantine = () => {
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const aside = join(cwd, `${STORE_NAME}.corrupt-${stamp}.json`);
    renameSync(file, aside);
    quarantinedTo = aside;
  };

  if (existsSync(file) && !isParsableJson(file)) quarantine();
  try {
    return { store: factory(options), quarantinedTo };
  } catch (err) {
    if (!existsSync(file) || quarantinedTo) throw err;
    quarantine();
    return { store: factory(options), quarantinedTo };
  }
}

function isParsableJson(file: string): boolean {
  try {
    const text = readFileSync(file, 'utf8');
    if (text.trim() === '') return true;
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
