/**
 * Search latency in a real browser: serves a built site on 127.0.0.1 (no compression, every
 * response counted on the server, so fetches from Pagefind's Web Worker count too), opens a
 * runbook page in Chromium and times Pagefind queries: the cold first query in a fresh browser
 * context (empty cache, new worker; median of several), then warm queries in the same page.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../lib/system.ts';
import { median } from './stats.ts';

export interface SearchOptions {
  dist: string;
  /** URL path of the Pagefind folder, like "/pagefind/". */
  indexUrl: string;
  /** A runbook page to open first, like "/runbooks/x/". */
  pagePath: string;
  coldQuery: string;
  warmQueries: string[];
  /** URL fragment the first result of `coldQuery` should contain (its runbook). */
  expectFirst?: string;
  coldRepeats?: number;
  warmRepeats?: number;
  chromiumPath?: string;
}

export interface SearchMeasure {
  chromium: string;
  /** A runbook page with service workers blocked and Save-Data on (nothing fetched ahead of use). */
  pageLoadBytes: number;
  pageLoadRequests: number;
  /** The same page without Save-Data, until the network is idle: what it fetches ahead of use (a search engine warmed). */
  idleLoadBytes: number;
  idleLoadRequests: number;
  /** The same page with service workers allowed, until the worker is active (an offline copy's precache). */
  firstVisitBytes: number;
  firstVisitRequests: number;
  serviceWorker: boolean;
  coldFirstQueryMs: number | null;
  coldFirstQueryBytes: number | null;
  coldFirstQueryRequests: number | null;
  coldAllMs: number[];
  warmSameQueryMs: number | null;
  warmNewQueryMs: number | null;
  warmNewQueryBytes: number | null;
  coldResults: number | null;
  coldFirstUrl: string | null;
  coldFirstIsExpected: boolean | null;
  warm: { query: string; ms: number; results: number; bytes: number }[];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

interface Counter {
  requests: number;
  bytes: number;
}

/** A static server on an OS-chosen loopback port that counts bytes sent. */
export async function countingServer(root: string): Promise<{ server: Server; base: string; counter: Counter }> {
  const counter: Counter = { requests: 0, bytes: 0 };
  const server = createServer(async (request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = path.join(root, path.normalize(urlPath));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return void response.writeHead(404).end('not found');
    counter.requests++;
    counter.bytes += info.size;
    response.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}`, counter };
}

interface QueryResult {
  ms: number;
  results: number;
  firstUrl: string | null;
}

/** Runs in the page: loads Pagefind once per page (kept on window), searches, loads the top 5 results. */
const QUERY = async ({ indexUrl, query }: { indexUrl: string; query: string }): Promise<QueryResult> => {
  const w = window as unknown as {
    __benchPagefind?: {
      init?: () => Promise<void>;
      search: (q: string) => Promise<{ results: { data: () => Promise<{ url: string }> }[] }>;
    };
  };
  const started = performance.now();
  if (!w.__benchPagefind) {
    w.__benchPagefind = await import(/* @vite-ignore */ `${indexUrl}pagefind.js`);
    await w.__benchPagefind!.init?.();
  }
  const found = await w.__benchPagefind!.search(query);
  const top = await Promise.all(found.results.slice(0, 5).map((result) => result.data()));
  return { ms: performance.now() - started, results: found.results.length, firstUrl: top[0]?.url ?? null };
};

export async function measureSearch(options: SearchOptions): Promise<SearchMeasure> {
  const { server, base, counter } = await countingServer(path.resolve(options.dist));
  let browser: Browser | undefined;
  const reset = () => {
    counter.requests = 0;
    counter.bytes = 0;
  };
  try {
    browser = await chromium.launch({
      executablePath: options.chromiumPath ?? chromiumPath(),
      args: CHROMIUM_ARGS,
    });
    // Search is measured with service workers blocked, so an offline copy's background precache
    // does not count as search traffic; the first visit with the worker is measured on its own.
    // Save-Data is on unless asked otherwise: a page that warms its own search engine when idle
    // (paritybook's dialog) would otherwise have loaded Pagefind before the cold query.
    const open = async (serviceWorkers: 'allow' | 'block' = 'block', saveData = true) => {
      const context = await browser!.newContext({ serviceWorkers });
      const page = await context.newPage();
      if (saveData) {
        const session = await context.newCDPSession(page);
        await session.send('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
      }
      await page.goto(base + options.pagePath, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle');
      return { context, page };
    };

    reset();
    const first = await open();
    const pageLoad = { ...counter };
    await first.context.close();

    reset();
    const idle = await open('block', false);
    const idleLoad = { ...counter };
    await idle.context.close();

    reset();
    const visit = await open('allow');
    const registered = await visit.page.evaluate(async () => {
      if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) {
        const registration = await Promise.race([
          navigator.serviceWorker?.getRegistration(),
          new Promise((r) => setTimeout(r, 1000)),
        ]);
        if (!registration) return false;
      }
      // Wait (bounded) until the worker is active: its install step is the precache.
      await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 60_000))]);
      return true;
    });
    if (registered) await visit.page.waitForLoadState('networkidle');
    const firstVisit = { ...counter, serviceWorker: registered };
    await visit.context.close();

    const colds: (QueryResult & { bytes: number; requests: number })[] = [];
    let last: Awaited<ReturnType<typeof open>> | undefined;
    for (let i = 0; i < (options.coldRepeats ?? 5); i++) {
      await last?.context.close();
      last = await open();
      reset();
      const result = await last.page.evaluate(QUERY, { indexUrl: options.indexUrl, query: options.coldQuery });
      colds.push({ ...result, ...counter });
    }
    const coldMs = median(colds.map((cold) => cold.ms));
    const typical = colds.find((cold) => cold.ms === coldMs) ?? colds[Math.floor(colds.length / 2)];

    const same: number[] = [];
    for (let i = 0; i < (options.warmRepeats ?? 7); i++) {
      same.push((await last!.page.evaluate(QUERY, { indexUrl: options.indexUrl, query: options.coldQuery })).ms);
    }
    const warm: SearchMeasure['warm'] = [];
    for (const query of options.warmQueries) {
      reset();
      const result = await last!.page.evaluate(QUERY, { indexUrl: options.indexUrl, query });
      warm.push({ query, ms: result.ms, results: result.results, bytes: counter.bytes });
    }
    await last?.context.close();
    return {
      chromium: browser.version(),
      pageLoadBytes: pageLoad.bytes,
      pageLoadRequests: pageLoad.requests,
      idleLoadBytes: idleLoad.bytes,
      idleLoadRequests: idleLoad.requests,
      firstVisitBytes: firstVisit.bytes,
      firstVisitRequests: firstVisit.requests,
      serviceWorker: firstVisit.serviceWorker,
      coldFirstQueryMs: coldMs,
      coldFirstQueryBytes: typical?.bytes ?? null,
      coldFirstQueryRequests: typical?.requests ?? null,
      coldAllMs: colds.map((cold) => cold.ms),
      warmSameQueryMs: median(same),
      warmNewQueryMs: median(warm.map((entry) => entry.ms)),
      warmNewQueryBytes: median(warm.map((entry) => entry.bytes)),
      coldResults: typical?.results ?? null,
      coldFirstUrl: typical?.firstUrl ?? null,
      coldFirstIsExpected:
        options.expectFirst && typical?.firstUrl ? typical.firstUrl.includes(options.expectFirst) : null,
      warm,
    };
  } finally {
    await browser?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
