// The Guide's plain-HTTP registry path end to end in Chromium through the web host, on a
// practice router on the lab path: the registry started from the Guide on the lab address
// 198.18.0.1 (the address list offers it first, with its trade-off), a busybox tarball pushed
// to it, the router's running daemon made to trust it, the image pulled there, and the last
// step green: the container runs and reaches the router's network. Then the same with a
// self-signed registry, and the Docker Hub path to its diagnosis. Checked with axe on the way.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { IMAGE_PATH_INFO } from '../../src-shared/types/wizard';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { HOST_ADDRESS } from '../lab/lab-config';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem, writeBusyboxImage, type TestImage } from '../lab/test-images';
import { startWebHost, type RunningWebHost } from '../support/web-host-process';
import { axe } from './helpers';
import { AppShell } from './pages/app-shell';
import { RoutersPage } from './pages/routers-page';
import { freePort } from '../support/free-port';

const skip = labSuiteSkipReason(['docker-registry', 'busybox']) ?? testImageProblem();
test.skip(skip !== null, `needs the practice router lab: ${skip}`);

const LAB = `gr-e2e-${process.pid.toString(36)}`;
let lab: LabInfo;
let host: RunningWebHost;
let tmp: string;
let image: TestImage;


test.beforeAll(async () => {
  test.setTimeout(180_000);
  tmp = mkdtempSync(join(tmpdir(), 'xrcl-gr-e2e-'));
  image = writeBusyboxImage(join(tmp, 'busybox.tar'), 'gr/busybox:1');
  lab = await labUp({ platform: 'vagrant', name: LAB, diskMb: 64, timing: { dockerRestartMs: 2500 } });
  host = await startWebHost();
});

test.afterAll(async () => {
  // The registry the Guide started keeps running when the app closes: stop it by its pid file.
  try {
    const folder = join(host.dataDir, 'registries');
    for (const r of readdirSync(folder)) {
      const { pid } = JSON.parse(readFileSync(join(folder, r, 'registry.pid'), 'utf8')) as { pid: number };
      process.kill(pid, 'SIGTERM');
    }
  } catch {
    /* nothing left running */
  }
  await host?.stop();
  await labDown({ name: LAB }).catch(() => undefined);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('registry paths on the lab: plain HTTP and self-signed from registry start to the container on the router\'s network; Docker Hub to its diagnosis', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new AppShell(page);
  await app.open(host.url);
  const cli = lab.endpoints.xrCli!;
  const routers = new RoutersPage(page);
  await app.go('Routers');
  await routers.add({ name: 'rtr', platform: 'vagrant', host: lab.labAddress, cliPort: '22', shellPort: '57722', user: cli.user!, password: cli.password! });
  const router = routers.card('rtr');
  await router.getByRole('button', { name: 'Test connection to rtr' }).click();
  await router.getByRole('button', { name: 'Trust these keys and log in' }).click();
  await expect(router.getByTestId('connection-test-rtr')).toContainText('login works');

  await app.go('Guide');
  const guide = app.guide;
  await guide.choosePath('lab');
  await guide.run('prerequisites');
  const chooser = page.getByTestId('router-chooser');
  await chooser.getByLabel('New XR shell user').fill(lab.endpoints.xrShell!.user!);
  await chooser.getByRole('button', { name: 'Work on this router' }).click();
  await guide.run('reach-cli', 60_000);
  await expect(guide.step('reach-cli')).toHaveAttribute('data-status', 'done');
  await guide.run('onboard', 120_000);
  await expect(guide.step('onboard')).toHaveAttribute('data-status', 'done');

  const images = page.getByTestId('image-path-chooser');
  await images.getByRole('radio', { name: IMAGE_PATH_INFO.insecure.title }).check();
  await images.getByTestId('use-image-path').click();
  await expect(images.getByTestId('chosen-image-path')).toHaveText(IMAGE_PATH_INFO.insecure.title);

  // Where the registry runs: the lab link is offered first on the lab path, with its trade-off.
  const start = guide.step('registry-start');
  const address = start.getByRole('combobox', { name: 'Address the router will use' });
  await expect(address).toHaveValue(HOST_ADDRESS);
  await expect(start.getByTestId('registry-address-tradeoff')).toContainText('The practice lab reaches this computer here');
  await expect(start).toContainText('registry:2');
  const port = await freePort(HOST_ADDRESS);
  await start.getByRole('textbox', { name: 'Port', exact: true }).fill(String(port));
  await start.getByRole('textbox', { name: 'Port', exact: true }).press('Tab');
  await axe(page, 'the registry start step with its inputs');
  await guide.run('registry-start');
  await expect(start).toHaveAttribute('data-status', 'done');
  const name = `guide-plain-198-18-0-1-${port}`;

  // The image to push: the tarball, pushed under the name the router will pull.
  const push = guide.step('registry-push');
  await expect(push).toHaveAttribute('data-expanded', 'true');
  await push.getByRole('textbox', { name: 'Tarball path' }).fill(image.file);
  await push.getByRole('textbox', { name: /Push as/ }).fill('gr/e2e-app:1');
  await push.getByRole('textbox', { name: /Push as/ }).press('Tab');
  await expect(push.getByText('Saved: the push uses this image.')).toBeVisible();
  await guide.run('registry-push');
  await expect(push).toHaveAttribute('data-status', 'done');
  const ref = `${HOST_ADDRESS}:${port}/gr/e2e-app:1`;
  await expect(push).toContainText(`${ref} is in ${name}`);

  await guide.run('registry-trust', 90_000);
  await expect(guide.step('registry-trust')).toHaveAttribute('data-status', 'done');
  await expect(guide.step('registry-trust')).toContainText(`rtr now trusts ${HOST_ADDRESS}:${port}`);
  await guide.run('registry-pull', 90_000);
  await expect(guide.step('registry-pull')).toHaveAttribute('data-status', 'done');
  expect((await labExec(LAB, ['bash', '-lc', `docker images --format '{{.Repository}}:{{.Tag}}'`])).stdout).toContain(ref);

  await guide.run('run-container', 90_000);
  const last = guide.step('run-container');
  await expect(last).toHaveAttribute('data-status', 'done');
  await guide.expand('run-container');
  await expect(guide.verdict('run-container')).toContainText("Container e2e-app running and reaching the router's network");
  await expect(guide.verdict('run-container')).toContainText(`Mg0_RP0_CPU0_0 ${lab.labAddress}/24`);
  await axe(page, 'the Guide at the end of the plain HTTP registry path');

  // Another way: the self-signed registry. The image steps start over; the router's keep their results.
  await images.getByTestId('change-image-path').click();
  await images.getByRole('radio', { name: IMAGE_PATH_INFO['self-signed'].title }).check();
  await images.getByTestId('use-image-path').click();
  await expect(images.getByTestId('chosen-image-path')).toHaveText(IMAGE_PATH_INFO['self-signed'].title);
  await expect(guide.step('onboard')).toHaveAttribute('data-status', 'done');
  await expect(guide.step('registry-start')).toContainText('subjectAltName = IP:ADDRESS');
  const tlsPort = await freePort(HOST_ADDRESS);
  await start.getByRole('textbox', { name: 'Port', exact: true }).fill(String(tlsPort));
  await start.getByRole('textbox', { name: 'Port', exact: true }).press('Tab');
  await guide.run('registry-start');
  await expect(start).toContainText(`guide-tls-198-18-0-1-${tlsPort} runs at ${HOST_ADDRESS}:${tlsPort} (TLS with a self-signed certificate)`);
  // The push keeps the image chosen before; only the name changes.
  await expect(push.getByRole('textbox', { name: 'Tarball path' })).toHaveValue(image.file);
  await push.getByRole('textbox', { name: /Push as/ }).fill('gr/e2e-tls:1');
  await push.getByRole('textbox', { name: /Push as/ }).press('Tab');
  await expect(push.getByText('Saved: the push uses this image.')).toBeVisible();
  await guide.run('registry-push');
  await guide.run('registry-trust', 90_000);
  await expect(guide.step('registry-trust')).toHaveAttribute('data-status', 'done');
  await guide.run('registry-pull', 90_000);
  await guide.run('run-container', 90_000);
  await guide.expand('run-container');
  await expect(guide.verdict('run-container')).toContainText("Container e2e-tls running and reaching the router's network");

  // Docker Hub: the lab has no way out, and the step says what is missing before any pull.
  await images.getByTestId('change-image-path').click();
  await images.getByRole('radio', { name: IMAGE_PATH_INFO.hub.title }).check();
  await images.getByTestId('use-image-path').click();
  const hub = guide.step('hub-pull');
  await expect(hub.getByRole('textbox', { name: 'Docker Hub image' })).toHaveAttribute('placeholder', 'busybox:latest');
  await guide.run('hub-pull', 60_000);
  await expect(hub).toHaveAttribute('data-status', 'failed');
  await expect(guide.verdict('hub-pull')).toContainText('rtr has no name server in global-vrf');
  await expect(guide.verdict('hub-pull')).toContainText('echo "nameserver 8.8.8.8" >> /etc/netns/global-vrf/resolv.conf');
  await axe(page, 'the Docker Hub step with its diagnosis');

  // Your own registry: its form refuses a URL with a login in it, with the fix, and keeps nothing.
  await images.getByTestId('change-image-path').click();
  await images.getByRole('radio', { name: IMAGE_PATH_INFO['ca-registry'].title }).check();
  await images.getByTestId('use-image-path').click();
  const mine = guide.step('registry-existing');
  await mine.getByRole('textbox', { name: 'Registry URL' }).fill('https://ci:secret@registry.example.com:5000');
  await mine.getByRole('textbox', { name: 'Registry URL' }).press('Tab');
  await expect(mine.getByRole('alert')).toContainText('Put the login in the user and password fields');
  await axe(page, 'your registry step with a refused URL');
  await guide.run('registry-existing');
  await expect(guide.verdict('registry-existing')).toContainText("Your registry's URL has not been given yet.");
});
