/**
 * A reader has a page of build A open behind the CDN while build B is published: the open page
 * still loads its own assets and still searches, and the next page they open is all B.
 * The same scenario with --keep 0 shows what the kept assets prevent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { deploy } from '../../src/delivery/deploy.ts';
import { startCdnStack, type CdnStack } from '../integration/cdn-nginx.ts';
import { aRunbook, deriveNextBuild, dist } from './cdn-helpers.ts';

let stack: CdnStack;
let work: string;
const site = () => path.join(work, 'site');

test.beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'paritybook-e2e-deploy-'));
  await deploy({ source: dist, target: site(), keep: 2 });
  stack = await startCdnStack(site());
});

test.afterEach(async () => {
  await stack?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs a Pagefind search inside the page, as the site's search box does, and opens up to 5 results. */
const search = async (term: string) => {
  const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
  const result = await pagefind.search(term);
  const data = await Promise.all(result.results.slice(0, 5).map((r: { data(): Promise<{ url: string }> }) => r.data()));
  return {
    count: result.results.length as number,
    urls: data.map((d) => d.url),
  };
};

/** Two words of the page for searching: one from its title, one from its body that starts differently (another index chunk, likely). */
async function wordsOf(page: Page): Promise<[string, string]> {
  const title = ((await page.locator('h1').first().textContent()) ?? 'runbook').trim().split(/\s+/)[0];
  const body = (await page.locator('main').innerText()).match(/\b[a-z]{6,}\b/gi) ?? [];
  const other = body.find((word) => word[0].toLowerCase() !== title[0].toLowerCase()) ?? title;
  return [title, other];
}

const sameAssetsAgain = (page: Page, urls: string[]) =>
  page.evaluate(
    (list) => Promise.all(list.map(async (url) => `${(await fetch(url, { cache: 'no-store' })).status} ${url}`)),
    urls,
  );

/** The same files asked of the origin itself: a CDN may still hold them, the origin must too. */
const atOrigin = (urls: string[]) =>
  Promise.all(urls.map(async (url) => `${(await fetch(`${stack.origin.url}${url}`)).status} ${url}`));

const astroAssets = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((url) => url.startsWith('/_astro/')),
  );

/** Both tests derive a second build from dist/ and index it for search: seconds, more on a busy machine. */
const SLOW = 'derives and indexes a whole second build';

test('a page of the previous build keeps loading its assets and searching after a deploy', async ({ page }) => {
  test.slow(SLOW);
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  const runbook = await aRunbook();
  await page.goto(`${stack.cdn.url}${runbook}`);
  const assetsOfA = await astroAssets(page);
  expect(assetsOfA.length).toBeGreaterThan(0);
  const [first, second] = await wordsOf(page);
  expect((await page.evaluate(search, first)).count).toBeGreaterThan(0);

  // Build B goes out while the page stays open.
  const next = path.join(work, 'next');
  const { renamed } = await deriveNextBuild(dist, next, 'zebrafinch');
  const result = await deploy({ source: next, target: site(), keep: 2 });
  expect(result.written.hashed).toBeGreaterThanOrEqual(renamed.size);

  // The open page asks for its own (build A) assets again, past the browser cache.
  const statuses = [...(await sameAssetsAgain(page, assetsOfA)), ...(await atOrigin(assetsOfA))];
  expect(
    statuses.every((line) => line.startsWith('200 ')),
    statuses.join('\n'),
  ).toBe(true);
  // Pagefind of build A is loaded; a new word fetches more of A's chunks and fragments now.
  const found = await page.evaluate(search, second);
  expect(found.count, `search for "${second}" after the deploy`).toBeGreaterThan(0);
  expect(found.urls.every((url) => url.startsWith('/'))).toBe(true);

  // The next page the reader opens is build B, with B's assets and B's index.
  await page.goto(`${stack.cdn.url}${runbook}`);
  await expect(page.getByText('zebrafinch')).toBeVisible();
  const assetsOfB = await astroAssets(page);
  expect(assetsOfB.some((url) => [...renamed.values()].some((name) => url.endsWith(name)))).toBe(true);
  expect((await page.evaluate(search, 'zebrafinch')).count).toBeGreaterThan(0);
  expect(failed).toEqual([]);
});

test('without the kept assets (--keep 0) the open page would break: the control case', async ({ page }) => {
  test.slow(SLOW);
  await page.goto(`${stack.cdn.url}${await aRunbook()}`);
  const assetsOfA = await astroAssets(page);
  const next = path.join(work, 'next');
  await deriveNextBuild(dist, next, 'zebrafinch');
  await deploy({ source: next, target: site(), keep: 0 });
  // The CDN may still hold them for a while (it did here); the origin has lost them, so the
  // first cache miss, eviction or purge breaks the page.
  const statuses = await atOrigin(assetsOfA);
  expect(statuses.filter((line) => line.startsWith('404 ')).length, statuses.join('\n')).toBe(assetsOfA.length);
});
