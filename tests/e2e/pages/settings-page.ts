import { expect, type Locator, type Page } from '@playwright/test';

export type ThemeChoice = 'System' | 'Light' | 'Dark';

/** Settings: theme, secrets opt-in, app info. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  get themeGroup(): Locator {
    return this.page.getByRole('radiogroup', { name: 'Theme' });
  }

  async chooseTheme(choice: ThemeChoice): Promise<void> {
    const radio = this.themeGroup.getByRole('radio', { name: choice });
    await radio.click();
    await expect(radio).toHaveAttribute('aria-checked', 'true');
  }

  get persistSecrets(): Locator {
    return this.page.getByRole('switch', { name: /Remember passwords/ });
  }

  get dataDir(): Locator {
    return this.page.getByTestId('data-dir');
  }
}
