// The Guide's two tarball paths end to end against a practice Vagrant router: the tarballs are
// built on the Images page, the lab path reaches and onboards the router, then each image path
// checks its tarball, copies it to /misc/app_host, loads or imports it, and the router runs it;
// the save/load path goes on to the Guide's container step with the image it loaded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem, writeBusyboxImage } from '../lab/test-images';
import { startWebHost, type RunningWebHost } from '../support/web-host-process';
import { AppShell } from './pages/app-shell';
import { ImagesPage } from './pages/images-page';
import { RoutersPage } from './pages/routers-page';

const skip = labSuiteSkipReason() ?? testImageProblem();
test.skip(skip !== null, `needs the practice router lab: ${skip}`);

const LAB = `dl-guide-${process.pid}`;
let lab: LabInfo;
let host: RunningWebHost;
let dir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'xrcl-e2e-guide-tar-'));
  writeBusyboxImage(join(dir, 'base.tar'), 'guide/busybox:base');
  writeFileSync(join(dir, 'hello.txt'), 'hello from the Guide\n');
  lab = await labUp({ platform: 'vagrant', name: LAB, diskMb: 128 });
  host = await startWebHost();
});
test.afterAll(async () => {
  await host?.stop();
  await labDown({ name: LAB }).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('save/load and export/import: the Images page builds, the Guide sends, the router runs it', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new AppShell(page);
  await app.open(host.url);
  const shell = lab.endpoints.xrShell!;

  await app.go('Routers');
  await new RoutersPage(page).add({ name: 'xrv', platform: 'vagrant', host: lab.labAddress, user: shell.user ?? 'vagrant', password: shell.password ?? '', cliPort: '22', shellPort: '57722' });

  await app.go('Images');
  const images = new ImagesPage(page);
  const add: Array<[string, string]> = [[join(dir, 'hello.txt'), '/srv/hello.txt']];
  // A long-running command, so the Guide's container step has a container to check.
  await images.build({ base: join(dir, 'base.tar'), add, tag: 'guide/app:1', cmd: 'sleep 3600', output: join(dir, 'app.tar') });
  await images.build({ format: 'container', base: join(dir, 'base.tar'), add, output: join(dir, 'Guide Rootfs.tar') });

  await app.go('Guide');
  const guide = app.guide;
  await guide.choosePath('lab');
  await guide.run('prerequisites');
  const chooser = page.getByTestId('router-chooser');
  await chooser.getByLabel('Router').selectOption('xrv');
  await chooser.getByLabel('New XR shell user').fill('vagrant');
  await chooser.getByRole('button', { name: 'Work on this router' }).click();

  const dialog = page.getByTestId('prompt-dialog');
  await guide.action('reach-cli').click();
  await expect(dialog).toContainText('SHA256:');
  await dialog.getByRole('button', { name: 'Trust and connect' }).click();
  await expect(guide.step('reach-cli')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await guide.action('onboard').click();
  await expect(dialog).toContainText(`Trust vagrant@${lab.labAddress}:57722?`, { timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Trust and connect' }).click();
  await expect(guide.step('onboard')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  const imagePath = page.getByTestId('image-path-chooser');
  await imagePath.getByRole('radio', { name: 'An image tarball (docker save, docker load)' }).check();
  await imagePath.getByTestId('use-image-path').click();
  await guide.run('save-load-tarball');
  await expect(guide.step('save-load-tarball')).toHaveAttribute('data-status', 'done');
  await expect(guide.step('save-load-tarball')).toContainText('guide/app:1, 2 layer(s)');
  await guide.run('save-load-send');
  await expect(guide.step('save-load-send')).toHaveAttribute('data-status', 'done');
  await expect(guide.step('save-load-send')).toContainText('xrv now has guide/app:1');
  expect((await labExec(LAB, ['bash', '-c', 'docker run --rm guide/app:1 cat /srv/hello.txt'])).stdout).toBe('hello from the Guide\n');
  // The image path ends on the container step, which runs the image the send step named.
  await guide.run('run-container', 120_000);
  await expect(guide.step('run-container')).toHaveAttribute('data-status', 'done');
  await expect(guide.step('run-container')).toContainText("reaching the router's network");

  await imagePath.getByTestId('change-image-path').click();
  await imagePath.getByRole('radio', { name: 'A container tarball (docker export, docker import)' }).check();
  await imagePath.getByTestId('use-image-path').click();
  await guide.run('export-import-tarball');
  await expect(guide.step('export-import-tarball')).toHaveAttribute('data-status', 'done');
  await guide.run('export-import-send');
  await expect(guide.step('export-import-send')).toHaveAttribute('data-status', 'done');
  await expect(guide.step('export-import-send')).toContainText('xrv now has xrcl/guide-rootfs:latest');
  expect((await labExec(LAB, ['bash', '-c', 'docker run --rm xrcl/guide-rootfs:latest cat /srv/hello.txt'])).stdout).toBe('hello from the Guide\n');
});
