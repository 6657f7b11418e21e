import { test, expect } from './fixtures';
import { RAIL_ITEMS } from './pages/app-shell';
import { ensurePrerequisitesRan, expectVisibleFocus, tabTo } from './helpers';

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

test('a skip link, first in the window and visible on focus, jumps past the rail to the page', async ({ app, page }) => {
  // A fresh window: nothing focused yet, so Tab starts from the top of the document.
  await page.reload();
  await expect(app.guide.step('prerequisites')).toBeVisible();
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).not.toBeInViewport();
  await page.keyboard.press('Tab');
  await expectVisibleFocus(skip);
  const box = await skip.boundingBox();
  expect(box, 'the focused skip link is on screen').not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Tab');
  await expect(app.railItem('Guide')).toBeFocused();

  await page.keyboard.press('Shift+Tab');
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.main).toBeFocused();
  await page.keyboard.press('Tab');
  const inMain = await app.main.evaluate((main) => main.contains(main.ownerDocument.activeElement) && main !== main.ownerDocument.activeElement);
  expect(inMain, 'the next Tab lands in the page, not the rail').toBe(true);
});

test('an open read-only log does not trap focus, ignores typed keys and scrolls with Page Up', async ({ app, page }) => {
  await ensurePrerequisitesRan(app);
  // Earlier tests may have cleared Activity or left short tasks there: the check of this
  // computer has a log long enough to scroll, so use (or make) one.
  await app.go('Activity');
  const checks = app.activity.card('Check this computer');
  if ((await checks.count()) === 0) {
    await app.go('Guide');
    await app.guide.expand('prerequisites');
    await app.guide.run('prerequisites');
    await app.go('Activity');
  }
  const card = checks.first();
  const log = await app.activity.showLog(card);
  const rows = log.locator('.xterm-rows > div');
  await expect(rows.first()).not.toBeEmpty();

  // Tab from the toggle: copy button, then into the log, then out of it.
  await card.getByRole('button', { name: /^Hide log/ }).focus();
  await page.keyboard.press('Tab');
  await expect(card.getByRole('button', { name: /^Copy/ })).toBeFocused();
  await page.keyboard.press('Tab');
  const focusInLog = () => log.evaluate((el) => el.contains(el.ownerDocument.activeElement));
  expect(await focusInLog()).toBe(true);
  // The frame shows that focus is inside.
  const outline = await log.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');

  // Keys typed there: nothing happens, the view stays where it is.
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  const top = await rows.first().innerText();
  await page.keyboard.type('abc');
  await page.keyboard.press('Enter');
  await expect(rows.first()).toHaveText(top);
  await page.keyboard.press('End');
  await expect(rows.first()).not.toHaveText(top);

  await page.keyboard.press('Tab');
  expect(await focusInLog(), 'Tab leaves the log').toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect(await focusInLog(), 'Shift+Tab comes back into it').toBe(true);
  await page.keyboard.press('Shift+Tab');
  await expect(card.getByRole('button', { name: /^Copy/ })).toBeFocused();
});

test('"Show log" buttons say which task they open', async ({ app }) => {
  await ensurePrerequisitesRan(app);
  await app.go('Activity');
  const card = app.activity.cards.first();
  const title = (await card.getByRole('heading', { level: 3 }).innerText()).trim();
  await expect(card.getByRole('button', { name: new RegExp(`^Show log of ${title}, started `) })).toBeVisible();
});

test('the "Remember passwords" switch toggles with Space again and again, keeping focus', async ({ app, page }) => {
  await app.go('Settings');
  const toggle = app.settings.persistSecrets;
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(toggle).toBeFocused();
  await expect(page.getByTestId('secrets-state')).toHaveText(/kept in memory only/);
});

test('at 1024 x 700 the window itself never scrolls; the page pane does', async ({ app, page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  for (const view of ['Settings', 'Guide', 'Activity'] as const) {
    await app.go(view);
    await app.main.hover();
    await page.mouse.wheel(0, 2_000);
    await app.main.evaluate((main) => main.ownerDocument.defaultView!.scrollTo(0, 500));
    await page.keyboard.press('End');
    const m = await app.main.evaluate((main) => {
      const doc = main.ownerDocument;
      return { top: doc.scrollingElement!.scrollTop, height: doc.scrollingElement!.scrollHeight, inner: doc.defaultView!.innerHeight };
    });
    expect(m.top, `${view}: window scrolled`).toBe(0);
    expect(m.height, `${view}: document taller than the window`).toBeLessThanOrEqual(m.inner);
  }
});
