// The Guide's physical-router path, end to end against a practice router (real OpenSSH, sudo,
// adduser and dockerd; the XR CLI emulated): this computer checked, the router chosen, its XR
// CLI reached after the user trusts its host key, then onboarding up to docker ps over 57722.
import { test, expect } from '@playwright/test';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { startWebHost, type RunningWebHost } from '../support/web-host-process';
import { AppShell } from './pages/app-shell';
import { RoutersPage } from './pages/routers-page';

const skip = labSuiteSkipReason();
test.skip(skip !== null, `needs the practice router lab: ${skip}`);

const LAB = 'e2e-guide-ncs';
const NEW_PASSWORD = `guide pw'"$(x)`;
let lab: LabInfo;
let host: RunningWebHost;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await labDown({ name: LAB }).catch(() => undefined);
  lab = await labUp({ platform: 'ncs5500', name: LAB, diskMb: 64 });
  host = await startWebHost();
});
test.afterAll(async () => {
  await host?.stop();
  await labDown({ name: LAB }).catch(() => undefined);
});

test('physical router: from the router choice to docker ps over 57722, with the host key trusted by the user', async ({ page }) => {
  test.setTimeout(240_000);
  const app = new AppShell(page);
  await app.open(host.url);
  const cli = lab.endpoints.xrCli!;

  await app.go('Routers');
  await new RoutersPage(page).add({ name: 'ncs5508', platform: 'ncs5500', host: lab.labAddress, user: cli.user ?? 'root', password: cli.password ?? '' });

  await app.go('Guide');
  const guide = app.guide;
  await guide.choosePath('physical');
  await guide.run('prerequisites');
  await expect(guide.step('prerequisites')).not.toHaveAttribute('data-status', 'failed');

  const chooser = page.getByTestId('router-chooser');
  await expect(chooser.getByLabel('Router')).toHaveValue('ncs5508');
  await chooser.getByLabel('New XR shell user').fill('cisco');
  await chooser.getByRole('button', { name: 'Work on this router' }).click();

  // The XR CLI: the host key is shown, the user trusts it, the router answers.
  await guide.action('reach-cli').click();
  const dialog = page.getByTestId('prompt-dialog');
  await expect(dialog).toContainText('SHA256:');
  await dialog.getByRole('button', { name: 'Trust and connect' }).click();
  await expect(guide.step('reach-cli')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(guide.step('reach-cli')).toContainText(/ncs5508 answers: IOS XR [0-9.]+\./);

  // Onboarding asks for the new user's password, then does the tutorial's steps.
  await guide.action('onboard').click();
  await expect(dialog).toContainText('Password for cisco');
  await dialog.getByLabel('Password').fill(NEW_PASSWORD);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  // Port 57722 is another SSH server with its own host key: the user is asked again.
  await expect(dialog).toContainText(`Trust cisco@${lab.labAddress}:57722?`, { timeout: 90_000 });
  await expect(dialog).toContainText('SHA256:');
  await dialog.getByRole('button', { name: 'Trust and connect' }).click();
  await expect(guide.step('onboard')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(guide.step('onboard')).toContainText('docker ps answers over 57722 as cisco');
  await expect(page.getByTestId('guide-progress')).toHaveText('3 of 3 steps done');

  // On the router: the user exists in the sudo group and 57722 is open.
  expect((await labExec(LAB, ['id', '-nG', 'cisco'])).stdout).toMatch(/\bsudo\b/);
  // The Routers page now shows the XR shell login onboarding made.
  await app.go('Routers');
  await expect(new RoutersPage(page).card('ncs5508')).toContainText('cisco · port 57722');
});
