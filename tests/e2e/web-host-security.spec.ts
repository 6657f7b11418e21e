import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startWebHost, type RunningWebHost } from '../support/web-host-process';

// The web host drives routers; no other page on this computer may use it. These run in the
// real browser so that Origin headers are the ones Chromium sends, not ones a test forged.

let host: RunningWebHost;
let foreign: Server;
let foreignOrigin: string;

test.beforeAll(async () => {
  host = await startWebHost();
  foreign = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>Some other local page</title>');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await host?.stop();
  await new Promise((resolve) => foreign?.close(resolve));
});

function bridgeUrl(token: string | null): string {
  const u = new URL(host.url);
  return `ws://${u.host}/bridge${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

const tokenOf = () => new URLSearchParams(new URL(host.url).hash.slice(1)).get('token')!;

/** Opens a socket from inside the page and reports whether it ever opened. */
async function trySocket(page: import('@playwright/test').Page, url: string): Promise<'open' | 'refused'> {
  return page.evaluate(
    (target) =>
      new Promise<'open' | 'refused'>((resolve) => {
        const ws = new WebSocket(target);
        ws.onopen = () => {
          ws.close();
          resolve('open');
        };
        ws.onerror = () => resolve('refused');
      }),
    url,
  );
}

test('a page from another origin cannot use the bridge, even holding the token', async ({ page }) => {
  await page.goto(foreignOrigin);
  expect(await trySocket(page, bridgeUrl(tokenOf()))).toBe('refused');
});

test('the app page without the token is refused and says how to open it', async ({ page }) => {
  const u = new URL(host.url);
  await page.goto(`${u.origin}/`);
  expect(await trySocket(page, bridgeUrl(null))).toBe('refused');
  expect(await trySocket(page, bridgeUrl('wrong-token'))).toBe('refused');
  await expect(page.getByText(/opened without its access token/i).first()).toBeVisible();
});

test('the app page with the token connects', async ({ page }) => {
  await page.goto(host.url);
  expect(await trySocket(page, bridgeUrl(tokenOf()))).toBe('open');
  // The token leaves the address bar once read.
  await expect.poll(() => page.url()).not.toContain('token=');
});
