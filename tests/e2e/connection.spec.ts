import { test, expect, startWebHost } from './fixtures';
import { AppShell } from './pages/app-shell';

test('when the web host stops, the app says it is not connected and how to recover', async ({ page }) => {
  const host = await startWebHost();
  const app = new AppShell(page);
  await app.open(host.url);
  await expect(app.guide.step('prerequisites')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  await host.stop();
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Not connected to XR Container Lab');
});
