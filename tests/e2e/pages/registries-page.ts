import { expect, type Locator, type Page } from '@playwright/test';

/** Registries: the list, the create and push dialogs, the image browser. */
export class RegistriesPage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  card(name: string): Locator {
    return this.page.getByTestId(`registry-${name}`);
  }

  async create(f: { name: string; port: number; address: string; kind?: 'insecure' | 'tls' }): Promise<void> {
    await this.page.getByRole('button', { name: 'New registry' }).first().click();
    const d = this.dialog;
    await expect(d).toBeVisible();
    await d.getByLabel('Name', { exact: true }).fill(f.name);
    await d.getByLabel('Port').fill(String(f.port));
    await d.getByLabel(f.kind === 'tls' ? /TLS, certificate made here/ : /Insecure \(plain HTTP\)/).check();
    await d.getByLabel('Address the router uses').selectOption(f.address);
    await d.getByRole('button', { name: 'Create and start' }).click();
    await expect(d).toBeHidden({ timeout: 30_000 });
  }

  async pushTarball(registry: string, path: string, as: string): Promise<void> {
    await this.page.getByRole('button', { name: `Push an image to ${registry}` }).click();
    const d = this.dialog;
    await expect(d).toBeVisible();
    await d.getByLabel('Tarball path').fill(path);
    await d.getByLabel(/Push as/).fill(as);
    await d.getByRole('button', { name: 'Push', exact: true }).click();
  }

  async addExisting(f: { name: string; url: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'Add existing' }).click();
    const d = this.dialog;
    await expect(d).toBeVisible();
    await d.getByLabel('Name', { exact: true }).fill(f.name);
    await d.getByLabel('URL').fill(f.url);
    await d.getByRole('button', { name: 'Check and add' }).click();
  }

  tagRow(registry: string, repoTag: string): Locator {
    return this.page.getByTestId(`registry-browser-${registry}`).getByTestId(`tag-${repoTag}`);
  }
}
