/**
 * Search speed in Chromium against a built site: cold first query (dialog opened on a fresh
 * page, Pagefind not yet loaded), warm queries, and the bytes the first query fetches.
 * Usage: node scripts/bench-search.ts --dist dist [--page /runbooks/x/] [--queries "a,b,c"] [--json]
 *        node scripts/bench-search.ts --origin http://127.0.0.1:4321 ...
 * Also importable: `benchSearch({ origin, pagePath, queries })`.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { defineCommand, runMain, UsageError, type OptionSpecs, type OptionValues } from './lib/cli.ts';
import { median } from './bench/stats.ts';
import { launchChromium, listedResults, serveStatic } from './lib/search-harness.ts';

export interface SearchBench {
  /** Page the dialog was opened on. */
  page: string;
  /**
   * ms from Ctrl+K (the dialog opening; the query typed right after) to the first results drawn, on a page that
   * has loaded nothing of search (Save-Data on, so the engine does not warm while the page is idle), timed in the page. Median of `coldRuns` fresh browser contexts (empty caches), as
   * plain Pagefind's cold query is measured.
   */
  coldMs: number;
  /** Every cold run's ms. */
  coldAllMs: number[];
  /** The same, to the full list drawn (corrections, alert-name variants and symptoms searched too). */
  coldFullMs: number;
  /**
   * The first query of a reader on Chromium's Slow 4G profile (DevTools preset: 562.5 ms latency, 1.6 Mbit/s down,
   * 750 kbit/s up, on the page and its workers): the page opened in a fresh context and left to load until the
   * network is idle (the search engine warms then), then Ctrl+K and the query; results not yet fetched: its index
   * chunks, vocabulary and fragments. Median of 3.
   */
  slow4gColdMs?: number;
  /** The same with Save-Data on: nothing of search loads before the dialog opens. Median of 3. */
  slow4gSaveDataMs?: number;
  /** Transferred bytes (after compression) of everything the cold query fetched. */
  coldBytes: number;
  coldRequests: number;
  /** Median ms of the warm queries, from the input event to the first results drawn. */
  warmMedianMs: number;
  /** The same, to the full list drawn. */
  warmFullMedianMs: number;
  warmMaxMs: number;
  /** ms the dialog itself reports for the cold query: keystroke (after the 40 ms typing pause) to results drawn. */
  coldSearchMs: number;
  /** Median of the dialog's own timing for warm queries (no typing pause, no test-driver polling). */
  warmSearchMedianMs: number;
  /**
   * Median of the dialog's own timing when the warm queries run a second time: their index chunks
   * and result fragments are loaded, as when going back to an earlier search or changing a filter.
   */
  repeatSearchMedianMs: number;
  warm: {
    query: string;
    ms: number;
    fullMs: number;
    searchMs: number;
    results: number;
    steps: Record<string, number>;
  }[];
  /** Where the cold query spent its time: ms per pipeline step (User Timing measures "paritybook:*"). */
  coldSteps: Record<string, number>;
  /** Median ms per pipeline step over the warm queries. */
  warmSteps: Record<string, number>;
  /** Transferred bytes of JavaScript the page loads before search opens. */
  jsBeforeOpenBytes: number;
}

export const DEFAULT_QUERIES = [
  'KubePodCrashLooping',
  'disk full',
  'certificate expiring',
  'connection refused',
  'crashloop',
  'alertmanger',
  'oomkilled',
  '502',
];

function medianSteps(list: Record<string, number>[]): Record<string, number> {
  const names = [...new Set(list.flatMap((steps) => Object.keys(steps)))];
  return Object.fromEntries(
    names.map((name) => {
      // A step a query skipped (word searches) took 0 ms for it.
      const values = list.map((steps) => steps[name] ?? 0).sort((a, b) => a - b);
      return [name, values[Math.floor(values.length / 2)]];
    }),
  );
}

const round = (ms: number) => Math.round(ms * 10) / 10;

const dialogAttribute = (page: Page, name: string) => page.locator('dialog.pb-search').getAttribute(name);

/** Chromium DevTools' "Slow 4G" preset, as Network.emulateNetworkConditions takes it (bytes per second). */
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };

interface QueryTiming {
  /** performance.now() in the page just before the query (and Ctrl+K, when it opened the dialog). */
  started: number;
  /** When the dialog saw the query typed (its input event). */
  inputAt: number;
  /** When its first results were drawn (the full list when it came first, or on builds without a first list). */
  firstAt: number;
  /** When the full list was drawn. */
  doneAt: number;
}

/**
 * Puts a query into the dialog (pressing Ctrl+K first when `open`), as a paste does, in one task of the page, and
 * lets the page itself wait for the dialog to report its full list (attribute changes, no polling). Plain Pagefind's
 * queries are timed the same way, in the page: neither number carries the test driver's round trips, nor its
 * polling, which runs in the page every frame and, on two cores, slows the very query it times (docs/benchmarks.md).
 */
function queryInPage(page: Page, query: string, { open, timeoutMs }: { open: boolean; timeoutMs: number }) {
  return page.evaluate(
    async ({ text, open, timeoutMs }): Promise<QueryTiming> => {
      const started = performance.now();
      if (open)
        document.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true, cancelable: true }),
        );
      const dialog = document.querySelector<HTMLDialogElement>('dialog.pb-search');
      const input = dialog?.querySelector<HTMLInputElement>('input[type="search"]');
      if (!dialog || !input) throw new Error('the page has no search dialog');
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const done = () => dialog.dataset.state === 'done' && dialog.dataset.query === text;
      await new Promise<void>((resolve, reject) => {
        const observer = new MutationObserver(() => settle());
        const timer = setTimeout(
          () => settle(new Error(`no full list for "${text}" within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const settle = (error?: Error) => {
          if (!error && dialog.dataset.state === 'error')
            error = new Error(`search failed: ${dialog.querySelector('[data-search-status]')?.textContent}`);
          if (!error && !done()) return;
          observer.disconnect();
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        observer.observe(dialog, { attributes: true });
        settle();
      });
      const doneAt = Number(dialog.dataset.doneAt);
      return {
        started,
        inputAt: Number(dialog.dataset.inputAt ?? started),
        firstAt: Number(dialog.dataset.firstAt ?? doneAt),
        doneAt,
      };
    },
    { text: query, open, timeoutMs },
  );
}

interface ColdRun {
  context: BrowserContext;
  page: Page;
  ms: number;
  fullMs: number;
  searchMs: number;
  results: string[];
  coldSteps: Record<string, number>;
  bytes: number;
  requests: number;
  jsBeforeOpenBytes: number;
  steps: () => Promise<Record<string, number>>;
}

/**
 * Opens the page in a fresh context (empty caches, service workers blocked so the offline copy's precache does
 * not count) and runs the first query through the dialog; the context stays open for warm queries.
 */
async function coldQuery(
  browser: Browser,
  origin: string,
  pagePath: string,
  query: string,
  { network, saveData }: { network?: typeof SLOW_4G; saveData: boolean },
): Promise<ColdRun> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  // A reader with Save-Data on: the page loads nothing of search before it opens (otherwise it warms when idle).
  if (saveData) await session.send('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
  if (network) {
    await session.send('Network.enable');
    await session.send('Network.emulateNetworkConditions', network);
  }
  let bytes = 0;
  let requests = 0;
  let jsBytes = 0;
  // Transferred bytes (compressed body + headers) of every request, the page's and its workers'.
  context.on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => undefined);
    if (!sizes) return;
    const transferred = sizes.responseBodySize + sizes.responseHeadersSize;
    bytes += transferred;
    requests += 1;
    if (request.resourceType() === 'script') jsBytes += transferred;
  });
  await page.goto(new URL(pagePath, origin).href, { waitUntil: 'networkidle' });
  const jsBeforeOpenBytes = jsBytes;
  bytes = 0;
  requests = 0;
  // Pipeline steps the dialog measured for the last query, summed per step.
  const steps = () =>
    page.evaluate(() => {
      const out: Record<string, number> = {};
      for (const entry of performance.getEntriesByType('measure')) {
        if (!entry.name.startsWith('paritybook:')) continue;
        const step = entry.name.slice('paritybook:'.length);
        out[step] = Math.round(((out[step] ?? 0) + entry.duration) * 10) / 10;
      }
      performance.clearMeasures();
      return out;
    });
  const timing = await queryInPage(page, query, { open: true, timeoutMs: 60_000 });
  const results = await listedResults(page);
  const ms = timing.firstAt - timing.started;
  const fullMs = timing.doneAt - timing.started;
  const searchMs = Number(await dialogAttribute(page, 'data-ms'));
  const coldSteps = await steps();
  // Fragments of results still arriving count too: wait for the network to settle.
  await page.waitForLoadState('networkidle');
  return {
    context,
    page,
    ms,
    fullMs,
    searchMs,
    results,
    coldSteps,
    bytes,
    requests,
    jsBeforeOpenBytes,
    steps,
  };
}

/** Measures one page; the browser is launched unless given. */
export async function benchSearch(options: {
  origin: string;
  pagePath?: string;
  queries?: string[];
  browser?: Browser;
  /** Fresh contexts for the cold query (default 5). */
  coldRuns?: number;
  /** Measure the cold query on Slow 4G too (default true). */
  slow4g?: boolean;
}): Promise<SearchBench> {
  const queries = options.queries?.length ? options.queries : DEFAULT_QUERIES;
  const pagePath = options.pagePath ?? '/';
  const browser = options.browser ?? (await launchChromium());
  try {
    const colds: ColdRun[] = [];
    for (let run = 0; run < (options.coldRuns ?? 5); run += 1) {
      await colds.at(-1)?.context.close();
      colds.push(await coldQuery(browser, options.origin, pagePath, queries[0], { saveData: true }));
    }
    const cold = colds.at(-1)!;
    const { page, steps } = cold;
    const coldMs = median(colds.map((run) => run.ms)) ?? 0;
    const { searchMs: coldSearchMs, coldSteps, bytes: coldBytes, requests: coldRequests, jsBeforeOpenBytes } = cold;
    const first = cold.results;
    const warm: SearchBench['warm'] = [];
    for (const query of queries.slice(1)) {
      const timing = await queryInPage(page, query, { open: false, timeoutMs: 20_000 });
      const results = await listedResults(page);
      // From the input event of the query, as the page saw it.
      const ms = timing.firstAt - timing.inputAt;
      const fullMs = timing.doneAt - timing.inputAt;
      const searchMs = Number(await page.locator('dialog.pb-search').getAttribute('data-ms'));
      warm.push({
        query,
        ms: Math.round(ms * 10) / 10,
        fullMs: Math.round(fullMs * 10) / 10,
        searchMs,
        results: results.length,
        steps: await steps(),
      });
    }
    const repeats: number[] = [];
    for (const query of queries.slice(1)) {
      // Something else first, so the dialog really searches again.
      await queryInPage(page, queries[0], { open: false, timeoutMs: 20_000 });
      await queryInPage(page, query, { open: false, timeoutMs: 20_000 });
      repeats.push(Number(await page.locator('dialog.pb-search').getAttribute('data-ms')));
    }
    await steps();
    if (first.length === 0) throw new Error(`the first query "${queries[0]}" found nothing; pick one the site answers`);
    const sorted = warm.map((w) => w.ms).sort((a, b) => a - b);
    const searchSorted = warm.map((w) => w.searchMs).sort((a, b) => a - b);
    await cold.context.close();
    let slow4gColdMs: number | undefined;
    let slow4gSaveDataMs: number | undefined;
    if (options.slow4g !== false) {
      const slowMedian = async (saveData: boolean) => {
        const slow: number[] = [];
        for (let run = 0; run < 3; run += 1) {
          const throttled = await coldQuery(browser, options.origin, pagePath, queries[0], {
            network: SLOW_4G,
            saveData,
          });
          slow.push(throttled.ms);
          await throttled.context.close();
        }
        return Math.round(median(slow) ?? 0);
      };
      slow4gColdMs = await slowMedian(false);
      slow4gSaveDataMs = await slowMedian(true);
    }
    return {
      page: pagePath,
      coldMs: Math.round(coldMs * 10) / 10,
      coldAllMs: colds.map((run) => Math.round(run.ms)),
      coldFullMs: Math.round((median(colds.map((run) => run.fullMs)) ?? 0) * 10) / 10,
      slow4gColdMs,
      slow4gSaveDataMs,
      coldSearchMs,
      warmSearchMedianMs: searchSorted.length ? searchSorted[Math.floor(searchSorted.length / 2)] : 0,
      repeatSearchMedianMs: repeats.length ? repeats.sort((a, b) => a - b)[Math.floor(repeats.length / 2)] : 0,
      coldBytes,
      coldRequests,
      // The median as plain Pagefind's warm queries get it (scripts/bench/stats.ts): same function, same queries.
      warmMedianMs: round(median(warm.map((w) => w.ms)) ?? 0),
      warmFullMedianMs: round(median(warm.map((w) => w.fullMs)) ?? 0),
      warmMaxMs: sorted.length ? sorted[sorted.length - 1] : 0,
      warm,
      coldSteps,
      warmSteps: medianSteps(warm.map((w) => w.steps)),
      jsBeforeOpenBytes,
    };
  } finally {
    if (!options.browser) await browser.close();
  }
}

export const formatSteps = (steps: Record<string, number>) =>
  Object.entries(steps)
    .map(([name, ms]) => `${name} ${ms} ms`)
    .join(', ');

const OPTIONS = {
  dist: { type: 'string', value: 'dir', description: 'built site to serve on a free loopback port' },
  origin: { type: 'string', value: 'url', description: 'an already served site instead' },
  page: { type: 'string', default: '/', value: 'path', description: 'page to open' },
  queries: { type: 'string', value: 'list', description: 'comma-separated queries; the first is the cold one' },
  json: { type: 'boolean', default: false, description: 'print JSON' },
} satisfies OptionSpecs;

export const benchSearchCommand = defineCommand({
  name: 'bench:search',
  usage: '(--dist <dir> | --origin <url>) [options]',
  summary: `Opens a page in Chromium, presses Ctrl+K and types a query (cold: nothing of search loaded
yet), then runs more queries (warm). Times include typing into the real dialog.`,
  options: OPTIONS,
  exitCodes: { 0: 'measured', 1: 'the measurement failed', 2: 'usage error' },
  unexpectedExitCode: 1,
  run: ({ values }) => measure(values),
});

async function measure(values: OptionValues<typeof OPTIONS>): Promise<void> {
  if (!values.dist === !values.origin) throw new UsageError('give either --dist or --origin');
  const server = values.dist ? await serveStatic(values.dist) : undefined;
  try {
    const result = await benchSearch({
      origin: server?.origin ?? values.origin!,
      pagePath: values.page,
      queries: values.queries
        ?.split(',')
        .map((q) => q.trim())
        .filter(Boolean),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(
        `page ${result.page}\ncold first query  ${result.coldMs} ms to first results, median of ${result.coldAllMs.join(', ')}; ${result.coldFullMs} ms to the full list (search itself ${result.coldSearchMs} ms), ${(result.coldBytes / 1024).toFixed(1)} kB in ${result.coldRequests} requests\n` +
          (result.slow4gColdMs === undefined
            ? ''
            : `cold on Slow 4G   ${result.slow4gColdMs} ms end to end, ${result.slow4gSaveDataMs} ms with Save-Data (medians of 3)\n`) +
          `warm queries      median ${result.warmMedianMs} ms to first results, ${result.warmFullMedianMs} ms to the full list (full search itself ${result.warmSearchMedianMs} ms); slowest first results ${result.warmMaxMs} ms (${result.warm.length})\n` +
          `repeated queries search itself median ${result.repeatSearchMedianMs} ms (words and fragments loaded)\n` +
          `steps, cold      ${formatSteps(result.coldSteps)}\n` +
          `steps, warm      ${formatSteps(result.warmSteps)} (medians)\n` +
          `JS before search  ${(result.jsBeforeOpenBytes / 1024).toFixed(1)} kB\n`,
      );
    }
  } finally {
    await server?.close();
  }
}

if (import.meta.main) await runMain(benchSearchCommand);
