import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ensurePrerequisitesRan } from './helpers';
import type { AppShell } from './pages/app-shell';

async function axe(page: Page, label: string): Promise<void> {
  // @axe-core/playwright is typed against a newer playwright-core than @playwright/test's Page.
  const options = { page } as unknown as ConstructorParameters<typeof AxeBuilder>[0];
  const results = await new AxeBuilder(options).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const report = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  }));
  expect(report, `axe violations on ${label}`).toEqual([]);
}

async function setTheme(app: AppShell, theme: 'Light' | 'Dark'): Promise<void> {
  await app.go('Settings');
  await app.settings.chooseTheme(theme);
  await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
}

for (const theme of ['Light', 'Dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test(`Guide, Activity and Settings have no axe violations`, async ({ app, page }) => {
      await ensurePrerequisitesRan(app);
      await setTheme(app, theme);

      await app.go('Guide');
      await expect(app.guide.checkRows().first()).toBeVisible();
      // Include the open parts: the output terminal and a check's measurement details.
      await app.guide.showOutput('prerequisites');
      await app.guide.checkRows().first().getByRole('button', { name: /how it was measured/ }).click();
      await axe(page, `Guide (${theme})`);

      await app.go('Activity');
      const card = app.activity.cards.first();
      await expect(card).toBeVisible();
      await app.activity.showLog(card);
      await axe(page, `Activity (${theme})`);

      await app.go('Settings');
      await axe(page, `Settings (${theme})`);

      await app.settings.chooseTheme('System');
    });
  });
}
