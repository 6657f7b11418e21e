import { expect, type Locator, type Page } from '@playwright/test';

export interface RouterFields {
  name: string;
  platform?: 'ncs5500' | 'asr9k' | 'vagrant' | 'devbox';
  host: string;
  user: string;
  password?: string;
  cliPort?: string;
  shellPort?: string;
  jump?: string;
}

/** Routers: the list of targets and the add/edit dialog. */
export class RoutersPage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  card(name: string): Locator {
    return this.page.getByTestId(`router-${name}`);
  }

  async fill(f: Partial<RouterFields>): Promise<void> {
    const d = this.dialog;
    if (f.name !== undefined) await d.getByLabel('Name', { exact: true }).fill(f.name);
    if (f.platform) await d.getByLabel('Platform').selectOption(f.platform);
    if (f.host !== undefined) await d.getByLabel('Management address').fill(f.host);
    if (f.cliPort !== undefined) await d.getByLabel('XR CLI port').fill(f.cliPort);
    if (f.shellPort !== undefined) await d.getByLabel(/XR shell port|SSH port/).fill(f.shellPort);
    if (f.user !== undefined) await d.getByLabel(/^(XR CLI user|User)$/).fill(f.user);
    if (f.password !== undefined) await d.getByLabel('Password', { exact: true }).fill(f.password);
    if (f.jump !== undefined) await d.getByLabel(/Jump host/).selectOption(f.jump);
  }

  async add(f: RouterFields): Promise<void> {
    await this.page.getByRole('button', { name: 'Add router' }).first().click();
    await expect(this.dialog).toBeVisible();
    await this.fill(f);
    await this.dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(this.dialog).toBeHidden();
    await expect(this.card(f.name)).toBeVisible();
  }
}
