/**
 * The offline copy: after one online visit a reader can open runbooks and search with the
 * network gone, sees "Offline copy from <time>", and the copy moves to the next build on the
 * next online visit, whole.
 */
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { deploy } from '../../src/delivery/deploy.ts';
import { OFFLINE_COPY_BUDGET_MS } from '../support/budgets.ts';
import { startCdnStack, type CdnStack } from '../integration/cdn-nginx.ts';
import { aRunbook, deriveNextBuild, dist, pageKinds } from './cdn-helpers.ts';

test.use({ serviceWorkers: 'allow' });

let stack: CdnStack;
let work: string;
const site = () => path.join(work, 'site');
const buildIdOf = async (root: string) =>
  /build ([0-9a-f]{12})/.exec(await readFile(path.join(root, 'sw.js'), 'utf8'))?.[1];

test.beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'paritybook-e2e-offline-'));
  await deploy({ source: dist, target: site(), keep: 2 });
  stack = await startCdnStack(site());
});

test.afterEach(async () => {
  await stack?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const COPY_STORED_MS = OFFLINE_COPY_BUDGET_MS;
/** A test that waits for the offline copy `copies` times: the copies, plus the usual budget for the rest. */
const waitsForCopies = (copies: number) => test.setTimeout(copies * COPY_STORED_MS + 60_000);

/** The registration's workers and their states, for a failure message. */
const workerStates = (page: Page) =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const state = (worker?: ServiceWorker | null) => worker?.state ?? 'none';
    return `installing ${state(registration?.installing)}, waiting ${state(registration?.waiting)}, active ${state(registration?.active)}`;
  });

/** Which build the active service worker holds, asked once (undefined until one is active and complete). */
const activeCopyBuild = (page: Page) =>
  page.evaluate(async () => {
    const worker = (await navigator.serviceWorker.getRegistration())?.active;
    if (!worker) return undefined;
    return new Promise<string | undefined>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data?.buildId);
      worker.postMessage({ type: 'paritybook:status' }, [channel.port2]);
      // A worker replaced in the meantime never answers: give up on it, and the poll asks again.
      setTimeout(() => resolve(undefined), 5000);
    });
  });

/**
 * The same, for polling: undefined while a next worker installs or waits. The browser lets a waiting worker take
 * over only once the active one has no events left, so a poll that kept asking the active one would hold the
 * switch off for minutes on a busy machine.
 */
const copyBuild = async (page: Page) => {
  const successor = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return Boolean(registration?.installing || registration?.waiting);
  });
  return successor ? undefined : activeCopyBuild(page);
};

/** The copy has not moved to `nextId`, and no worker holding a whole copy of it waits to take over. */
async function expectStillOnTheFirstBuild(page: Page, nextId: string | undefined) {
  expect(await activeCopyBuild(page)).not.toBe(nextId);
  expect(await workerStates(page)).toContain('waiting none');
}

/** Visits the site until the copy holds the build deployed now, then deploys a next build marked with `word`. */
async function copyThenDeployNext(page: Page, word: string): Promise<{ next: string; nextId: string | undefined }> {
  await page.goto(`${stack.cdn.url}/`);
  await expect.poll(() => copyBuild(page), { timeout: COPY_STORED_MS }).toBe(await buildIdOf(site()));
  const next = path.join(work, 'next');
  await deriveNextBuild(dist, next, word);
  await deploy({ source: next, target: site(), keep: 2 });
  return { next, nextId: await buildIdOf(next) };
}

const searchInPage = async (term: string) => {
  const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
  const result = await pagefind.search(term);
  const first = result.results[0] ? await result.results[0].data() : undefined;
  return {
    count: result.results.length,
    url: first?.url as string | undefined,
  };
};

test('after one online visit, a runbook opens and search answers with the network gone', async ({ page, context }) => {
  waitsForCopies(1);
  const expected = await buildIdOf(site());
  await page.goto(`${stack.cdn.url}/`);
  await expect.poll(() => copyBuild(page), { timeout: COPY_STORED_MS }).toBe(expected);
  const status = page.locator('[data-offline-status]');
  await expect(status).toBeHidden();
  // The network drops while the page is open: the reader is told what they are reading.
  await context.setOffline(true);
  await expect(status).toContainText('Offline copy from');
  await context.setOffline(false);
  await expect(status).toBeHidden();

  const runbook = await aRunbook();
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(`${request.failure()?.errorText} ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await context.setOffline(true);
  await page.goto(`${stack.cdn.url}${runbook}`);
  await expect(page.locator('h1').first()).toBeVisible();
  await expect(status).toBeVisible();
  await expect(status).toContainText('Offline copy from');
  await expect(status.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  // The stylesheet came from the copy too.
  expect(
    await page.evaluate(() => [...document.styleSheets].filter((sheet) => sheet.href?.includes('/_astro/')).length),
  ).toBeGreaterThan(0);

  const term = (await page.locator('h1').first().textContent())?.trim().split(/\s+/)[0] ?? 'runbook';
  const found = await page.evaluate(searchInPage, term);
  expect(found.count, `search for "${term}" offline`).toBeGreaterThan(0);
  expect(found.url).toMatch(/^\//);
  expect(failed).toEqual([]);

  // An alert link from the pager lands on its runbook offline too.
  const alert = (await pageKinds(dist, 1)).find((url) => url.startsWith('/alerts/') && url !== '/alerts/');
  expect(alert, 'an alert page in the build').toBeDefined();
  await page.goto(`${stack.cdn.url}${alert}`);
  await expect(page).toHaveURL(/\/runbooks\/[^/]+\/$/);
  await expect(status).toContainText('Offline copy from');

  // A page that was never stored says so instead of the browser's error page.
  const missing = await page.goto(`${stack.cdn.url}/not-stored-anywhere/`);
  expect(missing?.status()).toBe(503);
  await expect(page.locator('h1')).toHaveText('Not in the offline copy');
});

test('when the CDN answers 5xx the stored copy is shown', async ({ page }) => {
  waitsForCopies(1);
  await page.goto(`${stack.cdn.url}/`);
  await expect.poll(() => copyBuild(page), { timeout: COPY_STORED_MS }).toBe(await buildIdOf(site()));
  await stack.origin.stop(); // the CDN stays up and answers 502
  const runbook = await aRunbook();
  await page.goto(`${stack.cdn.url}${runbook}`);
  await expect(page.locator('[data-offline-status]')).toContainText('Offline copy from');
});

test('the next online visit moves the copy to the new build, whole', async ({ page, context }) => {
  waitsForCopies(2); // and derives a second build with its own search index
  const { next, nextId } = await copyThenDeployNext(page, 'zebrafinch');

  // Next online visit: the new service worker stores build B completely, then takes over.
  await page.goto(`${stack.cdn.url}/`);
  await expect
    .poll(() => copyBuild(page), { timeout: COPY_STORED_MS })
    .toBe(nextId)
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\nservice workers then: ${await workerStates(page)}`);
    });

  const astro: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/_astro/')) astro.push(`${response.status()} ${url.pathname}`);
  });
  await context.setOffline(true);
  await page.goto(`${stack.cdn.url}${await aRunbook()}`);
  await expect(page.getByText('zebrafinch')).toBeVisible();
  await expect(page.locator('[data-offline-status]')).toContainText('Offline copy from');
  // Every asset the offline page used is build B's and came back fine.
  const nextAssets = (await import('node:fs/promises')).readdir(path.join(next, '_astro'));
  const names = new Set(await nextAssets);
  expect(astro.length).toBeGreaterThan(0);
  for (const line of astro) {
    expect(line.startsWith('200 '), line).toBe(true);
    expect(names.has(path.posix.basename(line.split(' ')[1])), `${line} is from build B`).toBe(true);
  }
  expect((await page.evaluate(searchInPage, 'zebrafinch')).count).toBeGreaterThan(0);
});

test('an update that fails while a deploy rolls out is tried again, on the same open page, until it succeeds', async ({
  page,
}) => {
  waitsForCopies(3);
  // The page's timers run on a clock the test moves, so the retries (15 s, then 30 s after a failure) come when
  // the test says; the service worker and the browser keep real time.
  await page.clock.install();
  const { next, nextId } = await copyThenDeployNext(page, 'kingfisher');
  // One of build B's pages has not reached the origin yet: B's worker cannot store a whole copy, so it must not
  // take over, and every attempt to install it asks the origin for that page once (and is refused).
  const missing = await aRunbook(next);
  const runbookFile = path.join(site(), missing.replace(/^\//, ''), 'index.html');
  const aside = `${runbookFile}.rolling-out`;
  await rename(runbookFile, aside);
  const attempts = async () =>
    (await readFile(path.join(stack.origin.prefix, 'origin-access.log'), 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line.includes(`"GET ${missing} `) && /" 4\d\d /.test(line)).length;

  await page.goto(`${stack.cdn.url}/`);
  const status = page.locator('[data-offline-status]');
  await expect(status).toHaveAttribute('data-service-worker-retries', '1', { timeout: COPY_STORED_MS });
  await expect.poll(attempts, { timeout: COPY_STORED_MS }).toBeGreaterThan(0);
  await expectStillOnTheFirstBuild(page, nextId);

  // Still rolling out at the first retry: the page tries again, fails again, and plans a later try.
  const before = await attempts();
  await page.clock.runFor(15_000);
  await expect.poll(attempts, { timeout: COPY_STORED_MS }).toBeGreaterThan(before);
  await expect(status).toHaveAttribute('data-service-worker-retries', '2', { timeout: COPY_STORED_MS });
  await expectStillOnTheFirstBuild(page, nextId);

  // The rollout completes; at the next retry the same page, never reloaded, moves the copy to build B, whole.
  await rename(aside, runbookFile);
  await page.clock.runFor(30_000);
  await expect
    .poll(() => copyBuild(page), { timeout: COPY_STORED_MS })
    .toBe(nextId)
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\nservice workers then: ${await workerStates(page)}`);
    });
});
