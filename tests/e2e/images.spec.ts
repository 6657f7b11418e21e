// The Images page in Chromium through the web host: a tarball built from a busybox base and an
// added file, inspected (every digest checked, a damaged copy called damaged), then sent to a
// practice Vagrant router, loaded there under its tag, with the host key trusted by the user.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem, writeBusyboxImage } from '../lab/test-images';
import { startWebHost, type RunningWebHost } from '../support/web-host-process';
import { axe } from './helpers';
import { AppShell } from './pages/app-shell';
import { ImagesPage } from './pages/images-page';
import { RoutersPage } from './pages/routers-page';

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xrcl-e2e-images-'));
  writeBusyboxImage(join(dir, 'base.tar'), 'e2e/busybox:base');
  writeFileSync(join(dir, "hello world's.txt"), 'hello from the Images page\n');
});
test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('builds an image tarball and inspects it; a damaged copy is called damaged', async ({ app, page }) => {
  test.skip(testImageProblem() !== null, `${testImageProblem()}`);
  await app.go('Images');
  const images = new ImagesPage(page);
  // Required fields are named before anything runs.
  await images.tab('Build');
  await images.main.getByRole('button', { name: 'Build' }).click();
  await expect(images.main.getByLabel('Write to')).toHaveAttribute('aria-invalid', 'true');

  const out = join(dir, 'app.tar');
  const result = await images.build({
    base: join(dir, 'base.tar'),
    add: [[join(dir, "hello world's.txt"), '/srv/hello.txt']],
    tag: 'e2e/app:1',
    cmd: 'cat /srv/hello.txt',
    output: out,
  });
  await expect(result).toContainText(`Built ${out}`);
  await expect(result).toContainText('2 layers');
  await expect(images.main.getByRole('progressbar').first()).toHaveAttribute('aria-valuenow', '100');

  await result.getByRole('button', { name: 'Inspect it' }).click();
  const inspectForm = images.main.getByRole('form', { name: 'Inspect a tarball' });
  await expect(inspectForm.getByLabel('Tarball on this computer')).toHaveValue(out);
  await inspectForm.getByRole('button', { name: 'Inspect' }).click();
  const summary = images.main.getByTestId('inspection');
  await expect(summary).toContainText('Image tarball (docker save)');
  await expect(summary).toContainText('Every digest checks out');
  await expect(summary).toContainText('e2e/app:1');
  await expect(summary).toContainText('linux/amd64');
  await expect(summary.getByRole('table')).toHaveCount(1);
  await expect(summary.getByRole('row')).toHaveCount(3);
  await axe(page, 'Images with an inspection');

  const bad = Buffer.from(readFileSync(out));
  const at = bad.indexOf(Buffer.from('hello from the Images page'));
  bad[at] = bad[at]! ^ 0x20;
  writeFileSync(join(dir, 'damaged.tar'), bad);
  const damaged = await images.inspect(join(dir, 'damaged.tar'));
  await expect(damaged).toContainText('Damaged: do not send');
  await expect(damaged.getByRole('list', { name: 'Problems found' })).toContainText('corrupted');
});

test.describe('delivery to a practice router', () => {
  const skip = labSuiteSkipReason() ?? testImageProblem();
  test.skip(skip !== null, `needs the practice router lab: ${skip}`);
  const LAB = `dl-e2e-${process.pid}`;
  let lab: LabInfo;
  // A web host of its own: routers and host keys other specs saved must not meet this lab's.
  let host: RunningWebHost;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    lab = await labUp({ platform: 'vagrant', name: LAB, diskMb: 128 });
    host = await startWebHost();
  });
  test.afterAll(async () => {
    await host?.stop();
    await labDown({ name: LAB }).catch(() => undefined);
  });

  test('sends the tarball with a live progress bar; the router names the image e2e/app:1 and it runs', async ({ page }) => {
    test.setTimeout(120_000);
    const app = new AppShell(page);
    await app.open(host.url);
    const shell = lab.endpoints.xrShell!;
    await app.go('Routers');
    await new RoutersPage(page).add({ name: 'xrv', platform: 'vagrant', host: lab.labAddress, user: shell.user ?? 'vagrant', password: shell.password ?? '', cliPort: '22', shellPort: '57722' });

    await app.go('Images');
    const images = new ImagesPage(page);
    await images.build({ base: join(dir, 'base.tar'), add: [[join(dir, "hello world's.txt"), '/srv/hello.txt']], tag: 'e2e/app:1', cmd: 'cat /srv/hello.txt', output: join(dir, 'send me.tar') });
    await images.main.getByRole('button', { name: 'Send it to a router' }).click();
    const form = images.sendForm;
    // Other specs on this worker's web host may have saved routers too: pick ours.
    await form.getByLabel('Router', { exact: true }).selectOption('xrv');
    await expect(form.getByLabel('Router', { exact: true })).toHaveValue('xrv');
    await expect(form.getByLabel('Tarball on this computer')).toHaveValue(join(dir, 'send me.tar'));
    await form.getByRole('button', { name: 'Send' }).click();

    const dialog = page.getByTestId('prompt-dialog');
    await expect(dialog).toContainText('SHA256:');
    await dialog.getByRole('button', { name: 'Trust and connect' }).click();

    const result = images.main.getByTestId('send-result');
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(result.getByTestId('loaded-name')).toHaveText('e2e/app:1');
    await expect(result).toContainText('sha256 checked on the router');
    await expect(result).toContainText('removed from the router');
    const card = images.main.getByRole('article', { name: 'Task: Send send me.tar to xrv' });
    await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await expect(card).toContainText('xrv now has e2e/app:1');
    const run = await labExec(LAB, ['bash', '-c', 'docker run --rm e2e/app:1']);
    expect(run.stdout).toBe('hello from the Images page\n');
  });
});
