/**
 * The shared corpus end to end: every runbook imports, the site builds, every page shows
 * its sections and every link on it works, and search finds runbooks by name, part, typo
 * and error string. Builds its own temporary site and serves it on a free port.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { importRunbooks, type ImportReport } from '../../src/import/index.ts';
import {
  buildSite,
  makeTempSite,
  searchInPage,
  serveStatic,
  type StaticServer,
  type TempSite,
} from '../../scripts/lib/search-harness.ts';
import { BUILD_BUDGET_MS } from '../support/budgets.ts';

const CORPUS = path.resolve(import.meta.dirname, '../fixtures/prometheus-operator-runbooks');

let site: TempSite;
let server: StaticServer;
let report: ImportReport;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // Importing the corpus takes seconds; the build of 108 runbooks is the heavy part.
  test.setTimeout(BUILD_BUDGET_MS + 60_000);
  site = await makeTempSite('paritybook-e2e-import-');
  report = await importRunbooks({
    sourceDir: CORPUS,
    contentDir: site.contentDir,
    into: '',
    status: 'reviewed',
    owner: 'imported',
    severity: 'medium',
    reviewedOn: '2026-11-27',
  });
  // One note imported as needs-review: it must build, keep its alert URL and stay out of search.
  await importRunbooks({
    sourceDir: path.join(CORPUS, 'general'),
    contentDir: site.contentDir,
    into: 'pending',
    status: 'needs-review',
    owner: 'imported',
    severity: 'medium',
    reviewedOn: '2026-11-27',
  });
  await buildSite(site);
  server = await serveStatic(site.dist);
});

test.afterAll(async () => {
  await server?.close();
  await site?.remove();
});

test('every runbook of the corpus imports and its page shows its sections', async ({ request }) => {
  expect(report.files).toHaveLength(108);
  for (const file of report.files) {
    const response = await request.get(`${server.origin}${file.url}`);
    expect(response.status(), file.source).toBe(200);
    const html = await response.text();
    for (const section of file.sections) {
      expect(html, `${file.source}: section ${section}`).toMatch(
        new RegExp(`<h2[^>]*>\\s*${section.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    }
  }
});

test('every internal link on the imported pages resolves', async ({ request }) => {
  const checked = new Map<string, number>();
  const broken: string[] = [];
  for (const file of report.files) {
    const html = await (await request.get(`${server.origin}${file.url}`)).text();
    for (const [, href] of html.matchAll(/<a [^>]*href="([^"]+)"/g)) {
      if (!href.startsWith('/') || href.startsWith('//')) continue;
      const target = href.split('#')[0];
      if (!checked.has(target)) checked.set(target, (await request.get(`${server.origin}${target}`)).status());
      if (checked.get(target) !== 200) broken.push(`${file.source} -> ${href}`);
    }
  }
  expect(broken).toEqual([]);
  // The Hugo ref in NodeRAIDDiskFailure became a working link.
  const raid = await (await request.get(`${server.origin}/runbooks/node/noderaiddiskfailure/`)).text();
  expect(raid).toContain('href="/runbooks/node/noderaiddegraded/"');
});

test('the unclosed fence and <details> survive as sections and a collapsible block', async ({ page }) => {
  await page.goto(`${server.origin}/runbooks/prometheus-operator/prometheusoperatornodelookuperrors/`);
  await expect(page.getByRole('heading', { level: 2, name: 'Mitigation' })).toBeVisible();
  await page.goto(`${server.origin}/runbooks/general/targetdown/`);
  const details = page.locator('main details');
  await expect(details.locator('summary')).toHaveText('Full context');
  await details.locator('summary').click();
  await expect(details).toContainText('ServiceMonitor');
});

test('search finds corpus runbooks by name, part, typo and error string; needs-review copies stay out', async ({
  page,
}) => {
  await page.goto(`${server.origin}/`);
  const cases: [string, string][] = [
    ['KubePodCrashLooping', '/runbooks/kubernetes/kubepodcrashlooping/'],
    ['toomanypods', '/runbooks/kubernetes/kubelettoomanypods/'],
    ['alertmanger failed reload', '/runbooks/alertmanager/alertmanagerfailedreload/'],
    ['etcdserver: no leader', '/runbooks/etcd/etcdnoleader/'],
    ['"etcdserver: no leader"', '/runbooks/etcd/etcdnoleader/'],
  ];
  for (const [query, url] of cases) {
    const urls = await searchInPage(page, query);
    expect(urls.slice(0, 3), query).toContain(url);
  }
  const watchdog = await searchInPage(page, 'Watchdog');
  expect(watchdog[0]).toBe('/runbooks/general/watchdog/');
  expect(watchdog.some((url) => url.startsWith('/runbooks/pending/'))).toBe(false);
});

test('a needs-review duplicate still builds, and the alert URL goes to the first runbook that lists the alert', async ({
  page,
}) => {
  const pending = await page.request.get(`${server.origin}/runbooks/pending/watchdog/`);
  expect(pending.status()).toBe(200);
  await page.goto(`${server.origin}/alerts/Watchdog/`);
  await expect(page).toHaveURL(`${server.origin}/runbooks/general/watchdog/`);
});
