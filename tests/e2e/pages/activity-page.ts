import { expect, type Locator, type Page } from '@playwright/test';

/** Activity: one TaskCard per task. */
export class ActivityPage {
  constructor(readonly page: Page) {}

  get cards(): Locator {
    return this.page.getByTestId('task-card');
  }

  card(title: string | RegExp): Locator {
    return this.cards.filter({ has: this.page.getByRole('heading', { name: title }) });
  }

  async showLog(card: Locator): Promise<Locator> {
    await card.getByRole('button', { name: 'Show log' }).click();
    const log = card.getByRole('log');
    await expect(log).toBeVisible();
    return log;
  }

  get clearFinished(): Locator {
    return this.page.getByTestId('clear-finished');
  }
}
