// The real web host as a fixture: one per worker, on a free port, with XRCL_HOME pointing at a
// fresh temp folder, so every run starts from an empty data folder.
import { test as base } from '@playwright/test';
import { startWebHost, type WebHost } from '../support/web-host-process';
import { AppShell } from './pages/app-shell';

export { startWebHost, type WebHost };

export const test = base.extend<{ app: AppShell }, { webHost: WebHost }>({
  webHost: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const host = await startWebHost();
      await use(host);
      await host.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  app: async ({ page, webHost }, use) => {
    const app = new AppShell(page);
    await app.open(webHost.url);
    await use(app);
  },
});

export { expect } from '@playwright/test';
