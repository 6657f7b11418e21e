import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, startWebHost } from './fixtures';
import { ensurePrerequisitesRan } from './helpers';
import { AppShell } from './pages/app-shell';

test('Activity draws the Prerequisites task with its state, progress, elapsed time and log', async ({ app }) => {
  await ensurePrerequisitesRan(app);
  await app.go('Activity');
  const card = app.activity.cards.first();
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute('data-state', /succeeded|failed/);
  await expect(card.getByText('this computer', { exact: true })).toBeVisible();
  await expect(card.getByText(/^Took /)).toBeVisible();
  const bar = card.getByRole('progressbar');
  if (await bar.count()) {
    await expect(bar).toHaveAttribute('aria-valuemin', '0');
    await expect(bar).toHaveAttribute('aria-valuemax', '100');
  }
  const log = await app.activity.showLog(card);
  await expect(log).not.toBeEmpty();
  await expect(card.getByRole('button', { name: 'Hide log' })).toHaveAttribute('aria-expanded', 'true');
});

test('"Clear finished" removes finished tasks, and the Guide keeps its verdicts', async ({ app }) => {
  await ensurePrerequisitesRan(app);
  await app.go('Activity');
  await expect(app.activity.cards.first()).toBeVisible();
  await app.activity.clearFinished.click();
  await expect(app.activity.cards).toHaveCount(0);
  await expect(app.main.getByText('Nothing has run yet')).toBeVisible();
  await app.go('Guide');
  await expect(app.guide.checkRows().first()).toBeVisible();
  await expect(app.guide.verdict('prerequisites')).toBeVisible();
});

test('a run whose checks find a failure shows the failed verdict in Activity, not "Succeeded"', async ({ page }) => {
  // A host whose PATH holds none of the tools the checks look for: Vagrant, VirtualBox and
  // the others are "not found", so the run ends with failed checks.
  const noTools = mkdtempSync(join(tmpdir(), 'xrcl-no-tools-'));
  const host = await startWebHost({ env: { PATH: noTools } });
  try {
    const app = new AppShell(page);
    await app.open(host.url);
    await app.guide.choosePath('vagrant');
    await app.guide.run('prerequisites');
    await expect(app.guide.step('prerequisites')).toHaveAttribute('data-status', 'failed');

    await app.go('Activity');
    const card = app.activity.card('Check this computer');
    await expect(card).toHaveCount(1);
    // The job ran to the end; what it found is a failure, and that is what the card says.
    await expect(card).toHaveAttribute('data-state', 'succeeded');
    await expect(card).toHaveAttribute('data-verdict', 'failed');
    await expect(card.locator('.badge')).toHaveText('Failed');
    await expect(card.getByText('Succeeded')).toHaveCount(0);
    await expect(card.getByTestId('task-ran')).toHaveText('Job ran to the end');
    await expect(card.getByTestId('task-outcome')).toHaveText(/checks? failed: .*VirtualBox/);
  } finally {
    await host.stop();
    rmSync(noTools, { recursive: true, force: true });
  }
});
