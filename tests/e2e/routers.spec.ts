import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { RoutersPage } from './pages/routers-page';

const PASSWORD = `s3cret 'with" quotes;$(x)`;

test('routers: add, keep across a reload, edit and remove; the password never lands in the settings file', async ({ app, page, webHost }) => {
  const routers = new RoutersPage(page);
  await app.go('Routers');
  await expect(page.getByText('No routers yet')).toBeVisible();

  await routers.add({ name: 'devbox', platform: 'devbox', host: '198.18.0.20', user: 'vagrant', password: 'vagrant' });
  await routers.add({ name: 'ncs5508', platform: 'ncs5500', host: '198.18.0.10', user: 'root', password: PASSWORD, jump: 'devbox' });
  const card = routers.card('ncs5508');
  await expect(card).toContainText('198.18.0.10');
  await expect(card).toContainText('through devbox');
  await expect(card).toContainText('root · port 22');
  await expect(card).toContainText('not set up yet');

  await page.reload();
  await app.go('Routers');
  await expect(routers.card('ncs5508')).toBeVisible();
  expect(readFileSync(join(webHost.dataDir, 'config.json'), 'utf8')).not.toContain('with" quotes');

  await routers.card('ncs5508').getByRole('button', { name: 'Edit ncs5508' }).click();
  await routers.fill({ host: '198.18.0.11' });
  await routers.dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(routers.dialog).toBeHidden();
  await expect(routers.card('ncs5508')).toContainText('198.18.0.11');

  // The devbox is ncs5508's jump host: removing it is refused with the reason.
  await routers.card('devbox').getByRole('button', { name: 'Remove devbox' }).click();
  await routers.card('devbox').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not remove it' })).toContainText('"devbox" is the jump host of ncs5508');
  await expect(routers.card('devbox')).toBeVisible();

  await routers.card('ncs5508').getByRole('button', { name: 'Remove ncs5508' }).click();
  await routers.card('ncs5508').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(routers.card('ncs5508')).toBeHidden();
});

test('routers: a hostile address is refused in the form with the fix, and nothing is added', async ({ app, page }) => {
  const routers = new RoutersPage(page);
  await app.go('Routers');
  await page.getByRole('button', { name: 'Add router' }).first().click();
  await routers.fill({ name: 'bad', host: '$(reboot)', user: 'root' });
  await routers.dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(routers.dialog.getByRole('alert')).toContainText('is not an IP address or host name');
  await expect(routers.dialog.getByRole('alert')).toContainText("router's management address");
  // Focus stays in the dialog, on the button that submitted, so Tab and Escape still work there.
  await expect(routers.dialog.getByRole('button', { name: 'Add', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(routers.dialog).toBeHidden();
  await expect(routers.card('bad')).toHaveCount(0);
});
