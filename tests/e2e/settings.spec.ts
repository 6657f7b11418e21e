import { test, expect } from './fixtures';

test('theme: light and dark are applied and kept across a reload; system follows the OS live', async ({ app, page }) => {
  await app.go('Settings');
  await app.settings.chooseTheme('Dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(app.settings.themeGroup.getByRole('radio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true');

  await app.settings.chooseTheme('System');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('the secrets opt-in explains itself and saves', async ({ app, page }) => {
  await app.go('Settings');
  const toggle = app.settings.persistSecrets;
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByText(/kept in memory only/).first()).toBeVisible();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await page.reload();
  await expect(app.settings.persistSecrets).toHaveAttribute('aria-checked', 'true');
  await app.settings.persistSecrets.click();
  await expect(app.settings.persistSecrets).toHaveAttribute('aria-checked', 'false');
});

test('app info shows the version and the data folder the host was started with', async ({ app, webHost }) => {
  await app.go('Settings');
  await expect(app.page.getByTestId('app-version')).toContainText(/\d+\.\d+\.\d+/);
  await expect(app.settings.dataDir).toHaveText(webHost.dataDir);
});

