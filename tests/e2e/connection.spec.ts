import type { IncomingMessage } from 'node:http';
import { WebSocketServer } from 'ws';
import { test, expect, startWebHost } from './fixtures';
import { AppShell } from './pages/app-shell';
import { waitFor } from '../support/wait-for';

const INTERNAL_CODES = /NO_TOKEN|NOT_CONNECTED|DISCONNECTED|INVALID_PARAMS/;

test('when the web host stops, the app says so, disables its actions, and stops retrying after a while', async ({ page }) => {
  const host = await startWebHost();
  const app = new AppShell(page);
  await app.open(host.url);
  await expect(app.guide.action('prerequisites')).toBeEnabled();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  await host.stop();

  const banner = page.getByTestId('connection-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Not connected to XR Container Lab');
  await expect(app.guide.action('prerequisites')).toBeDisabled();

  // A bounded number of attempts, then one clear instruction instead of retrying forever.
  await expect(banner).toHaveAttribute('data-state', 'gone', { timeout: 60_000 });
  await expect(banner).toContainText('The web host is not running. Start it again with npm run web');
  await expect(app.guide.action('prerequisites')).toBeDisabled();
  await expect(page.locator('body')).not.toContainText(INTERNAL_CODES);
});

test('a wrong or stale token is refused at once with one clear message, never "Retrying"', async ({ page }) => {
  const host = await startWebHost();
  try {
    // Record every banner text the page ever shows, from the first paint on.
    await page.addInitScript({
      content: `
        window.__bannerTexts = [];
        new MutationObserver(() => {
          const el = document.querySelector('[data-testid="connection-banner"]');
          if (el && el.textContent) window.__bannerTexts.push(el.textContent);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      `,
    });
    await page.goto(`${host.origin}/#token=${'A'.repeat(43)}`);
    const banner = page.getByTestId('connection-banner');
    await expect(banner).toHaveAttribute('data-state', 'refused');
    await expect(banner).toContainText('Open the address printed by the host again');
    const seen = await page.evaluate(() => (globalThis as unknown as { __bannerTexts: string[] }).__bannerTexts);
    expect(seen.join('\n')).toContain('Open the address printed by the host again');
    expect(seen.join('\n')).not.toContain('Retrying');
    await expect(page.locator('body')).not.toContainText(INTERNAL_CODES);
  } finally {
    await host.stop();
  }
});

test('after the host exits, a program that takes its port receives nothing it can use', async ({ page }) => {
  const host = await startWebHost();
  const token = new URLSearchParams(new URL(host.url).hash.slice(1)).get('token')!;
  const port = Number(new URL(host.url).port);
  const app = new AppShell(page);
  await app.open(host.url);
  await expect(app.guide.action('prerequisites')).toBeEnabled();
  await host.stop();

  // The impostor: takes the port, records everything, and answers the page as best it can.
  const received: string[] = [];
  const impostor = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise((resolve) => impostor.once('listening', resolve));
  try {
    impostor.on('connection', (ws, req: IncomingMessage) => {
      received.push(`${req.url} ${JSON.stringify(req.headers)}`);
      ws.on('message', (raw) => {
        const text = raw.toString();
        received.push(text);
        if (text.includes('"hello"')) ws.send(JSON.stringify({ t: 'challenge', proof: 'x'.repeat(43), nonce: 'y'.repeat(43) }));
      });
    });
    await waitFor(() => received.some((m) => m.includes('"hello"')), { timeoutMs: 30_000, what: 'the page to reconnect to the new listener' });

    const banner = page.getByTestId('connection-banner');
    await expect(banner).toHaveAttribute('data-state', 'refused');
    await expect(banner).toContainText('Open the address printed by the host again');
    await expect(app.guide.action('prerequisites')).toBeDisabled();

    const everything = received.join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(encodeURIComponent(token));
    // Not even a proof made with the token, which a relay could replay.
    expect(everything).not.toContain('"prove"');
  } finally {
    for (const ws of impostor.clients) ws.terminate();
    await new Promise((resolve) => impostor.close(resolve));
  }
});
