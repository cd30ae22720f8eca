import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Collects console errors and uncaught exceptions of a page, to assert none happened. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Why a test that calls {@link seriousViolations} is marked slow (`test.slow(AXE_RUN)`): an axe
 * analysis of a whole page takes seconds on an idle machine and up to half a minute on a busy
 * 2-core CI runner.
 */
export const AXE_RUN = 'runs axe over a whole page';

/** Serious and critical accessibility violations, as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** The first link of an index page's list, so tests follow the demo content instead of hard-coding ids. */
export async function firstLinkOn(page: Page, indexPath: string, selector: string): Promise<string> {
  await page.goto(indexPath);
  const href = await page.locator(selector).first().getAttribute('href');
  expect(href, `a link matching ${selector} on ${indexPath}`).toBeTruthy();
  return href!;
}
