import { expect, type Locator, type Page } from '@playwright/test';
import { GuidePage } from './guide-page';
import { ActivityPage } from './activity-page';
import { SettingsPage } from './settings-page';

export type RailItem = 'Guide' | 'Routers' | 'Registries' | 'Images' | 'Containers' | 'Activity' | 'Settings';
export const RAIL_ITEMS: RailItem[] = ['Guide', 'Routers', 'Registries', 'Images', 'Containers', 'Activity', 'Settings'];

/** The window: title bar, rail, and the screens behind it. */
export class AppShell {
  readonly rail: Locator;
  readonly main: Locator;
  readonly guide: GuidePage;
  readonly activity: ActivityPage;
  readonly settings: SettingsPage;

  constructor(readonly page: Page) {
    this.rail = page.getByRole('navigation', { name: 'Main' });
    this.main = page.getByRole('main');
    this.guide = new GuidePage(page);
    this.activity = new ActivityPage(page);
    this.settings = new SettingsPage(page);
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.rail).toBeVisible();
    await expect(this.page.getByText('Browser mode')).toBeVisible();
  }

  railItem(name: RailItem): Locator {
    return this.rail.getByRole('button', { name, exact: true });
  }

  async go(name: RailItem): Promise<void> {
    await this.railItem(name).click();
    await expect(this.railItem(name)).toHaveAttribute('aria-current', 'page');
    await expect(this.main.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  /** The app's resolved theme, as painted on <html data-theme>. */
  async theme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme');
  }
}
