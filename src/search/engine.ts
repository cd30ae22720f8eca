/**
 * Browser side of search: loads Pagefind's script and the typo vocabulary on first use
 * (never with the page), then answers queries through the pipeline in query.ts.
 */
import { Vocabulary } from './fuzzy.ts';
import { runQuery, type Filters, type SearchBackend, type SearchOutcome } from './query.ts';
import type { VocabularyFile } from './vocabulary.ts';

interface PagefindModule extends SearchBackend {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  preload?(term: string): Promise<void>;
}

/** Pagefind's ranking, tuned with the relevance harness: page length matters less than by default, so short stubs stop outranking full runbooks. */
export const RANKING = { pageLength: 0.35, termFrequency: 1.0, termSaturation: 1.4, termSimilarity: 1.0 };

export interface Engine {
  search(query: string, filters?: Filters): Promise<SearchOutcome>;
}

let engine: Promise<Engine> | undefined;

/** The search engine of this page, loaded once. `base` is where the pagefind/ folder is served. */
export function loadEngine(base = '/pagefind/', tag = ''): Promise<Engine> {
  engine ??= (async () => {
    const url = `${base}pagefind.js`;
    const vocabularyPromise = fetch(`${base}vocabulary.json${tag ? `?v=${encodeURIComponent(tag)}` : ''}`)
      .then((response) => (response.ok ? (response.json() as Promise<VocabularyFile>) : undefined))
      .then((file) => (file ? Vocabulary.fromFile(file) : undefined))
      .catch(() => undefined);
    const pagefind = (await import(/* @vite-ignore */ url)) as PagefindModule;
    await pagefind.options({ ranking: RANKING, excerptLength: 24, ...(tag ? { metaCacheTag: tag } : {}) });
    await pagefind.init();
    // A missing vocabulary only costs typo tolerance; search still works.
    const vocabulary = await vocabularyPromise;
    return {
      search: (query, filters) => runQuery(pagefind, query, { vocabulary, filters }),
    };
  })();
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}
