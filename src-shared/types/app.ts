export const themePreferences = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof themePreferences)[number];

export interface Settings {
  theme: ThemePreference;
  /** Web host only: keep secrets across restarts (encrypted with a key file readable by the owner only). */
  persistSecretsInWebHost: boolean;
}

export type NoticeLevel = 'info' | 'warning' | 'error';

/** Something the user should read once: a reset settings file, a missing Electron binary. */
export interface Notice {
  id: string;
  level: NoticeLevel;
  title: string;
  message: string;
  at: string;
}

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' for the desktop app, 'web' for the web host, 'cli' for xrcl. */
  shell: 'electron' | 'web' | 'cli';
  platform: string;
  arch: string;
  dataDir: string;
  secretsPersistent: boolean;
}
