// The Guide's Vagrant path in Chromium through the web host, with real Vagrant: as far as the
// docker-provider topology goes (a locally built sshd image stands in for both boxes: the
// topology's files shown before anything runs, vagrant up with its live output, the ports found
// and the machines added as targets, the Guide's router set to rtr), then on to the practice
// lab's vagrant platform, which stands in for a booted IOS-XRv box, for docker ps as root; and
// Destroy from the Routers page with its live output. Between the two the app restarts on the
// same data while the machines keep running, and finds them again.
//
// This computer has no VirtualBox, so the vagrant path's prerequisites cannot pass here: the data
// folder starts with that step checked and the topology choice set to the docker provider.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { labDown, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { buildSshdImage, removeImage } from '../integration/support/sshd-image';
import { containersNamed, freeLabSubnet, removeDir, removeDockerLeftovers, tempDir, vagrantDockerProblem } from '../integration/support/vagrant-itest-env';
import { runSync } from '../lab/run-command';
import { seedVagrantGuide } from '../support/vagrant-guide-seed';
import { startWebHost, type RunningWebHost } from '../support/web-host-process';
import { axe } from './helpers';
import { AppShell } from './pages/app-shell';
import { RoutersPage } from './pages/routers-page';

const skip = vagrantDockerProblem() ?? labSuiteSkipReason();
test.skip(skip !== null, `needs vagrant, docker and the practice router lab: ${skip}`);

const LAB = `vg-e2e-${process.pid}`;
const tag = `vg-e2e/sshd:${process.pid}`;
const prefix = `vg-e2e-${process.pid}`;
let lab: LabInfo;
let host: RunningWebHost;
let vagrantHome = '';
let topologyDir = '';
let subnet = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  vagrantHome = tempDir('vg-e2e-vagrant-home-');
  topologyDir = join(tempDir('vg-e2e-topology-'), 'xr-topology');
  const link = freeLabSubnet();
  subnet = link.prefix;
  buildSshdImage(tag);
  await labDown({ name: LAB }).catch(() => undefined);
  lab = await labUp({ platform: 'vagrant', name: LAB, diskMb: 64 });
  host = await startWebHost({
    env: { VAGRANT_HOME: vagrantHome },
    prepare: (dataDir) => seedVagrantGuide(dataDir, { topologyDir, docker: { link, image: tag, containerPrefix: prefix } }),
  });
});

test.afterAll(async () => {
  await host?.stop();
  if (topologyDir) runSync('vagrant', ['destroy', '-f'], { cwd: topologyDir, env: { ...process.env, VAGRANT_HOME: vagrantHome }, timeoutMs: 120_000 });
  removeDockerLeftovers(prefix, subnet || undefined);
  removeImage(tag);
  await labDown({ name: LAB }).catch(() => undefined);
  for (const d of [vagrantHome, topologyDir ? join(topologyDir, '..') : '']) if (d) removeDir(d);
});

test('vagrant path: topology shown, vagrant up live, ports and targets, docker ps as root; Destroy from Routers', async ({ page }) => {
  test.setTimeout(420_000);
  const app = new AppShell(page);
  await app.open(host.url);
  const guide = app.guide;

  // The box: not needed with the docker provider.
  await guide.expand('vagrant-box');
  await guide.run('vagrant-box');
  await expect(guide.step('vagrant-box')).toHaveAttribute('data-status', 'done');
  await expect(guide.step('vagrant-box')).toContainText('Not needed');

  // The topology: its files are there to read before anything is written.
  await guide.expand('vagrant-topology');
  const topo = guide.step('vagrant-topology');
  await expect(topo.getByLabel('Topology folder')).toHaveValue(topologyDir);
  const files = topo.getByTestId('vagrant-topology-files');
  await expect(files).toContainText('Vagrantfile');
  await expect(files).toContainText('configs/rtr_config');
  await files.getByText('configs/rtr_config', { exact: true }).click();
  await expect(topo.locator('pre[data-file="configs/rtr_config"]')).toContainText('interface GigabitEthernet0/0/0/0');
  await axe(page, 'the Guide with the topology choices and files');
  await guide.run('vagrant-topology');
  await expect(topo).toHaveAttribute('data-status', 'done');

  // vagrant up: the live output in the step's terminal, the phases in its progress line.
  await guide.expand('vagrant-up');
  const up = guide.step('vagrant-up');
  await guide.action('vagrant-up').click();
  await expect(up.getByTestId('step-progress')).toBeVisible({ timeout: 30_000 });
  const log = up.getByRole('log');
  await expect(log).toContainText('$ vagrant up', { timeout: 30_000 });
  await expect(log).toContainText('Machine booted and ready', { timeout: 180_000 });
  await expect(up).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(up).toContainText(/rtr and devbox are up/);
  expect(containersNamed(prefix).sort()).toEqual([`${prefix}-devbox running`, `${prefix}-rtr running`]);

  // Ports found, rtr and devbox added, host keys trusted; the Guide now works on rtr.
  await guide.run('vagrant-targets', 120_000);
  const targets = guide.step('vagrant-targets');
  await expect(targets).toHaveAttribute('data-status', 'done');
  const rtrPort = runSync('docker', ['port', `${prefix}-rtr`, '22/tcp']).stdout.trim().split(':').at(-1);
  await expect(targets).toContainText(`XR CLI 127.0.0.1:${rtrPort}`);
  const chooser = page.getByTestId('router-chooser');
  await expect(chooser.getByLabel('Router')).toHaveValue('rtr');

  // The app closes and starts again on the same data while the machines keep running: it finds
  // them through vagrant status in the topology folder, and the Guide is where it was.
  const before = host;
  host = await startWebHost({ env: { VAGRANT_HOME: vagrantHome }, prepare: (dataDir) => cpSync(before.dataDir, dataDir, { recursive: true }) });
  await before.stop();
  await app.open(host.url);
  await expect(guide.step('vagrant-targets')).toHaveAttribute('data-status', 'done');
  await expect(chooser.getByLabel('Router')).toHaveValue('rtr');
  await app.go('Routers');
  await expect(new RoutersPage(page).card('rtr').getByTestId('vagrant-machines')).toHaveText('rtr: running · devbox: running', { timeout: 30_000 });
  await app.go('Guide');

  // The docker-provider stand-in has no Docker engine: the practice lab's vagrant platform takes
  // over as the booted box for docker ps.
  await app.go('Routers');
  const routers = new RoutersPage(page);
  await expect(routers.card('rtr')).toContainText(`port ${rtrPort}`);
  const cli = lab.endpoints.xrCli!;
  const shell = lab.endpoints.xrShell!;
  await routers.add({ name: 'vg-lab', platform: 'vagrant', host: lab.labAddress, cliPort: String(cli.port), shellPort: String(shell.port), user: cli.user ?? 'vagrant', password: cli.password ?? 'vagrant' });
  await app.go('Guide');
  await chooser.getByLabel('Router').selectOption('vg-lab');
  await chooser.getByRole('button', { name: 'Save the change' }).click();
  await expect(chooser.getByLabel('Router')).toHaveValue('vg-lab');
  await guide.expand('vagrant-docker');
  await guide.action('vagrant-docker').click();
  const dialog = page.getByTestId('prompt-dialog');
  await expect(dialog).toContainText('SHA256:', { timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Trust and connect' }).click();
  await expect(guide.step('vagrant-docker')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(guide.step('vagrant-docker')).toContainText('docker ps answered as root through sudo -i on vg-lab');

  // Routers: rtr shows its topology folder; Destroy asks first, then streams vagrant's output.
  await app.go('Routers');
  const card = routers.card('rtr');
  await expect(card.getByTestId('vagrant-folder')).toHaveText(topologyDir);
  await expect(card.getByTestId('vagrant-machines')).toContainText('rtr: running', { timeout: 30_000 });
  await axe(page, 'Routers with a Vagrant topology');
  await card.getByRole('button', { name: 'Destroy the Vagrant machines of rtr' }).click();
  const confirm = page.getByTestId('destroy-dialog');
  await expect(confirm).toContainText('vagrant destroy -f');
  await confirm.getByRole('button', { name: 'Destroy' }).click();
  const tab = page.getByRole('tab', { name: /vagrant destroy \(xr-topology\)/ });
  await expect(tab).toBeVisible({ timeout: 30_000 });
  const terminal = page.getByRole('tabpanel', { name: /vagrant destroy/ }).locator('.xterm-rows');
  await expect(terminal).toContainText(/Deleting the container|Stopping container/, { timeout: 120_000 });
  await expect(card.getByTestId('vagrant-machines')).toContainText('rtr: not created', { timeout: 120_000 });
  expect(containersNamed(prefix)).toEqual([]);
});

test('the box: missing from Vagrant, and a downloaded "box" that is a web page refused before vagrant sees it', async ({ page }) => {
  test.setTimeout(120_000);
  const home = tempDir('vg-e2e-box-home-');
  const htmlBox = join(home, 'iosxrv-fullk9-x64.box');
  writeFileSync(htmlBox, '<!DOCTYPE html><html><head><title>Cisco Login</title></head><body>Sign in to download</body></html>');
  const boxHost = await startWebHost({ env: { VAGRANT_HOME: home }, prepare: (dataDir) => seedVagrantGuide(dataDir, { topologyDir: join(home, 'xr-topology') }) });
  try {
    const app = new AppShell(page);
    await app.open(boxHost.url);
    const guide = app.guide;
    await guide.expand('vagrant-box');
    await guide.run('vagrant-box');
    const step = guide.step('vagrant-box');
    await expect(step).toHaveAttribute('data-status', 'failed');
    await expect(guide.verdict('vagrant-box')).toContainText('not added to Vagrant yet');
    const add = step.getByTestId('vagrant-box-from-file');
    await add.getByLabel('Path of the .box file').fill(htmlBox);
    await add.getByRole('button', { name: 'Add the box' }).click();
    await expect(add).toContainText('is a web page', { timeout: 30_000 });
    await expect(add).toContainText('Cisco Login');
    await expect(add).toContainText('Download the box again');
    // Nothing reached Vagrant.
    expect(runSync('vagrant', ['box', 'list'], { env: { ...process.env, VAGRANT_HOME: home } }).stdout).toMatch(/There are no installed boxes/);
  } finally {
    await boxHost.stop();
    removeDir(home);
  }
});
