import { test, expect } from '@playwright/test';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { startWebHost } from '../support/web-host-process';

// `npm start` on a machine where Electron's binary cannot be downloaded (npm install skips its
// download script): it tries once, says in one line why it could not, then serves the web host.
const electronInstalled = electronBinary() !== null;

test.skip(electronInstalled, 'the Electron binary is installed here, so npm start opens the desktop window');

test('npm start says in one line that Electron is missing and serves the app in the browser instead', async ({ page }) => {
  const host = await startWebHost({ script: 'scripts/start.mjs' });
  try {
    const lines = host.output().trim().split('\n');
    expect(lines[0]).toMatch(/^Fetching Electron's binary/);
    expect(lines[1]).toMatch(/^Electron could not be downloaded \(.+\), so XR Container Lab starts in your browser instead\.$/);
    expect(lines[2]).toMatch(/^XR Container Lab web host: http:\/\/127\.0\.0\.1:\d+\/#token=/);
    await page.goto(host.url);
    await expect(page.getByRole('radiogroup', { name: /router/i }).or(page.getByTestId('step-action')).first()).toBeVisible();
  } finally {
    await host.stop();
  }
});
