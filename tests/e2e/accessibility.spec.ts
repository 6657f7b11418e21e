import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import { axe, ensurePrerequisitesRan } from './helpers';
import type { AppShell } from './pages/app-shell';

async function setTheme(app: AppShell, theme: 'Light' | 'Dark'): Promise<void> {
  await app.go('Settings');
  await app.settings.chooseTheme(theme);
  await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
}

/** Opens every collapsed log, output and details toggle in `scope` and waits until each shows. */
async function openEverything(scope: Locator): Promise<void> {
  const toggles = scope.locator('button[aria-expanded="false"]');
  for (let n = await toggles.count(); n > 0; n = await toggles.count()) {
    await toggles.first().click();
    await expect(toggles).toHaveCount(n - 1);
  }
  const logs = scope.getByRole('log');
  for (const log of await logs.all()) await expect(log).toBeVisible();
}

for (const theme of ['Light', 'Dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test(`Guide, Activity, Images and Settings have no axe violations`, async ({ app, page }) => {
      await ensurePrerequisitesRan(app);
      await setTheme(app, theme);

      await app.go('Guide');
      await expect(app.guide.checkRows().first()).toBeVisible();
      // With every part open: the output terminal and each check's details (commands, output).
      await app.guide.showOutput('prerequisites');
      await openEverything(app.guide.step('prerequisites'));
      await expect(app.guide.step('prerequisites').getByRole('button', { name: /^Details/, expanded: false })).toHaveCount(0);
      await axe(page, `Guide (${theme})`);

      await app.go('Activity');
      await expect(app.activity.cards.first()).toBeVisible();
      await openEverything(app.main);
      await expect(app.main.getByRole('button', { name: /^Show log/ })).toHaveCount(0);
      await axe(page, `Activity (${theme})`);

      await app.go('Images');
      await axe(page, `Images (${theme})`);

      await app.go('Settings');
      await axe(page, `Settings (${theme})`);

      await app.settings.chooseTheme('System');
    });
  });
}
