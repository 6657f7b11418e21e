import { test, expect } from './fixtures';
import { RAIL_ITEMS } from './pages/app-shell';

test('opens on the Guide with the rail and the browser-mode badge', async ({ app, page }) => {
  await expect(page).toHaveTitle('XR Container Lab');
  await expect(page.getByRole('banner').getByText('XR Container Lab')).toBeVisible();
  await expect(app.railItem('Guide')).toHaveAttribute('aria-current', 'page');
  for (const name of RAIL_ITEMS) await expect(app.railItem(name)).toBeVisible();
  await expect(app.guide.step('prerequisites')).toBeVisible();
});

test('every rail entry opens its screen and marks itself current', async ({ app }) => {
  for (const name of RAIL_ITEMS) {
    await app.go(name);
    for (const other of RAIL_ITEMS.filter((n) => n !== name)) {
      await expect(app.railItem(other)).not.toHaveAttribute('aria-current', 'page');
    }
  }
});

test('the renderer is served under a strict Content-Security-Policy with no inline script', async ({ page, webHost }) => {
  const res = await page.request.get(webHost.origin + '/');
  const html = await res.text();
  expect(html).toContain("script-src 'self'");
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
});
