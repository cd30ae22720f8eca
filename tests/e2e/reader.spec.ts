/**
 * The reader on a phone (390×844) and a desktop (1366×900): header, navigation, no page-wide
 * sideways scroll, wide tables in their own scroll boxes, identifiers that wrap between words, and
 * axe on every page type in both themes.
 */
import { expect, test, type Page } from '@playwright/test';
import { AXE_RUN, seriousViolations, watchErrors } from './helpers.ts';

const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
} as const;

const RUNBOOK = '/runbooks/cdn-502-504/';
const CHANGE = '/changes/checkout-db-pool-sizing/';
const PLANNED_CHANGE = '/changes/db-roles-automatic-rotation/';

/** One page of every kind the site has. */
const PAGE_TYPES = [
  '/',
  '/runbooks/',
  RUNBOOK,
  '/alerts/',
  '/changes/',
  CHANGE,
  '/services/',
  '/services/checkout-api/',
  '/teams/',
  '/teams/platform/',
  '/checklists/',
  '/checklists/implementation/',
  '/tags/',
  '/tags/cdn/',
  '/parity/',
  '/reviews/',
  '/search/',
  '/404.html',
];

/** How far the page scrolls sideways; 0 when nothing is wider than the window. */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test.describe(`${device} ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('the header is one row of at most 64 px with the wordmark', async ({ page }) => {
      await page.goto(RUNBOOK);
      const header = page.locator('header.site-header');
      const box = await header.boundingBox();
      expect(box!.height).toBeLessThanOrEqual(64);
      await expect(page.getByRole('link', { name: 'paritybook, home' })).toBeVisible();
      await expect(page.locator('.site-header .wordmark svg')).toBeVisible();
    });

    // One test per page and theme: each axe run gets the time of a slow test on a busy runner.
    for (const path of PAGE_TYPES) {
      for (const colorScheme of ['light', 'dark'] as const) {
        test(`${path} ${colorScheme}: no sideways page scroll, no console message, no serious axe violation`, async ({
          browser,
        }) => {
          test.slow(true, AXE_RUN);
          const context = await browser.newContext({ viewport, colorScheme });
          const page = await context.newPage();
          const errors = watchErrors(page);
          const warnings: string[] = [];
          page.on('console', (message) => {
            // Playwright itself reports blocking the offline copy's service worker (playwright.config.ts); not the page's.
            if (message.type() === 'warning' && !message.text().includes('blocked by Playwright'))
              warnings.push(message.text());
          });
          await page.goto(path);
          await expect(page.locator('main h1')).toBeVisible();
          expect(await sidewaysOverflow(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
          expect(await seriousViolations(page)).toEqual([]);
          expect(errors).toEqual([]);
          expect(warnings).toEqual([]);
          await context.close();
        });
      }
    }

    test('wide tables scroll inside a labelled region that takes keyboard focus', async ({ page }) => {
      await page.goto('/runbooks/');
      const region = page.getByRole('region', { name: 'Runbooks of Checkout API' });
      await expect(region).toHaveAttribute('tabindex', '0');
      await region.focus();
      await expect(region).toBeFocused();
      if (device === 'phone') {
        // The review column is reachable by scrolling the region, not cut off.
        await region.scrollIntoViewIfNeeded();
        const review = region.locator('td:last-child').first();
        await expect.poll(async () => (await review.boundingBox())!.x + 1).toBeGreaterThan(viewport.width);
        await region.evaluate((element) => (element.scrollLeft = element.scrollWidth));
        await expect
          .poll(async () => {
            const box = (await review.boundingBox())!;
            return box.x + box.width;
          })
          .toBeLessThanOrEqual(viewport.width);
      }
      // Markdown tables in a note body get the same box.
      await page.goto('/runbooks/redis-connection-limit/');
      const bodyTable = page.locator('.note-body .scroll-region[role="region"][tabindex="0"] > table');
      await expect(bodyTable.first()).toBeVisible();
      await expect(page.locator('.note-body .scroll-region').first()).toHaveAttribute('aria-label', /^Table: path/);
    });

    test('alert names wrap between words, never letter by letter', async ({ page }) => {
      await page.goto('/runbooks/');
      const alert = page.locator('.runbook-table .alert-name', { hasText: 'KubePodCrashLooping' }).first();
      await expect(alert).toHaveText('KubePodCrashLooping');
      expect(await alert.locator('wbr').count()).toBeGreaterThan(0);
      // Each line of the name holds at least one whole word (3+ letters).
      const narrowest = await alert.evaluate((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        const lines = [...range.getClientRects()].map((rect) => rect.width).filter((width) => width > 1);
        return Math.min(...lines);
      });
      expect(narrowest).toBeGreaterThan(20);
    });

    test('navigation: sidebar or menu, breadcrumbs, current page marked, alerts listed', async ({ page }) => {
      await page.goto('/services/checkout-api/');
      const nav = page.getByRole('navigation', { name: 'Main' });
      if (device === 'phone') {
        await expect(nav).toBeHidden();
        const menu = page.getByRole('button', { name: 'Menu' });
        await expect(menu).toHaveAttribute('aria-expanded', 'false');
        await menu.press('Enter');
        await expect(menu).toHaveAttribute('aria-expanded', 'true');
        await expect(nav).toBeVisible();
        await expect(nav.getByRole('link', { name: /Checkout API/ })).toBeFocused();
        await page.keyboard.press('Escape');
        await expect(nav).toBeHidden();
        await expect(menu).toBeFocused();
        await menu.click();
      } else {
        await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
        const box = await nav.boundingBox();
        expect(box!.x).toBeLessThan(10);
        expect(box!.width).toBeGreaterThan(150);
      }
      await expect(nav.locator('a[aria-current="page"]')).toHaveText(/Checkout API/);
      await expect(nav.getByRole('link', { name: /^Alerts/ })).toHaveAttribute('href', '/alerts/');
      await expect(nav.getByRole('link', { name: /^Platform/ })).toHaveAttribute('href', '/teams/platform/');
      await nav.getByRole('link', { name: /^Alerts/ }).click();
      await expect(page).toHaveURL(/\/alerts\/$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alerts');

      await page.goto(RUNBOOK);
      const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
      await expect(crumbs.getByRole('link')).toHaveText(['Home', 'Runbooks', /CDN/]);
      await expect(crumbs.locator('[aria-current="page"]')).toHaveAttribute('href', RUNBOOK);
    });

    test('previous and next walk through the runbooks of one service', async ({ page }) => {
      await page.goto('/services/checkout-api/');
      const titles = (await page.locator('.runbook-table td:first-child a').allTextContents()).map((t) => t.trim());
      expect(titles.length).toBeGreaterThan(1);
      await page.locator('.runbook-table td:first-child a').first().click();
      const pager = page.getByRole('navigation', { name: 'Runbooks of Checkout API' });
      await expect(pager).toContainText(`Runbook 1 of ${titles.length} for Checkout API`);
      await expect(pager.getByRole('link', { name: /Previous/ })).toHaveCount(0);
      await pager.getByRole('link', { name: /Next/ }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(titles[1]!);
      await expect(pager.getByRole('link', { name: /Previous/ })).toContainText(titles[0]!);
    });

    test('the metric chart never cuts off its labels', async ({ page }) => {
      for (const width of [320, viewport.width]) {
        await page.setViewportSize({ width, height: viewport.height });
        for (const path of [CHANGE, PLANNED_CHANGE]) {
          await page.goto(path);
          const figure = page.locator('figure.metric').first();
          const clipped = await figure.evaluate((element) => {
            const outer = element.getBoundingClientRect();
            return [...element.querySelectorAll('.metric-label, .metric-value, figcaption > *')]
              .filter((label) => {
                const box = label.getBoundingClientRect();
                return (
                  box.right > outer.right + 0.5 ||
                  box.left < outer.left - 0.5 ||
                  label.scrollWidth > label.clientWidth + 1
                );
              })
              .map((label) => label.textContent);
          });
          expect(clipped, `${path} at ${width} px`).toEqual([]);
        }
      }
    });
  });
}

test.describe('change notes', () => {
  test('a planned change shows its metric as a target, not as achieved', async ({ page }) => {
    await page.goto(PLANNED_CHANGE);
    const figure = page.locator('figure.metric');
    await expect(figure.locator('.badge')).toHaveText(/^target [+−]/);
    await expect(figure.locator('.badge')).not.toHaveText(/better|worse/);
    await expect(figure.locator('.metric-label')).toHaveText(['Now', 'Target']);
    await expect(figure.locator('[role="img"]')).toHaveAttribute('aria-label', /now, target /);
    await page.goto('/changes/');
    await expect(page.locator('tr', { hasText: 'rotation' }).locator('td').last()).toContainText('target');
  });

  test('rollback commands have copy buttons', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(CHANGE);
    const card = page.locator('.rollback-card');
    const copy = card.getByRole('button', { name: 'Copy command' }).first();
    await copy.click();
    await expect(copy).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      'kubectl -n checkout rollout undo deploy/checkout-api',
    );
  });
});

test.describe('a demo that looks finished', () => {
  test('checklist Reset asks first and works with the keyboard', async ({ page }) => {
    await page.goto('/checklists/implementation/');
    const list = page.locator('[data-checklist="implementation"]');
    await expect(list.locator('[data-progress]')).toHaveText(/^0 of \d+ done$/);
    const boxes = list.locator('input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const reset = list.getByRole('button', { name: 'Reset' });
    await reset.focus();
    await page.keyboard.press('Enter');
    const confirm = list.getByRole('group', { name: 'Confirm reset' });
    await expect(confirm).toContainText('Clear 2 of');
    await expect(confirm.getByRole('button', { name: 'Keep them' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(reset).toBeFocused();
    await expect(list.locator('input:checked')).toHaveCount(2);
    await page.keyboard.press('Enter');
    await confirm.getByRole('button', { name: 'Clear ticks' }).press('Enter');
    await expect(list.locator('input:checked')).toHaveCount(0);
    await page.reload();
    await expect(list.locator('input:checked')).toHaveCount(0);
  });

  test('counts read as words: "1 service", "2 services"', async ({ page }) => {
    for (const path of ['/teams/', '/services/', '/checklists/', '/runbooks/', '/changes/', '/alerts/', '/tags/cdn/']) {
      await page.goto(path);
      const text = await page.locator('main').innerText();
      expect(text, path).not.toMatch(/\b1 (services|runbooks|changes|notes|steps|alerts|change notes)\b/);
      expect(text, path).not.toMatch(/\(s\)/);
    }
    await page.goto('/teams/');
    await expect(page.locator('main')).toContainText(/\d+ services? ·/);
  });

  test('pages name a canonical address only from the configured site, and edit links from the configured URL', async ({
    page,
  }) => {
    await page.goto(RUNBOOK);
    // The demo configures no public address (package.json "paritybook" has no site): no guessed canonical URL.
    const canonical = page.locator('link[rel="canonical"]');
    if ((await canonical.count()) > 0) expect(await canonical.getAttribute('href')).toMatch(new RegExp(`${RUNBOOK}$`));
    expect(await page.content()).not.toContain('git.example.com/ops/runbooks');
  });
});
