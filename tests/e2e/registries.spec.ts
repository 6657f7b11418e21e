// The Registries page against the real services: a registry created from the page (the real
// Distribution program), a tarball pushed with live progress, the tag seen and deleted, the
// registry stopped, started and removed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { expectVisibleFocus, tabTo } from './helpers';
import { RegistriesPage } from './pages/registries-page';
import { testImageProblem, writeBusyboxImage } from '../lab/test-images';
import { freePort } from '../support/free-port';

const hasRegistry = spawnSync('sh', ['-c', 'command -v docker-registry || command -v registry'], { stdio: 'ignore' }).status === 0;
const skip = !hasRegistry ? 'the Distribution registry is not installed' : testImageProblem();


test.describe('Registries page', () => {
  test.skip(skip !== null, skip ?? '');
  // Made in beforeAll: Playwright also loads this file to list the tests, in another process.
  let tmp = '';
  const name = `rc-e2e-${randomBytes(3).toString('hex')}`;
  let dataDir = '';

  test.beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'xrcl-rc-e2e-'));
  });

  test.afterAll(() => {
    // A registry the test left running (a failed assertion) is stopped by its pid file.
    try {
      const folder = join(dataDir, 'registries');
      for (const r of readdirSync(folder)) {
        const { pid } = JSON.parse(readFileSync(join(folder, r, 'registry.pid'), 'utf8')) as { pid: number };
        process.kill(pid, 'SIGTERM');
      }
    } catch {
      /* nothing left running */
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('creates an insecure registry, pushes a tarball, shows the tag and deletes it', async ({ app, page, webHost }) => {
    dataDir = webHost.dataDir;
    const registries = new RegistriesPage(page);
    const tarball = writeBusyboxImage(join(tmp, 'busybox.tar'), 'rc/busybox:1').file;
    await app.go('Registries');
    await expect(app.main.getByText('No registries yet')).toBeVisible();

    const port = await freePort();
    await registries.create({ name, port, address: '127.0.0.1' });
    const card = registries.card(name);
    await expect(card.getByText('Running', { exact: true })).toBeVisible();
    await expect(card.getByText(`127.0.0.1:${port}/REPO:TAG`)).toBeVisible();

    await registries.pushTarball(name, tarball, 'rc/e2e:1');
    const status = registries.dialog.getByRole('status').filter({ hasText: 'Pushed' });
    await expect(status).toContainText('rc/e2e:1');
    await expect(status).toContainText('2 blobs sent');
    await expect(registries.dialog.getByRole('progressbar', { name: 'Push progress' })).toHaveAttribute('aria-valuenow', '100');
    // Per blob: what was sent.
    await registries.dialog.getByRole('button', { name: /Show blobs/ }).click();
    await expect(registries.dialog.getByText(/: sending \d+ bytes/).first()).toBeVisible();
    // Pushed again: the registry holds both blobs, and the dialog reports this push, not the last.
    await registries.dialog.getByRole('button', { name: 'Push again', exact: true }).click();
    await expect(status).toContainText('0 blobs sent');
    await expect(status).toContainText('2 already there');
    await registries.dialog.getByRole('button', { name: 'Done', exact: true }).click();

    const row = registries.tagRow(name, 'rc/e2e:1');
    await expect(row).toBeVisible();
    await expect(row).toContainText('2.1 MB');
    // @axe-core/playwright is typed against a newer playwright-core than @playwright/test's Page.
    const options = { page } as unknown as ConstructorParameters<typeof AxeBuilder>[0];
    const axe = await new AxeBuilder(options).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await row.getByRole('button', { name: 'Delete rc/e2e:1' }).click();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(row).toBeHidden();
    await expect(card.getByText('No images yet: push one.')).toBeVisible();

    // The same registry, added as an existing one: checked on /v2/ before it is kept; a closed
    // port is refused with the fix.
    const closed = await freePort();
    await registries.addExisting({ name: `${name}-x`, url: `http://127.0.0.1:${closed}` });
    await expect(registries.dialog.getByRole('alert')).toContainText('REGISTRY_UNREACHABLE');
    await registries.dialog.getByLabel('URL').fill(`http://127.0.0.1:${port}`);
    await registries.dialog.getByRole('button', { name: 'Check and add' }).click();
    await expect(registries.dialog).toBeHidden();
    const existing = registries.card(`${name}-x`);
    await expect(existing.getByText('Existing', { exact: true })).toBeVisible();
    await existing.getByRole('button', { name: `Remove ${name}-x` }).click();
    await existing.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(existing).toBeHidden();

    await card.getByRole('button', { name: `Stop ${name}` }).click();
    await expect(card.getByText('Stopped', { exact: true })).toBeVisible();
    await card.getByRole('button', { name: `Start ${name}` }).click();
    await expect(card.getByText('Running', { exact: true })).toBeVisible();

    await card.getByRole('button', { name: `Remove ${name}` }).click();
    await card.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(app.main.getByText('No registries yet')).toBeVisible();
  });

  test('a port in use is refused in the dialog, naming who holds it', async ({ app, page }) => {
    const registries = new RegistriesPage(page);
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      await app.go('Registries');
      await page.getByRole('button', { name: 'New registry' }).first().click();
      const d = registries.dialog;
      await d.getByLabel('Name', { exact: true }).fill(`${name}-busy`);
      await d.getByLabel('Port').fill(String(port));
      await d.getByLabel('Address the router uses').selectOption('127.0.0.1');
      await d.getByRole('button', { name: 'Create and start' }).click();
      const alert = d.getByRole('alert');
      await expect(alert).toContainText(`Port ${port} on 127.0.0.1 is in use by process ${process.pid}`);
      await expect(alert).toContainText('PORT_IN_USE');
    } finally {
      server.close();
    }
  });

  test('the create dialog is driven from the keyboard: Tab to it, Enter opens, the kind by arrow keys, Escape closes', async ({ app, page }) => {
    await app.go('Registries');
    const create = app.main.getByRole('button', { name: 'New registry' }).first();
    await app.railItem('Registries').focus();
    await tabTo(page, create);
    await expectVisibleFocus(create);
    await page.keyboard.press('Enter');
    const d = new RegistriesPage(page).dialog;
    await expect(d).toBeVisible();
    const insecure = d.getByLabel(/Insecure \(plain HTTP\)/);
    await insecure.focus();
    await page.keyboard.press('ArrowRight');
    await expect(d.getByLabel(/TLS, certificate made here/)).toBeChecked();
    await expect(d.getByLabel(/Host name in the certificate/)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(d).toBeHidden();
    await expect(create).toBeFocused();
  });

  test('pushes an image from the local Docker engine, offered by name', async ({ app, page }) => {
    test.skip(spawnSync('docker', ['version'], { stdio: 'ignore' }).status !== 0, 'needs a Docker engine');
    const tag = `rc-e2e/engine-${randomBytes(3).toString('hex')}:1`;
    const image = writeBusyboxImage(join(tmp, 'engine.tar'), tag, 'from the engine');
    expect(spawnSync('docker', ['load', '-i', image.file]).status).toBe(0);
    const registries = new RegistriesPage(page);
    const reg = `${name}-eng`;
    try {
      await app.go('Registries');
      await registries.create({ name: reg, port: await freePort(), address: '127.0.0.1' });
      await page.getByRole('button', { name: `Push an image to ${reg}` }).click();
      const d = registries.dialog;
      await d.getByLabel('An image in the local Docker engine').check();
      await expect(d.getByText(/\d+ images? in the local engine/)).toBeVisible();
      await expect(d.locator(`datalist option[value="${tag}"]`)).toHaveCount(1);
      await d.getByLabel('Image', { exact: true }).fill(tag);
      await d.getByRole('button', { name: 'Push', exact: true }).click();
      await expect(d.getByRole('status').filter({ hasText: 'Pushed' })).toContainText(`${tag}`);
      await d.getByRole('button', { name: 'Done', exact: true }).click();
      await expect(registries.tagRow(reg, tag)).toBeVisible();
      const card = registries.card(reg);
      await card.getByRole('button', { name: `Remove ${reg}` }).click();
      await card.getByRole('button', { name: 'Remove', exact: true }).click();
      await expect(card).toBeHidden();
    } finally {
      spawnSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
    }
  });
});
