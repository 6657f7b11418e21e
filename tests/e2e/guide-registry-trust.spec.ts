// The Guide's insecure-registry path on a practice NCS5500, in Chromium through the web host:
// after the router is reached and onboarded, the user picks "a local registry over plain HTTP"
// and the trust step makes the router's running daemon use it (DOCKER_OPTS, the automatic
// restart, docker info as the proof). The pull step then asks for an image pushed first.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { Registry } from '../../src-shared/types/registries';
import { IMAGE_PATH_INFO } from '../../src-shared/types/wizard';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { writeBusyboxImage } from '../lab/test-images';
import { startTestRegistry, type TestRegistry } from '../lab/test-registry';
import { startWebHost, type RunningWebHost } from '../support/web-host-process';
import { AppShell } from './pages/app-shell';
import { RoutersPage } from './pages/routers-page';

const skip = labSuiteSkipReason(['docker-registry', 'skopeo', 'busybox']);
test.skip(skip !== null, `needs the practice router lab: ${skip}`);

const LAB = 'rr-e2e-ncs';
let lab: LabInfo;
let host: RunningWebHost;
let registry: TestRegistry;
let tmp: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await labDown({ name: LAB }).catch(() => undefined);
  tmp = mkdtempSync(join(tmpdir(), 'xrcl-rr-e2e-'));
  const image = writeBusyboxImage(join(tmp, 'busybox.tar'), 'xrcl/busybox:1');
  const saved = process.env.XRCL_LAB_DOCKER_RESTART_MS;
  process.env.XRCL_LAB_DOCKER_RESTART_MS = '2500';
  try {
    lab = await labUp({ platform: 'ncs5500', name: LAB, diskMb: 64 });
  } finally {
    if (saved === undefined) delete process.env.XRCL_LAB_DOCKER_RESTART_MS;
    else process.env.XRCL_LAB_DOCKER_RESTART_MS = saved;
  }
  registry = await startTestRegistry();
  await registry.push(image.file, 'xrcl/busybox:1');
  // The registry as the registry store records it when the app starts one.
  const record: Registry = {
    name: 'lab-registry', kind: 'insecure', hostPort: registry.address, host: registry.address.replace(/:\d+$/, ''), port: registry.port,
    address: null, url: `http://${registry.address}`, caPem: null, user: null, hasPassword: false, createdAt: new Date().toISOString(),
  };
  host = await startWebHost({ prepare: (dir) => writeFileSync(join(dir, 'config.json'), JSON.stringify({ registries: { [record.name]: record } })) });
});
test.afterAll(async () => {
  await host?.stop();
  await registry?.stop();
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

  const trust = guide.step('registry-trust');
  await expect(trust).toContainText('vi /etc/sysconfig/docker');
  await guide.action('registry-trust').click();
  await expect(trust).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(trust).toContainText(`docker info on ncs5508 lists ${registry.address} under Insecure Registries`);
  const info = await labExec(LAB, ['bash', '-lc', 'docker info']);
  expect(info.stdout).toContain(registry.address);

  // Nothing was pushed through the Guide yet: the pull step says so, with the way forward.
  await guide.action('registry-pull').click();
  await expect(guide.step('registry-pull')).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(guide.step('registry-pull')).toContainText(`xrcl pull ncs5508 ${registry.address}/REPOSITORY:TAG`);
});
