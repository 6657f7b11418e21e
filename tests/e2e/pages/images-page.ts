import { expect, type Locator, type Page } from '@playwright/test';

export interface BuildFields {
  format?: 'image' | 'container';
  base?: string;
  add?: Array<[string, string]>;
  tag?: string;
  cmd?: string;
  env?: string;
  output: string;
  gzip?: boolean;
}

/** Images: the Build, Inspect and Send tabs. */
export class ImagesPage {
  constructor(readonly page: Page) {}

  get main(): Locator {
    return this.page.getByRole('main');
  }

  async tab(name: 'Build' | 'Inspect' | 'Send to a router'): Promise<void> {
    const tab = this.main.getByRole('tab', { name });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  async build(f: BuildFields): Promise<Locator> {
    await this.tab('Build');
    const form = this.main.getByRole('form', { name: 'Build a tarball' });
    if (f.format === 'container') await form.getByLabel(/Container file system/).check();
    if (f.base !== undefined) await form.getByLabel('Base tarball').fill(f.base);
    for (const [i, [src, dest]] of (f.add ?? []).entries()) {
      if (i > 0) await form.getByRole('button', { name: 'Add a file' }).click();
      await form.getByLabel(`Added file ${i + 1}: path on this computer`).fill(src);
      await form.getByLabel(`Added file ${i + 1}: path in the image`).fill(dest);
    }
    if (f.tag !== undefined) await form.getByLabel('Tag').fill(f.tag);
    if (f.cmd !== undefined) await form.getByLabel('Command').fill(f.cmd);
    if (f.env !== undefined) await form.getByLabel('Environment').fill(f.env);
    await form.getByLabel('Write to').fill(f.output);
    if (f.gzip) await form.getByLabel(/Gzip/).check();
    await form.getByRole('button', { name: 'Build' }).click();
    const result = this.main.getByTestId('build-result');
    await expect(result).toBeVisible({ timeout: 30_000 });
    return result;
  }

  async inspect(file: string): Promise<Locator> {
    await this.tab('Inspect');
    const form = this.main.getByRole('form', { name: 'Inspect a tarball' });
    await form.getByLabel('Tarball on this computer').fill(file);
    await form.getByRole('button', { name: 'Inspect' }).click();
    const summary = this.main.getByTestId('inspection');
    await expect(summary).toBeVisible();
    return summary;
  }

  get sendForm(): Locator {
    return this.main.getByRole('form', { name: 'Send a tarball to a router' });
  }
}
