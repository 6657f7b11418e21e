import { expect, type Locator, type Page } from '@playwright/test';
import { TARGET_PATH_INFO, type TargetPath } from '../../../src-shared/types/wizard';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckRowData {
  id: string;
  title: string;
  status: CheckStatus;
  badge: string;
  value: string;
  message: string;
  /** True when the row says the check is only advised on the chosen path. */
  advised: boolean;
}

/** The Guide: a stepper of step cards; the Prerequisites step holds the check rows. */
export class GuidePage {
  constructor(readonly page: Page) {}

  /** The "Which router will you use?" choice at the top of the Guide. */
  get pathChooser(): Locator {
    return this.page.getByTestId('path-chooser');
  }

  pathOption(path: TargetPath): Locator {
    return this.pathChooser.getByRole('radio', { name: TARGET_PATH_INFO[path].title });
  }

  /** Chooses (or changes to) a router path and waits until the Guide shows it as chosen. */
  async choosePath(path: TargetPath): Promise<void> {
    const change = this.pathChooser.getByRole('button', { name: 'Change router' });
    if (await change.isVisible()) await change.click();
    await this.pathOption(path).check();
    await this.pathChooser.getByRole('button', { name: 'Use this router' }).click();
    await expect(this.pathChooser.getByTestId('chosen-path')).toHaveText(TARGET_PATH_INFO[path].title);
  }

  step(stepId: string): Locator {
    return this.page.locator(`[data-testid="step-card"][data-step-id="${stepId}"]`);
  }

  get currentStep(): Locator {
    return this.page.locator('[data-testid="step-card"][data-expanded="true"]');
  }

  action(stepId: string): Locator {
    return this.step(stepId).getByTestId('step-action');
  }

  verdict(stepId: string): Locator {
    return this.step(stepId).getByTestId('step-verdict');
  }

  checkRows(stepId = 'prerequisites'): Locator {
    return this.step(stepId).getByTestId('check-row');
  }

  checkRow(title: RegExp, stepId = 'prerequisites'): Locator {
    return this.checkRows(stepId).filter({ has: this.page.getByTestId('check-title').filter({ hasText: title }) });
  }

  /** Opens a step's card (a finished step folds when the Guide moves on to the next one). */
  async expand(stepId: string): Promise<void> {
    const card = this.step(stepId);
    if ((await card.getAttribute('data-expanded')) === 'true') return;
    await card.getByRole('button').first().click();
    await expect(card).toHaveAttribute('data-expanded', 'true');
  }

  /** Runs a step and waits until it has left the running state. */
  async run(stepId: string, timeout = 90_000): Promise<void> {
    const card = this.step(stepId);
    const before = await card.getAttribute('data-status');
    await this.action(stepId).click();
    // A fast step may finish before a poll sees it running: wait for its output, or (when the
    // Guide already moved on to the next step and folded this card) for its new status.
    await expect(async () => {
      const moved = before === 'ready' && (await card.getAttribute('data-status')) !== 'ready';
      expect(moved || (await card.getByRole('log').isVisible())).toBe(true);
    }).toPass({ timeout });
    await expect(card).not.toHaveAttribute('data-status', 'running', { timeout });
    if (before === 'ready') await expect(card).not.toHaveAttribute('data-status', 'ready');
  }

  async readChecks(stepId = 'prerequisites'): Promise<CheckRowData[]> {
    const rows = await this.checkRows(stepId).all();
    const out: CheckRowData[] = [];
    for (const row of rows) {
      out.push({
        id: (await row.getAttribute('data-check-id')) ?? '',
        title: (await row.getByTestId('check-title').innerText()).trim(),
        status: (await row.getAttribute('data-status')) as CheckStatus,
        badge: (await row.locator('.badge').first().innerText()).trim(),
        value: (await row.getByTestId('check-value').innerText()).trim(),
        message: (await row.getByTestId('check-message').innerText()).trim(),
        advised: (await row.getByTestId('check-need').count()) > 0,
      });
    }
    return out;
  }

  /** The counts the summary badges claim: { pass, warn, fail, skip } (no skip badge: none skipped). */
  async summary(stepId = 'prerequisites'): Promise<Record<CheckStatus, number>> {
    const card = this.step(stepId);
    const n = async (which: string): Promise<number> => {
      const badge = card.getByTestId(`summary-${which}`);
      if (which === 'skip' && (await badge.count()) === 0) return 0;
      const text = await badge.innerText();
      const m = /(\d+)/.exec(text);
      if (!m?.[1]) throw new Error(`No count in summary badge "${text}"`);
      return Number(m[1]);
    };
    return { pass: await n('pass'), warn: await n('warn'), fail: await n('fail'), skip: await n('skip') };
  }

  async showOutput(stepId: string): Promise<Locator> {
    const toggle = this.step(stepId).getByRole('button', { name: /Show output/ });
    if (await toggle.isVisible()) await toggle.click();
    const log = this.step(stepId).getByRole('log');
    await expect(log).toBeVisible();
    return log;
  }
}
