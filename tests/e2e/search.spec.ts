import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { AXE_RUN, seriousViolations, watchErrors } from './helpers.ts';
import { FIRST_LIMIT, RESULT_LIMIT } from '../../src/search/query.ts';

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";
const RUNBOOK = '/runbooks/cdn-502-504/';

/** Serves every response with the production CSP, so a violation shows up as a console error. */
async function withCsp(page: Page) {
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
}

const dialog = (page: Page) => page.locator('dialog.pb-search');
const results = (page: Page) => dialog(page).locator('li[data-url]');

async function searchFor(page: Page, query: string) {
  const input = dialog(page).locator('input[type="search"]');
  await input.fill(query);
  await expect(dialog(page)).toHaveAttribute('data-query', query);
  await expect(dialog(page)).toHaveAttribute('data-state', 'done');
}

test.describe('search', () => {
  // A test that navigates away can end with a CSP-rewritten request still in flight; its
  // callback must not fail the next test.
  test.afterEach(async ({ page }) => {
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  test('home: focused box, typing opens results, alert name lands first with badges, excerpt and sections', async ({
    page,
  }) => {
    await withCsp(page);
    const errors = watchErrors(page);
    await page.goto('/');
    await expect(page.locator('#home-search-input')).toBeFocused();
    await page.keyboard.type('CheckoutOrigin5xxHigh');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page)).toHaveAttribute('data-query', 'CheckoutOrigin5xxHigh');
    await expect(dialog(page)).toHaveAttribute('data-state', 'done');
    const first = results(page).first();
    await expect(first).toHaveAttribute('data-url', RUNBOOK);
    await expect(first.locator('.pb-badge-kind')).toHaveText('runbook');
    await expect(first.locator('.pb-badge-service', { hasText: 'checkout-api' })).toBeVisible();
    await expect(first.locator('.pb-badge-severity')).toHaveText('critical');
    await expect(first.locator('.pb-hit-alerts')).toContainText('CheckoutOrigin5xxHigh');
    expect(new URL(page.url()).searchParams.get('q')).toBe('CheckoutOrigin5xxHigh');
    await searchFor(page, '502 Bad Gateway');
    await expect(results(page).first()).toHaveAttribute('data-url', RUNBOOK);
    await expect(results(page).first().locator('mark').first()).toBeVisible();
    await expect(results(page).first().locator('.pb-subs a[href*="#"]').first()).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('keyboard: / and Ctrl+K open, arrows move, Enter opens the selected result, Esc closes', async ({ page }) => {
    await withCsp(page);
    const errors = watchErrors(page);
    await page.goto(RUNBOOK);
    await page.keyboard.press('/');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page).locator('input')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toBeHidden();
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
    await page.keyboard.press('Control+k');
    await expect(dialog(page)).toBeVisible();
    await searchFor(page, 'OOMKilled');
    await expect(results(page).first()).toHaveAttribute('data-active', 'true');
    expect(await results(page).count()).toBeGreaterThan(1);
    await page.keyboard.press('ArrowDown');
    await expect(results(page).nth(1)).toHaveAttribute('data-active', 'true');
    const target = await results(page).nth(1).getAttribute('data-url');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL((url) => url.pathname === target);
    expect(errors).toEqual([]);
  });

  test('the open dialog acts modal: it covers the page, keeps focus, closes on Esc from any part or a click beside it', async ({
    page,
  }) => {
    await page.goto(RUNBOOK);
    const opener = page.locator('#search-header');
    await opener.focus();
    await page.keyboard.press('Control+k');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page)).toHaveAttribute('aria-modal', 'true');
    // Nothing of the page can be clicked through it: the sticky header and the note both lie under it.
    const covering = await page.evaluate(() =>
      [
        [20, 20],
        [innerWidth / 2, innerHeight - 20],
      ].every(([x, y]) => document.elementFromPoint(x, y)?.closest('dialog.pb-search') !== null),
    );
    expect(covering).toBe(true);
    // Tabbing backwards out of the box, or away past the last control, brings focus back into the dialog.
    for (const key of ['Shift+Tab', 'Shift+Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab']) {
      await page.keyboard.press(key);
      expect(await page.evaluate(() => document.activeElement?.closest('dialog.pb-search') !== null)).toBe(true);
    }
    await dialog(page).locator('[data-search-close]').focus();
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toBeHidden();
    await expect(opener).toBeFocused();
    await page.keyboard.press('Control+k');
    await expect(dialog(page)).toBeVisible();
    // Beside the panel, below it: the dimmed cover.
    const panel = (await dialog(page).locator('.pb-search-panel').boundingBox())!;
    await page.mouse.click(panel.x + panel.width / 2, panel.y + panel.height + 20);
    await expect(dialog(page)).toBeHidden();
  });

  test('keys typed right after Ctrl+K, before the dialog has loaded, are not lost', async ({ page }) => {
    await page.goto(RUNBOOK);
    // A slow network: the dialog's code arrives only after the engineer has typed the query.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_astro/ui.*.js', async (route) => {
      await released;
      await route.continue();
    });
    const asked = page.waitForRequest('**/_astro/ui.*.js');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('psycopg2.OperationalError', { delay: 10 });
    await asked; // the dialog's code was asked for and is still on its way
    release();
    const input = dialog(page).locator('input[type="search"]');
    await expect(input).toHaveValue('psycopg2.OperationalError');
    await expect(dialog(page)).toHaveAttribute('data-query', 'psycopg2.OperationalError');
    await page.keyboard.type(' pool');
    await expect(input).toHaveValue('psycopg2.OperationalError pool');
  });

  test('the open dialog with results has no serious accessibility violations', async ({ page }) => {
    test.slow(AXE_RUN);
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await searchFor(page, 'cache');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('draws the query as typed first, then the full list, keeping the result the reader moved to', async ({
    page,
  }) => {
    // The full list needs the typo vocabulary: holding its shards holds the full list, not the first one.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/pagefind/vocabulary/**', async (route) => {
      await released;
      await route.continue();
    });
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await dialog(page).locator('input[type="search"]').fill('cache');
    await expect(dialog(page)).toHaveAttribute('data-state', 'partial');
    await expect(dialog(page)).toHaveAttribute('data-query', 'cache');
    await expect(dialog(page).locator('ul[data-search-results]')).toHaveAttribute('aria-busy', 'true');
    const early = await results(page).evaluateAll((items) => items.map((item) => item.getAttribute('data-url')));
    expect(early.length).toBeGreaterThanOrEqual(2);
    expect(early.length).toBeLessThanOrEqual(FIRST_LIMIT);
    await page.keyboard.press('ArrowDown');
    const chosen = early[1];
    await expect(results(page).nth(1)).toHaveAttribute('data-active', 'true');
    release();
    await expect(dialog(page)).toHaveAttribute('data-state', 'done');
    await expect(dialog(page).locator('ul[data-search-results]')).toHaveAttribute('aria-busy', 'false');
    const full = await results(page).evaluateAll((items) => items.map((item) => item.getAttribute('data-url')));
    expect(full).toContain(chosen);
    await expect(dialog(page).locator(`li[data-url="${chosen}"]`)).toHaveAttribute('data-active', 'true');
  });

  test('excerpts show a page’s characters and highlights as text, never as markup', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await searchFor(page, 'alembic upgrade head');
    const excerpt = dialog(page).locator('.pb-hit-excerpt, .pb-sub-excerpt', { hasText: '@head' }).first();
    await expect(excerpt).toContainText("'<branchname>@head'");
    expect(await excerpt.locator('mark').count()).toBeGreaterThan(0);
    expect(await excerpt.evaluate((p) => [...p.children].every((child) => child.tagName === 'MARK'))).toBe(true);
  });

  test('Enter right after pasting waits for that query and opens its first result', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await searchFor(page, 'cache');
    await dialog(page).locator('input').fill('SQLAlchemyPoolExhausted');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/runbooks\/db-pool-exhausted\/$/);
  });

  test('a shared ?q= link opens the search with the query', async ({ page }) => {
    await page.goto('/?q=psycopg2.errors.UndefinedColumn');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page)).toHaveAttribute('data-state', 'done');
    await expect(results(page).first()).toHaveAttribute('data-url', '/runbooks/alembic-heads-differ/');
  });

  test('finds alert names with a typo and by a lower-case part', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await searchFor(page, 'SQLAlchemyPoolExhuasted');
    await expect(results(page).first()).toHaveAttribute('data-url', '/runbooks/db-pool-exhausted/');
    await expect(dialog(page).locator('.pb-search-status')).toContainText('Also searched for');
    await searchFor(page, 'poolexhausted');
    await expect(results(page).first()).toHaveAttribute('data-url', '/runbooks/db-pool-exhausted/');
    await searchFor(page, 'uploads fail with 413 almost always');
    await expect(results(page).first()).toHaveAttribute('data-url', '/runbooks/upload-413/');
  });

  test('a pasted query searches once, at once; fast typing searches when it pauses, not on every key', async ({
    page,
  }) => {
    await page.goto('/');
    await page.keyboard.press('Control+k');
    // The dialog records each finished query as a User Timing measure.
    const queries = () => page.evaluate(() => performance.getEntriesByName('paritybook:query').length);
    const reset = () => page.evaluate(() => performance.clearMeasures('paritybook:query'));
    await reset();
    const input = dialog(page).locator('input[type="search"]');
    await input.fill('SQLAlchemyPoolExhausted');
    // No typing pause for a paste: the search is already under way (or done) when fill returns.
    expect(
      await dialog(page).evaluate(
        (d) => d.dataset.state === 'loading' || d.dataset.query === 'SQLAlchemyPoolExhausted',
      ),
    ).toBe(true);
    await expect(dialog(page)).toHaveAttribute('data-state', 'done');
    expect(await queries()).toBe(1);
    await expect(results(page).first()).toHaveAttribute('data-url', '/runbooks/db-pool-exhausted/');

    await input.fill('');
    // Every search sets data-state="loading" as it starts, a superseded one too; each such set shows
    // as the old value of the set after it.
    type Counted = HTMLElement & { searchesStarted: number };
    await dialog(page).evaluate((element) => {
      (element as Counted).searchesStarted = 0;
      new MutationObserver((records) => {
        for (const record of records) if (record.oldValue === 'loading') (element as Counted).searchesStarted++;
      }).observe(element, { attributeFilter: ['data-state'], attributeOldValue: true });
    });
    // A burst of keys as fast typing delivers them, all within one task: keys sent one by one from
    // here would arrive as far apart as a busy machine makes them, and each pause may search.
    await input.evaluate((element: HTMLInputElement, text) => {
      for (const key of text) {
        element.value += key;
        element.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: key }));
      }
    }, 'upload 413');
    await expect(dialog(page)).toHaveAttribute('data-query', 'upload 413');
    await expect(dialog(page)).toHaveAttribute('data-state', 'done');
    await expect(results(page).first()).toHaveAttribute('data-url', '/runbooks/upload-413/');
    // The first key may search at once, the rest of the burst searches once at the end: never one search per key.
    expect(await dialog(page).evaluate((element) => (element as Counted).searchesStarted)).toBeLessThanOrEqual(2);
  });

  test('filter chips show counts and narrow the results', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await searchFor(page, 'cache');
    const changeChip = dialog(page).locator('button.pb-chip[data-filter="kind"][data-value="change"]');
    await expect(changeChip).toHaveText(/Kind: change \(\d+\)/);
    const count = Number(/\((\d+)\)/.exec((await changeChip.textContent()) ?? '')?.[1]);
    await changeChip.click();
    await expect(changeChip).toHaveAttribute('aria-pressed', 'true');
    await expect(dialog(page)).toHaveAttribute('data-state', 'done');
    await expect(results(page)).toHaveCount(Math.min(count, RESULT_LIMIT));
    for (const url of await results(page).evaluateAll((items) => items.map((i) => i.getAttribute('data-url'))))
      expect(url).toMatch(/^\/changes\//);
  });

  test('only a note’s own text is indexed: the page parts around it are shown but not searchable', async ({ page }) => {
    const note = '/runbooks/alembic-heads-differ/';
    // Text of the parts each component marks with data-pagefind-ignore: review banner, rollback button, meta box,
    // related notes, footer. (The parity summary's words also occur in notes' own text.)
    const around = ['Review overdue', 'Jump to rollback', 'Review due', 'Related notes', 'Last updated'];
    await page.goto(note);
    for (const text of around) await expect(page.locator('main').getByText(text).first()).toBeVisible();
    const pagesWithPhrase = (phrase: string) =>
      page.evaluate(async (query) => {
        const pagefind = await import(/* @vite-ignore */ '/pagefind/pagefind.js' as string);
        const response = await pagefind.search(`"${query}"`);
        return Promise.all(
          response.results.map(async (result: { data(): Promise<{ url: string }> }) => (await result.data()).url),
        );
      }, phrase);
    expect(await pagesWithPhrase('Alembic migration heads differ')).toContain(note);
    for (const text of around) expect(await pagesWithPhrase(text), text).toEqual([]);
  });

  test('notes marked needs-review stay out of the index', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Control+k');
    await searchFor(page, 'Health check flapping');
    const urls = await results(page).evaluateAll((items) => items.map((i) => i.getAttribute('data-url')));
    expect(urls).not.toContain('/runbooks/health-check-flapping/');
  });

  /** Gzipped size of every script a page fetches, by URL, from now on. */
  const scriptsOf = (page: Page) => {
    const scripts = new Map<string, number>();
    page.on('response', async (response) => {
      if (response.request().resourceType() === 'script' || response.url().endsWith('.js')) {
        scripts.set(response.url(), gzipSync(await response.body()).length);
      }
    });
    return scripts;
  };
  const pagefindLoaded = (scripts: Map<string, number>) =>
    [...scripts.keys()].some((url) => url.endsWith('/pagefind/pagefind.js'));

  test('loads at most 15 kB of gzipped JavaScript on a runbook page, and Pagefind only once the page is idle', async ({
    page,
  }) => {
    const scripts = scriptsOf(page);
    // Until the load event the page runs its own code only; nothing waits on idle callbacks yet.
    await page.addInitScript(() => {
      addEventListener('load', () => {
        (window as Window & { loadedScripts?: string[] }).loadedScripts = performance
          .getEntriesByType('resource')
          .map((entry) => entry.name)
          .filter((name) => name.endsWith('.js'));
      });
    });
    await page.goto(RUNBOOK);
    const atLoad = await page.evaluate(() => (window as Window & { loadedScripts?: string[] }).loadedScripts ?? []);
    expect(atLoad.some((url) => url.includes('/pagefind/'))).toBe(false);
    // Then, idle, the engine warms: a first search needs no more code.
    await expect.poll(() => pagefindLoaded(scripts)).toBe(true);
    await page.waitForLoadState('networkidle');
    const pageOwn = atLoad.reduce((sum, url) => sum + (scripts.get(url) ?? 0), 0);
    expect(pageOwn, atLoad.join('\n')).toBeGreaterThan(0);
    expect(pageOwn, atLoad.join('\n')).toBeLessThanOrEqual(15 * 1024);
    const warmed = scripts.size;
    await page.keyboard.press('/');
    await searchFor(page, 'cdn');
    expect([...scripts.keys()].slice(warmed)).toEqual([]);
  });

  test('with Save-Data on, loads Pagefind only when search opens', async ({ page }) => {
    // Save-Data as Chromium's DevTools Protocol sets it, the way a reader's browser setting does.
    const session = await page.context().newCDPSession(page);
    await session.send('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
    const scripts = scriptsOf(page);
    await page.goto(RUNBOOK);
    await page.waitForLoadState('networkidle');
    expect(pagefindLoaded(scripts)).toBe(false);
    await page.keyboard.press('/');
    await searchFor(page, 'cdn');
    expect(pagefindLoaded(scripts)).toBe(true);
  });

  test('the first showing waits for Pagefind at most briefly, and keys typed meanwhile land in the box', async ({
    page,
  }) => {
    // Save-Data: nothing of search is loaded before the shortcut. Pagefind's script is held, so the dialog
    // waits for it until a key is pressed or its short wait is over.
    const session = await page.context().newCDPSession(page);
    await session.send('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/pagefind/pagefind.js', async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(RUNBOOK);
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('cdn');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page).locator('input[type="search"]')).toHaveValue('cdn');
    release();
    await expect(dialog(page)).toHaveAttribute('data-query', 'cdn');
    await expect(dialog(page)).toHaveAttribute('data-state', 'done');
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toBeHidden();

    // Without a key, the wait ends on its own: Pagefind's script is held for good this time.
    await page.unroute('**/pagefind/pagefind.js');
    await page.route('**/pagefind/pagefind.js', () => new Promise<void>(() => undefined));
    await page.goto(RUNBOOK);
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('Control+k');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page).locator('input[type="search"]')).toBeFocused();
  });

  test('is usable on a phone', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(RUNBOOK);
    await page.locator('#search-header').tap();
    await page.locator('#search-header').fill('tls certificate');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page)).toHaveAttribute('data-state', 'done');
    const box = await dialog(page).boundingBox();
    expect(box!.width).toBeLessThanOrEqual(375);
    await expect(results(page).first()).toBeInViewport();
    await results(page).first().locator('a.pb-hit-title').tap();
    await expect(page).toHaveURL(/\/runbooks\//);
    await context.close();
  });

  test('without JavaScript the box goes to /search/, which explains and links to the lists', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('#home-search-input').fill('502');
    await page.locator('#home-search-input').press('Enter');
    await expect(page).toHaveURL(/\/search\/\?q=502/);
    await expect(page.locator('main')).toContainText('needs JavaScript');
    await expect(page.locator('main a[href="/alerts/"]')).toBeVisible();
    await expect(page.locator('main a[href="/runbooks/"]')).toBeVisible();
    await context.close();
  });
});

test.describe('alert URLs', () => {
  test('lead to the runbook without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/alerts/CheckoutOrigin5xxHigh/');
    await expect(page).toHaveURL(RUNBOOK);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('502');
    await context.close();
  });

  test('the index lists every alert with its runbook, and a needs-review runbook still gets its alert page', async ({
    page,
  }) => {
    await page.goto('/alerts/');
    await expect(page.locator('tr#CheckoutOrigin5xxHigh a[href="/runbooks/cdn-502-504/"]')).toBeVisible();
    const response = await page.request.get('/alerts/OriginHealthCheckFlapping/');
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('url=/runbooks/health-check-flapping/');
  });
});
