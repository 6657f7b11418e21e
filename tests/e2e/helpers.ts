import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './pages/app-shell';

/** Presses Tab until `target` has focus; fails after `max` presses. Returns the presses used. */
export async function tabTo(page: Page, target: Locator, max = 60): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return i;
  }
  throw new Error(`Not reachable with ${max} presses of Tab: ${target.toString()}`);
}

/** The focused element draws a visible focus indicator (an outline or a ring of box-shadow). */
export async function expectVisibleFocus(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const style = await target.evaluate((el) => {
    const s = el.ownerDocument.defaultView.getComputedStyle(el);
    return { outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), boxShadow: s.boxShadow };
  });
  const hasOutline = style.outlineStyle !== 'none' && style.outlineWidth >= 1;
  const hasRing = style.boxShadow !== 'none' && style.boxShadow !== '';
  expect(hasOutline || hasRing, `focus indicator on ${target.toString()}: ${JSON.stringify(style)}`).toBe(true);
}

/**
 * Runs Prerequisites once per web host: later tests reuse its task and verdicts. Chooses the
 * Vagrant path first when no router is chosen yet: it runs every kind of check (with fixes).
 */
export async function ensurePrerequisitesRan(app: AppShell): Promise<void> {
  await app.go('Guide');
  const step = app.guide.step('prerequisites');
  await expect(step).toBeVisible();
  if ((await app.guide.pathChooser.getAttribute('data-path')) === '') await app.guide.choosePath('vagrant');
  if ((await app.guide.checkRows().count()) === 0) await app.guide.run('prerequisites');
  await expect(app.guide.checkRows().first()).toBeVisible();
}

/** axe-core's WCAG 2.1 AA and best-practice rules on the page as it is now: no violations. */
export async function axe(page: Page, label: string): Promise<void> {
  // @axe-core/playwright is typed against a newer playwright-core than @playwright/test's Page.
  const options = { page } as unknown as ConstructorParameters<typeof AxeBuilder>[0];
  const results = await new AxeBuilder(options).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const report = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  }));
  expect(report, `axe violations on ${label}`).toEqual([]);
}
