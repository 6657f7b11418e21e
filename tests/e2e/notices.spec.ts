import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, startWebHost } from './fixtures';
import { AppShell } from './pages/app-shell';

test('a corrupted settings file is kept aside and reset, with a notice the user can dismiss', async ({ page }) => {
  const host = await startWebHost({
    prepare: (dir) => writeFileSync(join(dir, 'config.json'), '{"settings": {"theme": "dark",,,'),
  });
  try {
    const app = new AppShell(page);
    await app.open(host.url);
    const notice = page.getByTestId('notice').filter({ hasText: 'kept aside' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('config.corrupt-');
    // The app still works: the guide loads with fresh settings.
    await expect(app.guide.step('prerequisites')).toBeVisible();

    await notice.getByRole('button', { name: /Dismiss notice/ }).click();
    await expect(notice).toHaveCount(0);
    await page.reload();
    await expect(app.rail).toBeVisible();
    await expect(app.guide.step('prerequisites')).toBeVisible();
    await expect(page.getByTestId('notice').filter({ hasText: 'kept aside' })).toHaveCount(0);
  } finally {
    await host.stop();
  }
});
