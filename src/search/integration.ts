/**
 * Builds the search index after Astro has written the pages (in `npm run build` once Astro's process
 * has exited, src/finish.ts; in a bare `astro build` in its build:done hook):
 * every reviewed note's page goes through Pagefind's Node API with filters, metadata and
 * alert-name variants added, and a typo vocabulary is written beside the index.
 *
 * Files written to <outDir>/pagefind/ (PAGEFIND_BASE; for cache headers):
 * - unhashed, must revalidate: pagefind.js, pagefind-worker.js, pagefind-entry.json,
 *   wasm.*.pagefind, vocabulary/*.json (Pagefind's own UI bundles are deleted: unused)
 *   (the typo vocabulary, one file per first letter; fetched with ?v=<build tag>)
 * - content-hashed, immutable: pagefind.*.pf_meta, index/*.pf_index, fragment/*.pf_fragment,
 *   filter/*.pf_filter
 * The browser asks for pagefind-entry.json?ts=<build tag> (Pagefind's metaCacheTag), so a
 * cache may keep it for the life of one build.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { z } from 'astro/zod';
import * as pagefind from 'pagefind';
import { resolveContentDir, SEARCHABLE_COLLECTIONS } from '../collections.ts';
import { readContent } from '../content-check/index.ts';
import { thisProcess, isRunning } from '../lib/process-lock.ts';
import { deferStep, type IndexPlan } from '../deferred.ts';
import { PAGEFIND_BASE } from './base.ts';
import { indexableHtml, indexedText, mainOfPage, planIndex } from './records.ts';
import { shardVocabulary, VocabularyCounter } from './vocabulary.ts';
import pLimit from 'p-limit';

export class SearchIndexError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchIndexError';
  }
}

export const searchOptionsSchema = z
  .object({
    /**
     * Selectors of further page parts to leave out of the index. The site's own parts that are not
     * a note's content (meta box, related notes, parity panel, ...) carry `data-pagefind-ignore` in
     * their markup and need no entry here; add selectors for parts of your own MDX components.
     * @example [".incident-timeline"]
     */
    excludeSelectors: z.array(z.string()).default([]),
  })
  .strict();

export type SearchOptions = z.input<typeof searchOptionsSchema>;

export interface IndexReport {
  indexed: number;
  byKind: Record<string, number>;
  leftOut: string[];
  missingPages: string[];
  vocabularyWords: number;
}

const STAGING = /^paritybook-index-(\d+)-(\d*)-/;
/** Named by earlier versions without their writer; one a day old belongs to no running build. */
const UNOWNED_STAGING = /^paritybook-index-[A-Za-z0-9]{6}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Scratch folders are named after the process that writes them: pid and start time, so a reused pid is told apart. */
function stagingPrefix(): string {
  const { pid, startTicks } = thisProcess();
  return `paritybook-index-${pid}-${startTicks ?? ''}-`;
}

/**
 * Removes the scratch folders of builds that were killed while indexing (their process no longer
 * runs); runs at the start of every build. Folders of builds still running are left alone.
 * Returns the names removed.
 */
export async function removeAbandonedStaging(folder = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(folder).catch(() => [])) {
    const owner = STAGING.exec(name);
    if (owner) {
      if (isRunning(Number(owner[1]), owner[2] ? Number(owner[2]) : undefined)) continue;
    } else {
      if (!UNOWNED_STAGING.test(name)) continue;
      const info = await stat(path.join(folder, name)).catch(() => undefined);
      if (!info || Date.now() - info.mtimeMs < DAY_MS) continue;
    }
    await rm(path.join(folder, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Indexes the built site in `outDir`; used by the integration and by tests. */
export async function buildSearchIndex(
  outDir: string,
  contentDir: string,
  rootDir: string,
  excludeSelectors: string[],
): Promise<IndexReport> {
  const files = await readContent(contentDir, rootDir, SEARCHABLE_COLLECTIONS);
  const { entries, leftOut, unindexedAlerts } = planIndex(files);
  const missingPages: string[] = [];
  const byKind: Record<string, number> = {};
  const vocabulary = new VocabularyCounter();
  let indexed = 0;
  // Pagefind reads a folder with all cores and without a round trip per page, several times
  // faster than handing it pages one by one; so the pages as Pagefind should see them are
  // written to a scratch folder first, under the same paths, which gives the same URLs.
  const staging = await mkdtemp(path.join(tmpdir(), stagingPrefix()));
  const { errors, index } = await pagefind.createIndex({ forceLanguage: 'en', excludeSelectors });
  try {
    if (!index) throw new SearchIndexError(`Pagefind could not start: ${errors.join('; ')}`);
    const limit = pLimit(16);
    await Promise.all(
      entries.map((entry) =>
        limit(async () => {
          const page = await readFile(path.join(outDir, entry.file)).catch(() => undefined);
          if (page === undefined) {
            missingPages.push(entry.url);
            return;
          }
          const content = indexableHtml(mainOfPage(page), entry);
          const target = path.join(staging, entry.file);
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, content);
          vocabulary.add(indexedText(content));
          byKind[entry.kind] = (byKind[entry.kind] ?? 0) + 1;
          indexed += 1;
        }),
      ),
    );
    const added = await index.addDirectory({ path: staging });
    if (added.errors.length > 0)
      throw new SearchIndexError(`Pagefind could not index the pages: ${added.errors.join('; ')}`);
    if (added.page_count !== indexed)
      throw new SearchIndexError(`Pagefind indexed ${added.page_count} page(s) of ${indexed}`);
    const output = path.join(outDir, PAGEFIND_BASE);
    const written = await index.writeFiles({ outputPath: output });
    if (written.errors.length > 0)
      throw new SearchIndexError(`Pagefind could not write the index: ${written.errors.join('; ')}`);
    // Pagefind always writes its own UI bundles; the site uses its own dialog, so they would only be dead weight.
    const unused = (await readdir(output)).filter((name) =>
      /^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(name),
    );
    await Promise.all(unused.map((name) => rm(path.join(output, name), { force: true })));
    const words = vocabulary.finish();
    await mkdir(path.join(output, 'vocabulary'), { recursive: true });
    for (const [key, shard] of shardVocabulary(words, unindexedAlerts)) {
      await writeFile(path.join(output, 'vocabulary', `${key}.json`), JSON.stringify(shard));
    }
    return { indexed, byKind, leftOut, missingPages, vocabularyWords: words.counts.length };
  } finally {
    await index?.deleteIndex().catch(() => undefined);
    await pagefind.close().catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The tag the browser appends to Pagefind's entry file and the vocabulary shards. It changes with
 * the engine (Pagefind's version) and the search options, not with every build: those files
 * revalidate on every use, so a tag that lags an index change never serves a stale index, and a
 * tag that stays the same keeps the search script, and with it every page, the same from one
 * build to the next (incremental builds reuse unchanged pages).
 */
export function searchTag(options: z.infer<typeof searchOptionsSchema>): string {
  const manifest = path.join(path.dirname(fileURLToPath(import.meta.resolve('pagefind'))), '..', 'package.json');
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown';
  return createHash('sha256').update(JSON.stringify({ version, options })).digest('base64url').slice(0, 10);
}

/** Indexes the build in `outDir` and says what it indexed and left out. */
export async function indexSite(
  outDir: string,
  plan: IndexPlan,
  logger: { info(message: string): void; warn(message: string): void },
): Promise<void> {
  const started = Date.now();
  logger.info('Indexing the built pages for search');
  const report = await buildSearchIndex(outDir, plan.contentDir, plan.root, plan.excludeSelectors);
  const kinds = Object.entries(report.byKind)
    .map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`)
    .join(', ');
  logger.info(
    `Indexed ${report.indexed} page(s) for search (${kinds || 'none'}) in ${Date.now() - started} ms; vocabulary ${report.vocabularyWords} words.`,
  );
  logger.info(
    `Left ${report.leftOut.length} note(s) marked needs-review out of the search index${report.leftOut.length ? `: ${report.leftOut.slice(0, 10).join(', ')}${report.leftOut.length > 10 ? ', …' : ''}` : ''}.`,
  );
  if (report.missingPages.length > 0) {
    logger.warn(
      `${report.missingPages.length} note(s) have no built page and are not searchable: ${report.missingPages.slice(0, 10).join(', ')}`,
    );
  }
}

export default function paritybookSearch(userOptions: SearchOptions = {}): AstroIntegration {
  const options = searchOptionsSchema.parse(userOptions);
  let root = process.cwd();
  const tag = searchTag(options);
  return {
    name: 'paritybook-search',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        root = fileURLToPath(config.root);
        updateConfig({ vite: { define: { __PARITYBOOK_SEARCH_TAG__: JSON.stringify(tag) } } });
      },
      'astro:build:start': async ({ logger }) => {
        const removed = await removeAbandonedStaging();
        if (removed.length > 0)
          logger.info(`Removed ${removed.length} scratch folder(s) of killed builds: ${removed.join(', ')}`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const plan: IndexPlan = {
          contentDir: resolveContentDir(root),
          root,
          excludeSelectors: options.excludeSelectors,
        };
        if (await deferStep('search', plan)) return;
        await indexSite(fileURLToPath(dir), plan, logger);
      },
    },
  };
}
