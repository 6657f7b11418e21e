import { AppError } from '../../../src-shared/errors';
import { themePreferences, type Settings, type ThemePreference } from '../../../src-shared/types/app';
import type { PersistentValue } from './app-store';

const THEMES: readonly ThemePreference[] = themePreferences;
export const defaultSettings: Settings = { theme: 'system', persistSecretsInWebHost: false };

export class SettingsService {
  constructor(
    private readonly value: PersistentValue<Partial<Settings>>,
    /** Runs before the change is saved; throwing refuses it and leaves the settings as they were. */
    private readonly onChange: (next: Settings, before: Settings) => void = () => undefined,
  ) {}

  get(): Settings {
    const stored = this.value.get() ?? {};
    return {
      theme: THEMES.includes(stored.theme as ThemePreference) ? (stored.theme as ThemePreference) : defaultSettings.theme,
      persistSecretsInWebHost: typeof stored.persistSecretsInWebHost === 'boolean' ? stored.persistSecretsInWebHost : false,
    };
  }

  update(patch: Partial<Settings>): Settings {
    if (typeof patch !== 'object' || patch === null) {
      throw new AppError('Settings must be an object.', { code: 'BAD_INPUT' });
    }
    if (patch.theme !== undefined && !THEMES.includes(patch.theme)) {
      throw new AppError(`Unknown theme "${String(patch.theme)}".`, { code: 'BAD_INPUT', fix: 'Choose system, light or dark.' });
    }
    if (patch.persistSecretsInWebHost !== undefined && typeof patch.persistSecretsInWebHost !== 'boolean') {
      throw new AppError('persistSecretsInWebHost must be true or false.', { code: 'BAD_INPUT' });
    }
    const before = this.get();
    const next = { ...before, ...pick(patch) };
    this.onChange(next, before);
    this.value.set(next);
    return next;
  }
}

function pick(patch: Partial<Settings>): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (patch.theme !== undefined) out.theme = patch.theme;
  if (patch.persistSecretsInWebHost !== undefined) out.persistSecretsInWebHost = patch.persistSecretsInWebHost;
  return out;
}

