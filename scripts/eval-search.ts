/**
 * Relevance harness: imports a corpus of Markdown runbooks into a temporary site, builds it,
 * runs every query through the site's real search dialog in Chromium and scores the ranking.
 * Usage: npm run eval:search -- (--corpus <dir> | --content <dir>) --queries <file.json> [--json]
 */
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ImportError, importRunbooks, noteUrl } from '../src/import/index.ts';
import { PAGEFIND_BASE } from '../src/routes.ts';
import { defineCommand, runMain, UsageError, type CommandContext, type OptionSpecs } from './lib/cli.ts';
import {
  buildSite,
  HarnessError,
  launchChromium,
  makeTempSite,
  searchInPage,
  serveStatic,
} from './lib/search-harness.ts';

interface QueryCase {
  query: string;
  expect: string[];
  note?: string;
}

interface Miss {
  query: string;
  expect: string[];
  got: string[];
  rank: number | null;
}

async function readQueries(file: string): Promise<QueryCase[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new HarnessError(`cannot read the query file ${file}`, { cause: error });
  }
  if (
    !Array.isArray(parsed) ||
    parsed.some((q) => typeof q?.query !== 'string' || !Array.isArray(q?.expect) || q.expect.length === 0)
  ) {
    throw new HarnessError(`${file}: expected a list of {"query": "...", "expect": ["path.md", ...]}`);
  }
  return parsed as QueryCase[];
}

const OPTIONS = {
  corpus: { type: 'string', value: 'dir', description: 'folder of Markdown runbooks to import' },
  content: {
    type: 'string',
    value: 'dir',
    description: 'a paritybook content folder to build as it is (content/ for the demo)',
  },
  queries: { type: 'string', value: 'file', description: 'query file (required)' },
  json: {
    type: 'boolean',
    default: false,
    description: 'print {"queries","top1","top3","mrr","misses":[{"query","expect","got"}]}',
  },
  keep: { type: 'boolean', default: false, description: 'keep the temporary site and print its path' },
  baseline: { type: 'boolean', default: false, description: 'rank with plain Pagefind (default options), to compare' },
} satisfies OptionSpecs;

async function evaluate({ values, log }: CommandContext<typeof OPTIONS>): Promise<number> {
  if (!values.corpus === !values.content || !values.queries)
    throw new UsageError('--queries and one of --corpus or --content are required');
  const cases = await readQueries(path.resolve(values.queries));
  const site = await makeTempSite('paritybook-eval-');
  // Everything up to the browser run can fail; the temporary site goes either way.
  let urlOf: Map<string, string>;
  try {
    if (values.content) {
      const content = path.resolve(values.content);
      log(`Copying ${content} into ${site.root}`);
      await cp(content, site.contentDir, { recursive: true });
      urlOf = new Map(cases.flatMap((c) => c.expect).map((url) => [url, url]));
      const notPaths = [...urlOf.keys()].filter((url) => !/^\/.*\/$/.test(url));
      if (notPaths.length > 0)
        throw new HarnessError(`with --content, expect page paths like /runbooks/x/, not: ${notPaths.join(', ')}`);
    } else {
      const corpus = path.resolve(values.corpus!);
      log(`Importing ${corpus} into ${site.root}`);
      const report = await importRunbooks({
        sourceDir: corpus,
        contentDir: site.contentDir,
        into: '',
        status: 'reviewed',
        owner: 'imported',
        severity: 'medium',
        reviewedOn: new Date().toISOString().slice(0, 10),
      });
      urlOf = new Map(report.files.map((file) => [file.source, file.url]));
      const unknown = cases.flatMap((c) => c.expect).filter((p) => !urlOf.has(p));
      if (unknown.length > 0)
        throw new HarnessError(
          `query file expects files the corpus does not have: ${[...new Set(unknown)].join(', ')}`,
        );
      log(`Imported ${report.files.length} runbooks`);
    }
    log('Building');
    const started = Date.now();
    await buildSite(site, log);
    log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s; searching ${cases.length} queries in Chromium`);
  } catch (error) {
    if (!values.keep) await site.remove();
    throw error;
  }

  const server = await serveStatic(site.dist);
  const browser = await launchChromium().catch(async (error) => {
    await server.close();
    if (!values.keep) await site.remove();
    throw error;
  });
  const misses: Miss[] = [];
  let top1 = 0;
  let top3 = 0;
  let reciprocal = 0;
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${server.origin}/`);
    for (const c of cases) {
      const got = values.baseline ? await plainPagefind(page, c.query) : await searchInPage(page, c.query);
      const wanted = new Set(c.expect.map((p) => urlOf.get(p) ?? noteUrl('', p)));
      const index = got.findIndex((url) => wanted.has(url.replace(/#.*$/, '')));
      const rank = index >= 0 ? index + 1 : null;
      if (rank === 1) top1 += 1;
      if (rank !== null && rank <= 3) top3 += 1;
      if (rank !== null) reciprocal += 1 / rank;
      if (rank !== 1) misses.push({ query: c.query, expect: c.expect, got: got.slice(0, 3).map(sourceOf), rank });
    }
    if (errors.length > 0) throw new HarnessError(`the page reported errors while searching:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
    await server.close();
    if (values.keep) log(`Kept the site at ${site.root}`);
    else await site.remove();
  }

  function sourceOf(url: string): string {
    for (const [source, page] of urlOf) if (url.replace(/#.*$/, '') === page) return source;
    return url;
  }

  const n = cases.length;
  const result = {
    queries: n,
    top1: round(top1 / n),
    top3: round(top3 / n),
    mrr: round(reciprocal / n),
    misses: misses.map(({ query, expect, got }) => ({ query, expect, got })),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    process.stdout.write(
      `queries ${n}\ntop-1   ${pct(result.top1)}  (${top1}/${n})\ntop-3   ${pct(result.top3)}  (${top3}/${n})\nMRR     ${result.mrr.toFixed(3)}\n`,
    );
    if (misses.length > 0) {
      process.stdout.write(`\nNot first (${misses.length}):\n`);
      for (const miss of misses) {
        process.stdout.write(
          `  ${miss.rank === null ? 'miss' : `#${miss.rank}`.padEnd(4)}  ${JSON.stringify(miss.query)} -> want ${miss.expect.join(' | ')}; got ${miss.got.join(', ') || 'nothing'}\n`,
        );
      }
    }
  }
  return 0;
}

/** Plain Pagefind, default options: the "before" of every change to the pipeline. */
async function plainPagefind(page: import('playwright-core').Page, query: string): Promise<string[]> {
  return page.evaluate(
    async ({ q, base }) => {
      const w = window as unknown as {
        __pf?: Promise<{ search(q: string): Promise<{ results: { data(): Promise<{ url: string }> }[] }> }>;
      };
      w.__pf ??= import(/* @vite-ignore */ `${base}pagefind.js`);
      const pf = await w.__pf;
      const response = await pf.search(q);
      const top = await Promise.all(response.results.slice(0, 10).map((r) => r.data()));
      return top.map((d) => d.url);
    },
    { q: query, base: PAGEFIND_BASE },
  );
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export const evalSearchCommand = defineCommand({
  name: 'eval:search',
  usage: '(--corpus <dir> | --content <dir>) --queries <file.json> [options]',
  summary: `Imports <dir> into a temporary site, builds it, types each query into the search dialog
in Chromium and prints top-1, top-3, MRR and the misses.

A query file is [{"query": "...", "expect": ["folder/File.md", ...]}]; paths are relative
to the corpus folder, and a query scores when any expected file ranks. With --content the
expected entries are page paths ("/runbooks/cdn-502-504/").`,
  options: OPTIONS,
  exitCodes: { 0: 'scored', 1: 'the corpus could not be imported, built or searched', 2: 'usage error' },
  errors: [
    { type: HarnessError, exitCode: 1 },
    { type: ImportError, exitCode: 1 },
  ],
  unexpectedExitCode: 1,
  run: evaluate,
});

if (import.meta.main) await runMain(evalSearchCommand);
