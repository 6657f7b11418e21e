import { createRequire } from 'node:module';
import { test, expect } from '@playwright/test';
import { startWebHost } from '../support/web-host-process';

// `npm start` on a machine without the Electron binary: one line saying so, then the web host.
const electronInstalled = (() => {
  try {
    createRequire(import.meta.url)('electron');
    return true;
  } catch {
    return false;
  }
})();

test.skip(electronInstalled, 'the Electron binary is installed here, so npm start opens the desktop window');

test('npm start says in one line that Electron is missing and serves the app in the browser instead', async ({ page }) => {
  const host = await startWebHost({ script: 'scripts/start.mjs' });
  try {
    const lines = host.output().trim().split('\n');
    expect(lines[0]).toMatch(/^Electron is not installed on this computer .* starts in your browser instead\.$/);
    expect(lines[1]).toMatch(/^XR Container Lab web host: http:\/\/127\.0\.0\.1:\d+\/#token=/);
    await page.goto(host.url);
    await expect(page.getByRole('button', { name: 'Run checks' })).toBeVisible();
  } finally {
    await host.stop();
  }
});
