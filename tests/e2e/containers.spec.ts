// The Containers page on a practice router (vagrant platform), in Chromium through the web host:
// the run dialog previews the exact docker run as fields change and refuses a hostile name; the
// container runs, is listed with its state and image, its logs and inspect data show, a command
// typed into its shell runs in it, the network check sees the router's Mg0_RP0_CPU0_0 address,
// stop and remove work; Activity exports the session's runbook.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { labDown, labUp, type LabInfo } from '../lab/lab-api';
import { dockerCli, labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem } from '../lab/test-images';
import { loadBusybox } from '../integration/support/container-images';
import { RoutersPage } from './pages/routers-page';
import { ContainersPage } from './pages/containers-page';
import { startWebHost, type RunningWebHost } from '../support/web-host-process';
import { axe, expectVisibleFocus, tabTo } from './helpers';
import { AppShell } from './pages/app-shell';

const skip = labSuiteSkipReason() ?? testImageProblem();
test.skip(skip !== null, `needs the practice router lab: ${skip}`);

const LAB = `ct-e2e-${process.pid.toString(36)}`;
const IMAGE = 'ct/busybox:1';
let lab: LabInfo;
let dir: string;
// A web host of its own: the router and host key this spec saves must not meet other specs' labs.
let host: RunningWebHost;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xrcl-e2e-containers-'));
  await labDown({ name: LAB }).catch(() => undefined);
  lab = await labUp({ platform: 'vagrant', name: LAB });
  await loadBusybox(LAB, join(dir, 'busybox.tar'), IMAGE);
  host = await startWebHost();
});
test.afterAll(async () => {
  await host?.stop();
  await labDown({ name: LAB }).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('run, logs, inspect, shell, network check, stop and remove from the Containers page; the runbook from Activity', async ({ page }) => {
  test.setTimeout(180_000);
  const app = new AppShell(page);
  await app.open(host.url);
  const routers = new RoutersPage(page);
  const cli = lab.endpoints.xrCli!;
  await app.go('Routers');
  await routers.add({ name: 'rtr', platform: 'vagrant', host: lab.labAddress, cliPort: '22', shellPort: '57722', user: cli.user!, password: cli.password! });
  const router = routers.card('rtr');
  await router.getByRole('button', { name: 'Test connection to rtr' }).click();
  await router.getByRole('button', { name: 'Trust these keys and log in' }).click();
  await expect(router.getByTestId('connection-test-rtr')).toContainText('login works');

  await app.go('Containers');
  const containers = new ContainersPage(page);
  await expect(app.main.getByText('No containers on rtr')).toBeVisible();
  // Keyboard: Tab reaches Run container with a visible focus; Enter opens the dialog, Esc closes it.
  const runButton = app.main.getByRole('button', { name: 'Run container' }).first();
  await tabTo(page, runButton);
  await expectVisibleFocus(runButton);
  await page.keyboard.press('Enter');
  await expect(containers.dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(containers.dialog).toBeHidden();
  await containers.openRunDialog();
  const d = containers.dialog;
  await expect(d.getByLabel('Image', { exact: true })).toHaveValue(IMAGE);
  await d.getByLabel('Name', { exact: true }).fill('web;reboot');
  await expect(containers.problems).toContainText('shell characters (;)');
  await expect(d.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await d.getByLabel('Name', { exact: true }).fill('ct-web');
  await d.getByRole('button', { name: 'Use the sample web server' }).click();
  await d.getByLabel('NET_ADMIN').check();
  await expect(containers.preview).toHaveText(
    `docker run -itd --name ct-web -v /var/run/netns/global-vrf:/var/run/netns/global-vrf --cap-add SYS_ADMIN --cap-add NET_ADMIN ${IMAGE} nsenter '--net=/var/run/netns/global-vrf' httpd -f -v -p 8080 -h /etc`,
  );
  await axe(page, 'the run dialog');
  await d.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(d).toBeHidden();
  await expect(page.getByTestId('run-result')).toContainText('ct-web is running on rtr');

  const card = containers.card('ct-web');
  await expect(card).toContainText(IMAGE);
  await expect(card).toContainText('running');
  await expect(card).toContainText(/up \d+ s/);

  await card.getByRole('button', { name: 'Inspect ct-web' }).click();
  await expect(card.getByTestId('inspect')).toContainText('SYS_ADMIN');

  await card.getByRole('button', { name: 'Check the network of ct-web' }).click();
  const check = card.getByTestId('network-check');
  await expect(check).toContainText("Reaches the router's network");
  await expect(check.getByRole('row', { name: new RegExp(`^Mg0_RP0_CPU0_0 `) })).toContainText(`${lab.labAddress}/24`);
  await axe(page, 'a container with its network check');
  const res = await fetch(`http://${lab.labAddress}:8080/xrcl-image`);
  expect((await res.text()).trim()).toBe(IMAGE);

  await card.getByRole('button', { name: 'Open a shell in ct-web' }).click();
  const tab = page.getByRole('tab', { name: 'ct-web on rtr' });
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('tabpanel');
  await panel.locator('.xterm').click();
  await page.keyboard.type('echo typed > /tmp/typed; echo from-$((40+2))');
  await page.keyboard.press('Enter');
  await expect(panel.locator('.xterm-rows')).toContainText('from-42');
  expect((await dockerCli(lab.dockerSocket, ['exec', 'ct-web', 'cat', '/tmp/typed'])).stdout.trim()).toBe('typed');

  // httpd -v logs each request: the one this computer made above.
  await card.getByRole('button', { name: 'Logs of ct-web', exact: true }).click();
  await expect(card.getByTestId('logs')).toContainText(lab.hostAddress);
  // Followed: a request made now shows up in the followed log, until it is stopped.
  await card.getByRole('button', { name: 'Follow the logs of ct-web' }).click();
  const followed = card.getByTestId('follow-logs').getByRole('log');
  await expect(followed).toContainText(lab.hostAddress);
  await fetch(`http://${lab.labAddress}:8080/no-such-page`);
  await expect(followed).toContainText('response:404');
  await card.getByRole('button', { name: 'Stop following the logs of ct-web' }).click();
  await expect(card.getByTestId('follow-logs')).toBeHidden();

  await card.getByRole('button', { name: 'Stop ct-web' }).click();
  await expect(card).toContainText('exited');
  await card.getByRole('button', { name: 'Remove ct-web' }).click();
  await card.getByLabel(/Also remove its image/).check();
  await card.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(app.main.getByText('No containers on rtr')).toBeVisible();
  expect((await dockerCli(lab.dockerSocket, ['image', 'inspect', IMAGE])).code).not.toBe(0);

  await app.go('Activity');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-runbook').click();
  const file = await (await download).path();
  const md = readFileSync(file, 'utf8');
  expect(md).toContain('# XR Container Lab runbook');
  expect(md).toContain(`ssh -p 57722 ${cli.user}@${lab.labAddress}\`, then \`sudo -i\``);
  expect(md).toContain('docker run -itd --name ct-web');
  expect(md).toContain(`docker rmi ${IMAGE}`);
  await expect(page.getByRole('status').filter({ hasText: 'Runbook saved' })).toBeVisible();

  // A new runbook: the next export holds nothing from before.
  await page.getByTestId('new-runbook').click();
  await expect(page.getByRole('status').filter({ hasText: 'A new runbook starts here' })).toBeVisible();
  const second = page.waitForEvent('download');
  await page.getByTestId('export-runbook').click();
  expect(readFileSync(await (await second).path(), 'utf8')).toContain('No commands were run in this session yet.');
});
