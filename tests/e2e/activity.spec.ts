import { test, expect } from './fixtures';
import { ensurePrerequisitesRan } from './helpers';

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
