import { expect, type Locator, type Page } from '@playwright/test';

/** Containers: the router's containers, the run dialog, each container's actions. */
export class ContainersPage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  card(name: string): Locator {
    return this.page.getByTestId(`container-${name}`);
  }

  async openRunDialog(): Promise<void> {
    await this.page.getByRole('button', { name: 'Run container' }).first().click();
    await expect(this.dialog).toBeVisible();
  }

  /** The command the dialog shows before it runs. */
  get preview(): Locator {
    return this.dialog.getByTestId('run-preview');
  }

  get problems(): Locator {
    return this.dialog.getByTestId('run-problems');
  }
}
