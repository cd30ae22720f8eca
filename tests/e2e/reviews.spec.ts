import { expect, test } from '@playwright/test';
import { AXE_RUN, seriousViolations, watchErrors } from './helpers.ts';

test.describe('reviews', () => {
  test('lists overdue, flagged and soon-due notes by owner team, with working links', async ({ page, request }) => {
    test.slow(AXE_RUN);
    const errors = watchErrors(page);
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    await expect(page).toHaveURL(/\/reviews\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reviews due');
    const summary = await page.locator('.lead').innerText();
    const match = /As of (\d{4}-\d{2}-\d{2}): (\d+) overdue, (\d+) flagged for review, (\d+) due within 14 days\./.exec(
      summary,
    );
    expect(match, summary).not.toBeNull();
    const [, , overdue, flagged, soon] = match!.map(Number);
    await expect(page.locator('tr[data-state="overdue"]')).toHaveCount(overdue);
    await expect(page.locator('tr[data-state="needs-review"]')).toHaveCount(flagged);
    await expect(page.locator('tr[data-state="due-soon"]')).toHaveCount(soon);

    const teams = page.locator('section.review-team');
    for (const team of await teams.all()) {
      const owner = await team.getAttribute('data-owner');
      await expect(team.getByRole('heading', { level: 2 }).getByRole('link')).toHaveAttribute(
        'href',
        `/teams/${owner}/`,
      );
      // Most urgent first: overdue before flagged before due soon.
      const states = await team
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));
      const rank = { overdue: 0, 'needs-review': 1, 'due-soon': 2 } as Record<string, number>;
      expect(states.map((state) => rank[state!])).toEqual([...states.map((state) => rank[state!])].sort());
    }
    for (const href of await page
      .locator('tbody td:first-child a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
      expect((await request.get(href!)).status(), href!).toBe(200);
    }
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('reads fully with JavaScript off', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/reviews/');
    await expect(page.locator('.lead')).toContainText('overdue');
    await expect(page.locator('section.review-team, [data-testid="reviews-empty"]').first()).toBeVisible();
    await context.close();
  });
});
