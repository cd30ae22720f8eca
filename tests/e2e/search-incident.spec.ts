/**
 * Search mid-incident, in a real browser against the built demo: alert names of runbooks that
 * wait for review, pasted log lines with variable parts, a weak-match notice, the '/' key and
 * keys typed into the dialog, and what the index holds (no button labels, tables as text).
 */
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './helpers.ts';

const dialog = (page: Page) => page.locator('dialog.pb-search');
const dialogInput = (page: Page) => dialog(page).locator('input[type="search"]');
const results = (page: Page) => dialog(page).locator('li[data-url]');
const status = (page: Page) => dialog(page).locator('[data-search-status]');

const PSYCOPG =
  'psycopg2.OperationalError: connection to server at "10.0.3.12", port 5432 failed: FATAL:  password authentication failed for user "checkout"';
const NGINX =
  '2026/11/30 02:01:07 [error] 31#31: *48213 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.9, server: api.example.com, request: "GET /v1/cart HTTP/1.1", upstream: "http://10.42.3.7:8000/v1/cart"';

/** Puts a query into the open dialog's box and waits for its results. */
async function searchFor(page: Page, query: string) {
  await dialogInput(page).fill(query);
  await expect(dialog(page)).toHaveAttribute('data-query', query);
  await expect(dialog(page)).toHaveAttribute('data-state', 'done');
}

const DEVICES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
] as const;

for (const device of DEVICES) {
  test.describe(`search on a ${device.name}`, () => {
    test.use({ viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch });

    /** Opens the dialog as a person on this device does: the shortcut, or a tap on the header box. */
    async function openSearch(page: Page) {
      if (device.isMobile) await page.locator('#search-header').tap();
      else await page.keyboard.press('Control+k');
      if (device.isMobile) await page.keyboard.type('x');
      await expect(dialog(page)).toBeVisible();
    }

    test('an alert name of an unreviewed runbook opens that runbook, marked unreviewed', async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto('/runbooks/cdn-502-504/');
      await openSearch(page);
      await searchFor(page, 'OriginHealthCheckFlapping');
      const first = results(page).first();
      await expect(first).toHaveAttribute('data-url', '/runbooks/health-check-flapping/');
      await expect(first.locator('.pb-badge-status')).toHaveText('unreviewed');
      await expect(first.locator('.pb-hit-alerts')).toContainText('OriginHealthCheckFlapping');
      await expect(first.locator('.pb-hit-title')).toBeInViewport();
      await dialogInput(page).press('Enter');
      await expect(page).toHaveURL(/\/runbooks\/health-check-flapping\/$/);
      expect(errors).toEqual([]);
    });

    test('a pasted error with variable parts finds the runbook holding its stable part', async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto('/');
      await openSearch(page);
      await searchFor(page, PSYCOPG);
      await expect(results(page).first()).toHaveAttribute('data-url', '/runbooks/secret-rotation/');
      await expect(status(page)).not.toContainText('No results');
      await expect(status(page)).toContainText('without its variable parts');
      await searchFor(page, NGINX);
      await expect(results(page).first()).toHaveAttribute('data-url', '/runbooks/cdn-502-504/');
      expect(errors).toEqual([]);
    });
  });
}

test.describe('search keys and notices', () => {
  test("'/' in the home page's focused, empty box opens search instead of typing a slash", async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('#home-search-input')).toBeFocused();
    await page.keyboard.press('/');
    await expect(dialog(page)).toBeVisible();
    await expect(dialogInput(page)).toBeFocused();
    await page.keyboard.press('/');
    await expect(dialogInput(page)).toHaveValue('');
    await expect(page.locator('#home-search-input')).toHaveValue('');
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
    // Inside a query a slash is text: paths and URLs keep theirs.
    await page.keyboard.type('var/lib/');
    await expect(dialogInput(page)).toHaveValue('var/lib/');
  });

  test('keys typed into the dialog stay out of the header box', async ({ page }) => {
    await page.goto('/runbooks/cdn-502-504/');
    const header = page.locator('#search-header');
    await header.click();
    await page.keyboard.type('redis conn');
    await expect(dialogInput(page)).toHaveValue('redis conn');
    await expect(dialogInput(page)).toBeFocused();
    await expect(header).toHaveValue('');
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toBeHidden();
    await expect(header).toBeFocused();
    await expect(header).toHaveValue('');
  });

  test('when nothing matches well it says so and offers the filters and the alert list', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await searchFor(page, 'disk full');
    await expect(status(page)).toContainText('Nothing matches “disk full” well');
    const weak = dialog(page).locator('[data-search-weak]');
    await expect(weak).toBeVisible();
    await expect(weak.locator('[data-search-weak-filters]')).toBeVisible();
    await expect(weak.getByRole('link', { name: 'alerts list' })).toHaveAttribute('href', '/alerts/');
    await searchFor(page, 'CheckoutOrigin5xxHigh');
    await expect(weak).toBeHidden();
    await expect(status(page)).not.toContainText('Nothing matches');
  });

  test('whole words outrank look-alikes: redis never ranks the TLS runbook above a page about Redis', async ({
    page,
  }) => {
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await searchFor(page, 'redis');
    const urls = await results(page).evaluateAll((items) => items.map((item) => item.getAttribute('data-url')));
    expect(urls[0]).toBe('/runbooks/redis-connection-limit/');
    const tls = urls.indexOf('/runbooks/tls-certificate-expiring/');
    if (tls >= 0) expect(tls).toBe(urls.length - 1);
  });

  test('the index holds no button labels and reads tables as sentences', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await searchFor(page, 'rollout status timeout');
    expect(await results(page).count()).toBeGreaterThan(0);
    await expect(dialog(page).locator('.pb-search-results')).not.toContainText(/10mCopy|Copy\./);
    await searchFor(page, 'worst case connections');
    const pool = results(page).filter({ has: page.locator('a[href="/runbooks/db-pool-exhausted/"]') });
    await expect(pool).toContainText('worst case: checkout-api 360, accounts-api 90');
  });
});
