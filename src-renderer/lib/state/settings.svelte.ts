// Settings and app info, plus the theme applied to <html data-theme>.
import { api } from '../bridge/api';
import { asEnvelope, isConnectionError } from '../errors';
import { notices } from './notices.svelte';
import type { ErrorEnvelope } from '../../../src-shared/errors';
import type { AppInfo, Settings, ThemePreference } from '../../../src-shared/types/app';

const THEME_CACHE = 'xrcl.theme';
const darkQuery = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

function cachedTheme(): ThemePreference {
  const v = localStorage.getItem(THEME_CACHE);
  return v === 'light' || v === 'dark' || v === 'system' ? v : 'system';
}

class SettingsStore {
  settings = $state<Settings | null>(null);
  info = $state<AppInfo | null>(null);
  error = $state<ErrorEnvelope | null>(null);
  saving = $state(false);
  /** The preference before settings arrive: cached locally so the first paint has the right theme. */
  theme = $state<ThemePreference>(cachedTheme());
  systemDark = $state(darkQuery().matches);
  effectiveTheme = $derived<'light' | 'dark'>(
    this.theme === 'system' ? (this.systemDark ? 'dark' : 'light') : this.theme,
  );
  isWeb = $derived(this.info?.shell === 'web');

  private started = false;

  /** Applies the cached theme at once and follows the OS while the preference is 'system'. */
  applyEarly(): void {
    this.paint();
    darkQuery().addEventListener('change', (e) => {
      this.systemDark = e.matches;
      this.paint();
    });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const [settings, info] = await Promise.all([api.call('settings.get'), api.call('app.info')]);
      this.settings = settings;
      this.info = info;
      this.setTheme(settings.theme);
      this.error = null;
    } catch (err) {
      // The connection banner covers a bridge that is down; the reconnect reloads this.
      if (isConnectionError(err)) return;
      this.error = asEnvelope(err);
    }
  }

  async update(patch: Partial<Settings>): Promise<void> {
    const before = this.settings;
    if (before) this.settings = { ...before, ...patch };
    if (patch.theme) this.setTheme(patch.theme);
    this.saving = true;
    try {
      this.settings = await api.call('settings.update', patch);
      this.setTheme(this.settings.theme);
      // secretsPersistent lives in app info; read it again after the opt-in changes.
      if (patch.persistSecretsInWebHost !== undefined) this.info = await api.call('app.info');
    } catch (err) {
      this.settings = before;
      if (before) this.setTheme(before.theme);
      const e = asEnvelope(err);
      notices.add({
        id: `local:settings:${Date.now()}`,
        level: 'error',
        title: 'Settings were not saved',
        message: e.fix ? `${e.message} ${e.fix}` : e.message,
        at: new Date().toISOString(),
      });
    } finally {
      this.saving = false;
    }
  }

  private setTheme(t: ThemePreference): void {
    this.theme = t;
    localStorage.setItem(THEME_CACHE, t);
    this.paint();
  }

  private paint(): void {
    document.documentElement.dataset.theme = this.effectiveTheme;
  }
}

export const settings = new SettingsStore();
