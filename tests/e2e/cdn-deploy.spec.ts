/**
 * A reader has a page of build A open behind the CDN while build B is published: the open page
 * still loads its own assets and still searches, and the next page they open is all B.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { deploy } from '../../src/delivery/deploy.ts';
import { startCdnStack, type CdnStack } from '../integration/cdn-nginx.ts';
import { aRunbook, deriveNextBuild, dist, hasSearch } from './cdn-helpers.ts';

let stack: CdnStack;
let work: string;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'paritybook-e2e-deploy-'));
  await deploy({ source: dist, target: path.join(work, 'site'), keep: 2 });
  stack = await startCdnStack(path.join(work, 'site'));
});

test.afterAll(async () => {
  await stack?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs a Pagefind search inside the page, as the site's search box does. */
const search = async (term: string) => {
  const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
  const result = await pagefind.search(term);
  const first = result.results[0] ? await result.results[0].data() : undefined;
  return { count: result.results.length, url: first?.url as string | undefined };
};

test('a page of the previous build keeps loading its assets and searching after a deploy', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  const runbook = await aRunbook();
  await page.goto(`${stack.cdn.url}${runbook}`);
  const assetsOfA = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((url) => url.startsWith('/_astro/')),
  );
  expect(assetsOfA.length).toBeGreaterThan(0);
  const searchable = hasSearch();
  const title = (await page.locator('h1').first().textContent())?.trim().split(/\s+/)[0] ?? 'runbook';
  if (searchable) expect((await page.evaluate(search, title)).count).toBeGreaterThan(0);

  // Build B goes out while the page stays open.
  const next = path.join(work, 'next');
  const { renamed } = await deriveNextBuild(dist, next, 'zebrafinch');
  const result = await deploy({ source: next, target: path.join(work, 'site'), keep: 2 });
  expect(result.written.hashed).toBeGreaterThanOrEqual(renamed.size);

  // The open page asks for its own (build A) assets again, bypassing the browser cache.
  const statuses = await page.evaluate((urls) => Promise.all(urls.map(async (url) => `${(await fetch(url, { cache: 'no-store' })).status} ${url}`)), assetsOfA);
  expect(statuses.every((line) => line.startsWith('200 ')), statuses.join('\n')).toBe(true);
  if (searchable) {
    // Pagefind of build A is loaded; its chunks for a new word are fetched now, after the deploy.
    const found = await page.evaluate(search, 'zebrafinch');
    const again = await page.evaluate(search, title);
    expect(again.count).toBeGreaterThan(0);
    // Build A's index has no "zebrafinch" (0 results) or, if Pagefind reloaded its entry, build B's has.
    expect(found.count).toBeGreaterThanOrEqual(0);
  }

  // The next page the reader opens is build B, with B's assets.
  await page.goto(`${stack.cdn.url}${runbook}`);
  await expect(page.getByText('zebrafinch')).toBeVisible();
  const assetsOfB = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname).filter((url) => url.startsWith('/_astro/')));
  expect(assetsOfB.some((url) => [...renamed.values()].some((name) => url.endsWith(name)))).toBe(true);
  if (searchable) {
    const fresh = await page.evaluate(search, 'zebrafinch');
    expect(fresh.count).toBeGreaterThan(0);
  }
  expect(failed).toEqual([]);
});
