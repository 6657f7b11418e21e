// A live XR CLI terminal in the browser: typed keys reach the router (the emulated XR CLI over
// real SSH), its answers are drawn, and Esc then Tab leaves the terminal.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Api } from '../../src-shared/contract';
import { test, expect } from './fixtures';
import { RoutersPage } from './pages/routers-page';
import { startXrCli, type XrCliServer } from '../lab/xr-cli/xr-cli-server';

let dir: string;
let server: XrCliServer;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xrcl-e2e-xrcli-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host')]);
  server = await startXrCli({
    listen: { host: '127.0.0.1', port: 0 },
    hostKeys: [readFileSync(join(dir, 'host'), 'utf8')],
    platform: 'ncs5500',
    hostname: 'ncs5508',
    authenticate: (u, p) => u === 'root' && p === 'lab pass',
    stateFile: join(dir, 'state', 'xr-config.json'),
    shell: { file: '/bin/sh', args: ['-i'], env: { PATH: '/usr/bin:/bin', HOME: dir }, cwd: dir },
  });
});
test.afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an XR CLI terminal: show version typed in the browser answers from the router', async ({ app, page }) => {
  const routers = new RoutersPage(page);
  await app.go('Routers');
  await routers.add({ name: 'ncs-term', platform: 'ncs5500', host: '127.0.0.1', cliPort: String(server.port), user: 'root', password: 'lab pass' });
  const card = routers.card('ncs-term');
  await card.getByRole('button', { name: 'Test connection to ncs-term' }).click();
  await card.getByRole('button', { name: 'Trust these keys and log in' }).click();
  await expect(card.getByTestId('connection-test-ncs-term')).toContainText('login works as root');

  await card.getByRole('button', { name: 'Open an XR CLI terminal on ncs-term' }).click();
  const tab = page.getByRole('tab', { name: 'ncs-term XR CLI' });
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const screen = page.getByRole('tabpanel').locator('.xterm-rows');
  await expect(screen).toContainText('RP/0/RP0/CPU0:ncs5508#');

  await page.getByRole('tabpanel').locator('.xterm').click();
  await page.keyboard.type('show version');
  await page.keyboard.press('Enter');
  await expect(screen).toContainText('Cisco IOS XR Software');
  // The whole session is kept on the main side too (a view opened later shows it all).
  const history = await page.evaluate(async () => {
    const api = (globalThis as unknown as { api: Api }).api;
    const [s] = await api.call('sessions.list');
    return s ? (await api.call('sessions.history', { id: s.id })).text : '';
  });
  expect(history).toContain('show version');
  expect(history).toContain('Cisco IOS XR Software');

  // Tab stays in the terminal; Esc then Tab leaves it.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tabpanel').locator('textarea')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tabpanel').locator('textarea')).not.toBeFocused();

  await page.getByRole('button', { name: 'Close terminal ncs-term XR CLI' }).click();
  await expect(tab).toHaveCount(0);
  await card.getByRole('button', { name: 'Remove ncs-term' }).click();
  await card.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(card).toBeHidden();
});
