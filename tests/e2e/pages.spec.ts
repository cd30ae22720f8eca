import { expect, test, type Page } from '@playwright/test';
import { AXE_RUN, firstLinkOn, seriousViolations, watchErrors } from './helpers.ts';

const RUNBOOK = '/runbooks/cdn-502-504/';

/**
 * The footer names the note's source file; with an edit URL configured (package.json "paritybook"
 * field or PARITYBOOK_EDIT_URL) it links there, and never to a made-up host.
 */
async function expectSource(page: Page, file: string) {
  const footer = page.locator('.note-footer');
  await expect(footer).toContainText(file);
  const edit = footer.getByRole('link', { name: 'Edit this page' });
  if ((await edit.count()) > 0) {
    const href = (await edit.getAttribute('href'))!;
    expect(href.endsWith(file)).toBe(true);
    expect(href).not.toContain('example.com');
  }
}
const SECTIONS = ['Meaning', 'Impact', 'Diagnosis', 'Mitigation', 'Rollback', 'Escalation'];

test.describe('home', () => {
  test('is incident-first: focused search box, services with owners, changes, overdue reviews', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('What is breaking?');
    await expect(page.locator('#home-search-input')).toBeFocused();
    const services = page.locator('section[aria-labelledby="services-title"] li');
    await expect(services).toHaveCount(3);
    await expect(services.first()).toContainText(/Payments|Platform/);
    await expect(page.locator('section[aria-labelledby="changes-title"] li').first()).toBeVisible();
    await expect(page.locator('section[aria-labelledby="overdue-title"] li').first()).toContainText(
      /overdue by \d+ days?/,
    );
    expect(errors).toEqual([]);
  });
});

test.describe('runbook', () => {
  test('shows the meta box with lists, the sections in reading order and a rollback that stands out', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto(RUNBOOK);
    const meta = page.getByRole('region', { name: 'Runbook facts' });
    await expect(meta).toContainText('critical');
    await expect(
      meta.locator('dt', { hasText: 'Alerts' }).locator('xpath=following-sibling::dd//li').first(),
    ).toBeVisible();
    await expect(meta.locator('dt', { hasText: 'Review due' })).toBeVisible();
    await expect(page.locator('.owner-line')).toContainText('#platform-oncall');

    const headings = await page.locator('.note-body h2').allTextContents();
    expect(headings.map((text) => text.trim())).toEqual(SECTIONS);

    const rollback = page.locator('.note-body h2#rollback');
    const color = await rollback.evaluate((element) => getComputedStyle(element).color);
    const bodyColor = await page
      .locator('.note-body h2#meaning')
      .evaluate((element) => getComputedStyle(element).color);
    expect(color).not.toBe(bodyColor);
    await page.getByRole('link', { name: /Jump to rollback/ }).click();
    await expect(page).toHaveURL(/#rollback$/);

    await expect(page.getByRole('heading', { name: 'Related notes' })).toBeVisible();
    await expect(page.locator('.related li').first()).toContainText(/Shares/);
    await expectSource(page, 'content/runbooks/cdn-502-504.mdx');
    await expect(page.locator('.note-footer')).toContainText(/Last updated|Not committed yet|History not available/);
    await expect(page.getByRole('complementary', { name: 'On this page' })).toContainText('Mitigation');
    expect(errors).toEqual([]);
  });

  test('reads fully with JavaScript off', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(RUNBOOK);
    await expect(page.locator('.note-body h2')).toHaveCount(SECTIONS.length);
    await expect(page.locator('.command pre').first()).toBeVisible();
    // Copy buttons need JavaScript, so they stay hidden instead of doing nothing.
    await expect(page.locator('button[data-copy]').first()).toBeHidden();
    await context.close();
  });

  test('an MDX runbook without components (rendered as plain Markdown) reads like any other', async ({ page }) => {
    test.slow(AXE_RUN);
    const errors = watchErrors(page);
    await page.goto('/runbooks/redis-connection-limit/');
    const headings = await page.locator('.note-body h2').allTextContents();
    expect(headings.map((text) => text.trim())).toEqual(SECTIONS);
    await expect(page.locator('.note-body h2#mitigation')).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'On this page' }).getByRole('link')).toHaveCount(
      SECTIONS.length,
    );
    await expect(page.locator('.note-body table th').first()).toHaveText('path');
    await expect(page.getByRole('checkbox', { name: 'Not done' })).toHaveCount(3);
    // Braces stay text inside code, highlighted like any code block, including those nested in list items.
    await expect(page.locator('.note-body pre code.language-promql')).toContainText('{error="redis.exceptions');
    await expect(page.locator('.note-body ol pre .token').first()).toBeVisible();
    await expectSource(page, 'content/runbooks/redis-connection-limit.mdx');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('prints without navigation, with the rollback section', async ({ page }) => {
    await page.goto(RUNBOOK);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await expect(page.locator('.toc')).toBeHidden();
    await expect(page.locator('.note-body h2#rollback')).toBeVisible();
  });
});

test.describe('change note', () => {
  test('draws the metric, puts owner, expected result and rollback side by side and copies commands', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const errors = watchErrors(page);
    // A shipped change: its metric is a result (a planned one shows a target, see reader.spec.ts).
    const href = await firstLinkOn(page, '/changes/', 'tr:has(.badge.shipped) a[href^="/changes/"]');
    await page.goto(href);
    const chart = page.locator('figure.metric [role="img"]').first();
    await expect(chart).toHaveAttribute('aria-label', /before, .* after \(.*(better|worse|unchanged)/);
    await expect(page.locator('figure.metric .badge').first()).toHaveText(/better|worse|unchanged/);

    const cards = page.locator('.outcome-card');
    await expect(cards).toHaveCount(3);
    const boxes = await Promise.all([0, 1, 2].map((index) => cards.nth(index).boundingBox()));
    expect(boxes[0]!.y).toBeCloseTo(boxes[1]!.y, 0);
    expect(boxes[1]!.y).toBeCloseTo(boxes[2]!.y, 0);

    const copy = page.locator('#commands ~ .command button[data-copy]').first();
    await copy.click();
    await expect(copy).toHaveText('Copied');
    const command = (await page.locator('#commands ~ .command code').first().textContent())!.trim();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);

    await expect(page.locator('.security-group h3').first()).toBeVisible();
    expect(errors).toEqual([]);
  });
});

test.describe('checklist', () => {
  test('keeps ticks across a reload, copies progress as Markdown and resets', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/checklists/implementation/');
    const list = page.locator('[data-checklist="implementation"]');
    const boxes = list.locator('input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    await expect(list.locator('[data-progress]')).toHaveText(/^2 of \d+ done$/);
    await page.reload();
    await expect(boxes.nth(0)).toBeChecked();
    await expect(boxes.nth(1)).not.toBeChecked();
    await expect(boxes.nth(2)).toBeChecked();

    await list.getByRole('button', { name: 'Copy progress as Markdown' }).click();
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    expect(markdown.split('\n')[0]).toMatch(/^\*\*Implementation checklist\*\* \(2\/\d+ done\)/);
    expect(markdown).toContain('- [x] Capture the current behaviour');
    expect(markdown).toContain('- [ ] Create a safe backup');

    await list.getByRole('button', { name: 'Reset' }).click();
    await list.getByRole('button', { name: 'Clear ticks' }).click();
    await page.reload();
    await expect(list.locator('input:checked')).toHaveCount(0);
  });

  test('ticks of one page do not leak into another page', async ({ page }) => {
    await page.goto('/checklists/implementation/');
    await page.locator('[data-checklist="implementation"] input').first().check();
    await page.goto(RUNBOOK);
    const embedded = page.locator('[data-checklist]').first();
    if ((await embedded.count()) > 0) await expect(embedded.locator('input:checked')).toHaveCount(0);
  });
});

test.describe('dark mode', () => {
  test('follows the OS and the toggle overrides it across pages', async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto('/');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect.poll(background).toBe('rgb(15, 20, 25)');
    await page.getByRole('button', { name: /light and dark theme/ }).click();
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await page.goto(RUNBOOK);
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await context.close();
  });
});

// Every page type in both themes and on phone and desktop: axe and console checks live in reader.spec.ts.
