// The Guide's insecure-registry path on a practice NCS5500 (the physical path), in Chromium
// through the web host: after the router is reached and onboarded, the user picks "a local
// registry over plain HTTP", the Guide starts one on the lab address and pushes the image, and
// the trust step makes the router's running daemon use it (DOCKER_OPTS, the automatic restart,
// docker info as the proof); the pull then lists the image on the router.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { IMAGE_PATH_INFO } from '../../src-shared/types/wizard';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { writeBusyboxImage } from '../lab/test-images';
import { HOST_ADDRESS } from '../lab/lab-config';
import { startWebHost, type RunningWebHost } from '../support/web-host-process';
import { AppShell } from './pages/app-shell';
import { RoutersPage } from './pages/routers-page';
import { freePort } from '../support/free-port';

const skip = labSuiteSkipReason(['docker-registry', 'skopeo', 'busybox']);
test.skip(skip !== null, `needs the practice router lab: ${skip}`);

const LAB = 'rr-e2e-ncs';
let lab: LabInfo;
let host: RunningWebHost;
let tmp: string;
let tarball: string;


test.beforeAll(async () => {
  test.setTimeout(180_000);
  await labDown({ name: LAB }).catch(() => undefined);
  tmp = mkdtempSync(join(tmpdir(), 'xrcl-rr-e2e-'));
  tarball = writeBusyboxImage(join(tmp, 'busybox.tar'), 'xrcl/busybox:1').file;
  lab = await labUp({ platform: 'ncs5500', name: LAB, diskMb: 64, timing: { dockerRestartMs: 2500 } });
  host = await startWebHost();
});
test.afterAll(async () => {
  // The registry the Guide started keeps running when the app closes: stop it by its pid file.
  try {
    const folder = join(host.dataDir, 'registries');
    for (const r of readdirSync(folder)) process.kill((JSON.parse(readFileSync(join(folder, r, 'registry.pid'), 'utf8')) as { pid: number }).pid, 'SIGTERM');
  } catch {
    /* nothing left running */
  }
  await host?.stop();
  await labDown({ name: LAB }).catch(() => undefined);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('insecure registry path: the router trusts the registry, proven on its running daemon', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new AppShell(page);
  await app.open(host.url);
  const cli = lab.endpoints.xrCli!;
  await app.go('Routers');
  await new RoutersPage(page).add({ name: 'ncs5508', platform: 'ncs5500', host: lab.labAddress, user: cli.user ?? 'root', password: cli.password ?? '' });

  await app.go('Guide');
  const guide = app.guide;
  await guide.choosePath('physical');
  await guide.run('prerequisites');
  const chooser = page.getByTestId('router-chooser');
  await chooser.getByLabel('New XR shell user').fill('cisco');
  await chooser.getByRole('button', { name: 'Work on this router' }).click();
  const dialog = page.getByTestId('prompt-dialog');
  await guide.action('reach-cli').click();
  await dialog.getByRole('button', { name: 'Trust and connect' }).click();
  await expect(guide.step('reach-cli')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await guide.action('onboard').click();
  await dialog.getByLabel('Password').fill('cisco pass');
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog).toContainText('57722', { timeout: 90_000 });
  await dialog.getByRole('button', { name: 'Trust and connect' }).click();
  await expect(guide.step('onboard')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  // How the image reaches the router: the local registry over plain HTTP.
  const images = page.getByTestId('image-path-chooser');
  await images.getByRole('radio', { name: IMAGE_PATH_INFO.insecure.title }).check();
  await images.getByTestId('use-image-path').click();
  await expect(images.getByTestId('chosen-image-path')).toHaveText(IMAGE_PATH_INFO.insecure.title);

  // The Guide starts the registry on the lab address and pushes the tarball to it.
  const port = await freePort(HOST_ADDRESS);
  const address = `${HOST_ADDRESS}:${port}`;
  const start = guide.step('registry-start');
  await start.getByRole('textbox', { name: 'Port', exact: true }).fill(String(port));
  await start.getByRole('textbox', { name: 'Port', exact: true }).press('Tab');
  await guide.run('registry-start');
  await expect(start).toContainText(`runs at ${address}`);
  const push = guide.step('registry-push');
  await push.getByRole('textbox', { name: 'Tarball path' }).fill(tarball);
  await push.getByRole('textbox', { name: 'Tarball path' }).press('Tab');
  await expect(push.getByText('Saved: the push uses this image.')).toBeVisible();
  await guide.run('registry-push');
  await expect(push).toHaveAttribute('data-status', 'done');

  const trust = guide.step('registry-trust');
  await expect(trust).toContainText('vi /etc/sysconfig/docker');
  await guide.action('registry-trust').click();
  await expect(trust).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(trust).toContainText(`docker info on ncs5508 lists ${address} under Insecure Registries`);
  const info = await labExec(LAB, ['bash', '-lc', 'docker info']);
  expect(info.stdout).toContain(address);

  await guide.run('registry-pull', 90_000);
  await expect(guide.step('registry-pull')).toHaveAttribute('data-status', 'done');
  expect((await labExec(LAB, ['bash', '-lc', `docker images --format '{{.Repository}}:{{.Tag}}'`])).stdout).toContain(`${address}/xrcl/busybox:1`);
});
