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

function bridgeUrl(): string {
  return `ws://${new URL(host.url).host}/bridge`;
}

const tokenOf = () => new URLSearchParams(new URL(host.url).hash.slice(1)).get('token')!;

/**
 * Opens a socket from inside the page and runs the handshake with `token` (null: a page that has
 * none answers junk); reports whether the host let it in.
 */
async function trySocket(page: import('@playwright/test').Page, url: string, token: string | null): Promise<'open' | 'refused'> {
  return page.evaluate(
    ({ target, token }) =>
      new Promise<'open' | 'refused'>((resolve) => {
        const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        const sign = async (label: string, nonce: string) => {
          const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(token ?? 'none'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
          return b64(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(label + nonce))));
        };
        const nonce = b64(crypto.getRandomValues(new Uint8Array(32)));
        const ws = new WebSocket(target);
        ws.onopen = () => ws.send(JSON.stringify({ t: 'hello', nonce }));
        ws.onmessage = async (ev) => {
          const msg = JSON.parse(String(ev.data));
          if (msg.t === 'challenge') ws.send(JSON.stringify({ t: 'prove', proof: await sign('xrcl-page-proof:', msg.nonce) }));
          if (msg.t === 'ready') {
            ws.close();
            resolve('open');
          }
        };
        ws.onclose = () => resolve('refused');
      }),
    { target: url, token },
  );
}

test('a page from another origin cannot use the bridge, even holding the token', async ({ page }) => {
  await page.goto(foreignOrigin);
  expect(await trySocket(page, bridgeUrl(), tokenOf())).toBe('refused');
});

test('the app page without the token is refused and says how to open it', async ({ page }) => {
  const u = new URL(host.url);
  await page.goto(`${u.origin}/`);
  expect(await trySocket(page, bridgeUrl(), null)).toBe('refused');
  expect(await trySocket(page, bridgeUrl(), 'wrong-token')).toBe('refused');
  await expect(page.getByText(/opened without its access token/i).first()).toBeVisible();
  // The banner says it in words; internal codes are never shown.
  await expect(page.locator('body')).not.toContainText(/NO_TOKEN|NOT_CONNECTED/);
  await expect(page.getByTestId('connection-banner')).toContainText('Open the address printed by the host again');
});

test('http://localhost:PORT/ serves the app too, and the token still decides', async ({ page }) => {
  const u = new URL(host.url);
  await page.goto(`http://localhost:${u.port}/#token=${tokenOf()}`);
  await expect(page.getByTestId('step-action').first()).toBeEnabled();
  expect(await trySocket(page, `ws://localhost:${u.port}/bridge`, tokenOf())).toBe('open');
  expect(await trySocket(page, `ws://localhost:${u.port}/bridge`, 'wrong-token')).toBe('refused');
});

test('the app page with the token connects', async ({ page }) => {
  await page.goto(host.url);
  expect(await trySocket(page, bridgeUrl(), tokenOf())).toBe('open');
  // The token leaves the address bar once read.
  await expect.poll(() => page.url()).not.toContain('token=');
});
