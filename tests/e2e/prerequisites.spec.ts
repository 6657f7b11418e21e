// The first step on each router path, against the real checks on this computer. The web host
// runs with a PATH on which VirtualBox is not installed (whatever this machine has), so the
// outcome of the VirtualBox check is known: the physical-router path must pass without it,
// the Vagrant path must fail on it.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, startWebHost } from './fixtures';
import type { RunningWebHost } from '../support/web-host-process';
import { pathWithout, type ShadowPath } from '../support/path-without';
import type { Api } from '../../src-shared/contract';
import { AppShell } from './pages/app-shell';
import type { CheckRowData } from './pages/guide-page';
import { tabTo } from './helpers';

test.describe.configure({ mode: 'serial' });

let host: RunningWebHost;
let shadow: ShadowPath;
test.beforeAll(async () => {
  shadow = pathWithout(['VBoxManage']);
  host = await startWebHost({ env: { PATH: shadow.path } });
});
test.afterAll(async () => {
  await host?.stop();
  shadow?.cleanup();
});

async function openApp(page: import('@playwright/test').Page): Promise<AppShell> {
  const app = new AppShell(page);
  await app.open(host.url);
  return app;
}

/** The whole log the Prerequisites task kept (the terminal only draws its viewport). */
async function fullLog(app: AppShell): Promise<string> {
  return app.page.evaluate(async () => {
    const api = (globalThis as unknown as { api: Api }).api;
    const all = await api.call('tasks.list');
    const task = all.filter((t) => t.kind === 'wizard:prerequisites').sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    return task ? (await api.call('tasks.log', { id: task.id })).text : '';
  });
}

let before: { status: string | null; current: string | null; checks: CheckRowData[]; verdict: string } | null = null;

test('asks which router first; until then the Prerequisites action leads to that choice, by keyboard too', async ({ page }) => {
  const app = await openApp(page);
  const guide = app.guide;
  await expect(guide.pathChooser.getByRole('group', { name: 'Which router will you use?' })).toBeVisible();
  await expect(guide.pathChooser.getByRole('radio')).toHaveCount(3);
  // The open choice passes axe (the accessibility suite scans the Guide after a path is chosen).
  const axeOptions = { page } as unknown as ConstructorParameters<typeof AxeBuilder>[0];
  const scan = await new AxeBuilder(axeOptions).include('[data-testid="path-chooser"]').withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']).analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  const action = guide.action('prerequisites');
  await expect(action).toHaveText('Choose your router first');
  await expect(action).toBeEnabled();

  // The action takes keyboard users to the choice; the arrows pick, Enter on the button confirms.
  await action.click();
  await expect(guide.pathOption('vagrant')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(guide.pathOption('vagrant')).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(guide.pathOption('physical')).toBeFocused();
  await expect(guide.pathOption('physical')).toBeChecked();
  await tabTo(page, guide.pathChooser.getByRole('button', { name: 'Use this router' }), 3);
  await page.keyboard.press('Enter');
  await expect(guide.pathChooser.getByTestId('chosen-path')).toHaveText('A physical NCS5500 or ASR9k');
  await expect(action).toHaveText('Run checks');
  // Focus moves on to the step that can now run, rather than falling back to the page.
  await expect(action).toBeFocused();

  // The choice is kept.
  await page.reload();
  await expect(app.guide.pathChooser.getByTestId('chosen-path')).toHaveText('A physical NCS5500 or ASR9k');
});

test('the physical-router path passes Prerequisites without VirtualBox: those checks are skipped, not run', async ({ page }) => {
  const app = await openApp(page);
  const guide = app.guide;
  const step = guide.step('prerequisites');
  await expect(step).toHaveAttribute('data-expanded', 'true');
  await expect(step.getByRole('button', { name: /^Copy / }).first()).toBeVisible();

  await guide.run('prerequisites');
  const status = await step.getAttribute('data-status');
  expect(['done', 'attention']).toContain(status);
  // The Guide moved on to reaching the router; the checks stay readable on this card.
  await guide.expand('prerequisites');
  await expect(guide.verdict('prerequisites')).not.toBeEmpty();

  const checks = await guide.readChecks();
  const byId = (id: string): CheckRowData | undefined => checks.find((c) => c.id === id);
  for (const id of ['virtualbox', 'vagrant', 'iosxrv-box', 'hw-virtualization']) {
    expect(byId(id), `${id} is listed`).toMatchObject({ status: 'skip', badge: 'Skipped', message: 'Not needed for a physical router.' });
  }
  for (const c of checks) {
    expect(c.title, 'every check has a title').not.toBe('');
    expect(c.badge, `${c.title}: the badge says its verdict in words`).toMatch(/^(Pass|Warning|Fail|Skipped)$/);
    expect(c.value, `${c.title}: a measured value`).not.toBe('');
    expect(c.message, `${c.title}: a message`).not.toBe('');
    expect(c.status, `${c.title}: nothing fails on this path`).not.toBe('fail');
  }
  // Docker and ssh are measured for real, as advised checks.
  expect(byId('docker')).toMatchObject({ advised: true });
  expect(byId('ssh')).toMatchObject({ advised: true });
  expect(byId('docker')?.status).not.toBe('skip');

  for (const row of await guide.checkRows().all()) {
    const s = await row.getAttribute('data-status');
    if (s === 'warn' || s === 'fail') await expect(row.getByTestId('check-fix')).toBeVisible();
    if (s === 'skip') await expect(row.getByTestId('check-fix')).toHaveCount(0);
  }
  expect(await guide.summary()).toEqual({
    pass: checks.filter((c) => c.status === 'pass').length,
    warn: checks.filter((c) => c.status === 'warn').length,
    fail: 0,
    skip: checks.filter((c) => c.status === 'skip').length,
  });

  // The log holds the commands that ran, and none of the skipped ones.
  const log = await fullLog(app);
  for (const command of ['$ ssh -V', '$ docker version --format']) expect(log).toContain(command);
  expect(log).not.toContain('VBoxManage');
  expect(log).not.toContain('$ vagrant');
  await expect(app.page.getByTestId('guide-progress')).toHaveText('1 of 3 steps done');
});

test('the Vagrant path fails on the missing VirtualBox, with the install fix and a link that opens outside', async ({ page }) => {
  const app = await openApp(page);
  const guide = app.guide;
  const step = guide.step('prerequisites');

  // Changing the router says what changes, then starts the checks over.
  await guide.pathChooser.getByRole('button', { name: 'Change router' }).click();
  await expect(guide.pathOption('physical')).toBeChecked();
  await expect(guide.pathChooser.getByTestId('path-change-note')).toContainText('“Check this computer” over');
  await guide.choosePath('vagrant');
  await expect(step).toHaveAttribute('data-status', 'ready');
  await expect(guide.checkRows()).toHaveCount(0);

  await guide.run('prerequisites');
  await expect(step).toHaveAttribute('data-status', 'failed');
  await expect(guide.verdict('prerequisites')).toContainText('VirtualBox');
  const vbox = guide.checkRow(/^VirtualBox$/);
  await expect(vbox).toHaveAttribute('data-status', 'fail');
  await expect(vbox.getByTestId('check-value')).toHaveText('not found');
  const link = vbox.getByTestId('check-fix').getByRole('link', { name: /virtualbox\.org/ });
  await expect(link).toHaveAttribute('href', 'https://www.virtualbox.org/wiki/Linux_Downloads');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  // Hardware virtualisation is measured on this path.
  await expect(guide.checkRow(/Hardware virtualisation/)).not.toHaveAttribute('data-status', 'skip');

  const log = await fullLog(app);
  expect(log).toContain('$ VBoxManage --version');
  expect(log).toContain('(VBoxManage: not found)');
  await expect(app.page.getByTestId('guide-progress')).toHaveText('0 of 6 steps done');

  before = {
    status: await step.getAttribute('data-status'),
    current: await guide.currentStep.getAttribute('data-step-id'),
    checks: await guide.readChecks(),
    verdict: (await guide.verdict('prerequisites').innerText()).trim(),
  };
});

test('after a reload the wizard is where it was: same router, same step, same verdicts', async ({ page }) => {
  expect(before, 'the previous test ran the checks').not.toBeNull();
  const app = await openApp(page);
  const guide = app.guide;
  await expect(guide.pathChooser.getByTestId('chosen-path')).toHaveText('IOS-XRv Vagrant box on this computer');
  await expect(guide.currentStep).toHaveAttribute('data-step-id', before!.current!);
  await expect(guide.step('prerequisites')).toHaveAttribute('data-status', before!.status!);
  await expect(guide.verdict('prerequisites')).toHaveText(before!.verdict);
  await expect(guide.checkRows()).toHaveCount(before!.checks.length);
  expect(await guide.readChecks()).toEqual(before!.checks);
});
