import { expect, test } from '@playwright/test';
import { AXE_RUN, seriousViolations, watchErrors } from './helpers.ts';

// Works from live snapshots or from the recorded demo snapshots: checkout-api's production lacks HSTS in both.

test.describe('parity', () => {
  test('the dashboard shows every service with its worst severity and both environments', async ({ page }) => {
    test.slow(AXE_RUN);
    const errors = watchErrors(page);
    await page.goto('/parity/');
    const rows = page.locator('tr[data-parity-service]');
    await expect(rows).toHaveCount(3);
    const checkout = page.locator('tr[data-parity-service="checkout-api"]');
    await expect(checkout).toHaveAttribute('data-parity-worst', 'critical');
    await expect(checkout.locator('td[data-parity-env]')).toHaveCount(2);
    await expect(checkout.locator('td[data-parity-env="production"] time')).toHaveAttribute(
      'datetime',
      /^\d{4}-\d\d-\d\dT/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('a service page lists the drift with both values, class and severity', async ({ page }) => {
    test.slow(AXE_RUN);
    const errors = watchErrors(page);
    await page.goto('/services/checkout-api/');
    const panel = page.locator('section.parity-panel[data-parity-service="checkout-api"]');
    await expect(panel).toBeVisible();
    const hsts = panel.locator('tr[data-parity-path="headers./.strict-transport-security"]');
    await expect(hsts).toHaveAttribute('data-class', 'only-staging');
    await expect(hsts).toHaveAttribute('data-severity', 'critical');
    await expect(hsts.locator('td').first()).toContainText('max-age=31536000');
    await expect(panel.locator('tr[data-parity-path="version.commit"]')).toHaveAttribute('data-class', 'expected');
    await expect(panel.locator('tr[data-parity-path="version.commit"]')).toContainText('release candidate');
    // Observed values open with the keyboard, no script needed.
    await panel.locator('details.parity-observed summary').focus();
    await page.keyboard.press('Enter');
    await expect(panel.locator('details.parity-observed')).toHaveAttribute('open', '');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('a change note checks its expected results against the latest snapshot', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/changes/staging-parity-behind-cdn/');
    const checks = page.locator('section.expected-checks');
    await expect(
      checks.locator('li[data-check-status="fail"][data-check-path="headers./.strict-transport-security"]'),
    ).toHaveCount(1);
    await expect(checks.locator('li[data-check-path="packages.fastapi"][data-check-status="pass"]')).toHaveCount(3);
    await expect(checks).toContainText(/snapshot \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    // One compact summary for the note's three services, not a panel per service.
    await expect(page.locator('section.parity-summary li[data-parity-service]')).toHaveCount(3);
    await expect(page.locator('section.parity-panel')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('a runbook shows one compact parity summary that links to the full report', async ({ page }) => {
    await page.goto('/runbooks/cdn-502-504/');
    const summary = page.getByRole('region', { name: 'Staging and production' });
    await expect(summary).toBeVisible();
    await expect(page.locator('section.parity-panel')).toHaveCount(0);
    const link = summary.getByRole('link', { name: 'Checkout API' });
    await expect(link).toHaveAttribute('href', '/services/checkout-api/#parity-checkout-api');
    await link.click();
    await expect(page.locator('#parity-checkout-api')).toBeVisible();
  });
});
