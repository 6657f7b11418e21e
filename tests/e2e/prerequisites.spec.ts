import { test, expect } from './fixtures';
import type { Api } from '../../src-shared/contract';
import type { CheckRowData } from './pages/guide-page';

test.describe.configure({ mode: 'serial' });

let before: { status: string | null; current: string | null; checks: CheckRowData[]; verdict: string } | null = null;

test('runs Prerequisites and shows every check with its verdict and measured value', async ({ app }) => {
  const guide = app.guide;
  const step = guide.step('prerequisites');
  await expect(step).toHaveAttribute('data-expanded', 'true');
  await expect(step.getByRole('heading', { level: 2 })).not.toBeEmpty();
  // The manual commands it stands for, each with a copy button.
  await expect(step.getByRole('button', { name: /^Copy / }).first()).toBeVisible();

  await guide.action('prerequisites').click();
  // The checks take about a second here: the running state is asserted where it cannot race
  // the end of the run (the output opens while running and stays open afterwards).
  await expect(step.getByRole('log')).toBeVisible();
  await expect(step.getByTestId('step-progress').or(guide.verdict('prerequisites'))).toBeVisible();
  await expect(step).not.toHaveAttribute('data-status', 'running', { timeout: 90_000 });
  await expect(guide.action('prerequisites')).toBeEnabled();
  await expect(step.getByRole('log')).toBeVisible();

  const status = await step.getAttribute('data-status');
  expect(['done', 'attention', 'failed']).toContain(status);
  await expect(guide.verdict('prerequisites')).toBeVisible();
  await expect(guide.verdict('prerequisites')).not.toBeEmpty();

  const checks = await guide.readChecks();
  expect(checks.length).toBeGreaterThanOrEqual(8);
  for (const c of checks) {
    expect(c.title, 'every check has a title').not.toBe('');
    expect(['pass', 'warn', 'fail']).toContain(c.status);
    expect(c.badge, `${c.title}: the badge says its verdict in words`).toMatch(/^(Pass|Warning|Fail)$/);
    expect(c.value, `${c.title}: a measured value`).not.toBe('');
    expect(c.message, `${c.title}: a message`).not.toBe('');
  }
  // Checks that are real on this machine: a Docker engine and an ssh client.
  const docker = checks.find((c) => /docker/i.test(c.title));
  const ssh = checks.find((c) => /\bssh\b/i.test(c.title));
  expect(docker, 'a Docker check row').toBeDefined();
  expect(ssh, 'an ssh check row').toBeDefined();
  expect(docker!.value.length).toBeGreaterThan(0);
  expect(ssh!.value.length).toBeGreaterThan(0);

  // Warn and fail rows carry their fix.
  for (const row of await guide.checkRows().all()) {
    const s = await row.getAttribute('data-status');
    if (s !== 'pass') await expect(row.getByTestId('check-fix')).toBeVisible();
  }

  // The summary agrees with the rows.
  const summary = await guide.summary();
  expect(summary).toEqual({
    pass: checks.filter((c) => c.status === 'pass').length,
    warn: checks.filter((c) => c.status === 'warn').length,
    fail: checks.filter((c) => c.status === 'fail').length,
  });

  // The run is in the task log, with the commands the checks ran.
  const log = await guide.showOutput('prerequisites');
  await expect(log).not.toBeEmpty();
  // The terminal draws only its viewport; the whole log is what the task kept.
  const fullLog = await app.page.evaluate(async () => {
    const api = (globalThis as unknown as { api: Api }).api;
    const all = await api.call('tasks.list');
    const task = all.find((t) => t.kind === 'wizard:prerequisites');
    return task ? (await api.call('tasks.log', { id: task.id })).text : '';
  });
  for (const command of ['$ ssh -V', '$ git --version', '$ docker version --format']) expect(fullLog).toContain(command);

  // A step with notes to read still counts as passed; a failed one does not.
  await expect(app.page.getByTestId('guide-progress')).toHaveText(status === 'failed' ? '0 of 1 step done' : '1 of 1 step done');

  before = {
    status,
    current: await guide.currentStep.getAttribute('data-step-id'),
    checks,
    verdict: (await guide.verdict('prerequisites').innerText()).trim(),
  };
});

test('after a reload the wizard is where it was: same step, same verdicts', async ({ app, page }) => {
  expect(before, 'the previous test ran the checks').not.toBeNull();
  await app.go('Guide');
  await page.reload();
  await expect(app.rail).toBeVisible();
  const guide = app.guide;
  await expect(guide.currentStep).toHaveAttribute('data-step-id', before!.current!);
  await expect(guide.step('prerequisites')).toHaveAttribute('data-status', before!.status!);
  await expect(guide.verdict('prerequisites')).toHaveText(before!.verdict);
  await expect(guide.checkRows()).toHaveCount(before!.checks.length);
  expect(await guide.readChecks()).toEqual(before!.checks);
});
