import { test, expect } from './fixtures';
import { RAIL_ITEMS } from './pages/app-shell';
import { expectVisibleFocus, tabTo } from './helpers';

test('every rail entry is reachable by Tab, shows its focus, and opens with Enter', async ({ app, page }) => {
  await app.go('Guide');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await tabTo(page, app.railItem('Guide'));
  await expectVisibleFocus(app.railItem('Guide'));
  for (const name of RAIL_ITEMS.slice(1)) {
    await page.keyboard.press('Tab');
    await expectVisibleFocus(app.railItem(name));
  }
  await page.keyboard.press('Enter');
  await expect(app.railItem('Settings')).toHaveAttribute('aria-current', 'page');
  await expect(app.main.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await app.railItem('Activity').focus();
  await page.keyboard.press('Space');
  await expect(app.railItem('Activity')).toHaveAttribute('aria-current', 'page');
});

test("the step's primary action is reachable by Tab with a visible focus ring", async ({ app, page }) => {
  await app.go('Guide');
  const action = app.guide.action('prerequisites');
  await expect(action).toBeEnabled({ timeout: 90_000 });
  await app.railItem('Guide').focus();
  await tabTo(page, action);
  await expectVisibleFocus(action);
});

test('the theme is chosen with the arrow keys', async ({ app, page }) => {
  await app.go('Settings');
  const group = app.settings.themeGroup;
  await group.getByRole('radio', { name: 'Light' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.keyboard.press('ArrowRight');
  await expect(group.getByRole('radio', { name: 'Dark' })).toBeFocused();
  await expect(group.getByRole('radio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.settings.chooseTheme('System');
});
