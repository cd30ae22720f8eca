/**
 * Browser side of search: loads Pagefind's script and the typo vocabulary on first use
 * (never with the page), then answers queries through the pipeline in query.ts.
 */
import { PAGEFIND_BASE } from './base.ts';
import { Vocabulary } from './fuzzy.ts';
import { runQuery, vocabularyShards, type Filters, type SearchBackend, type SearchOutcome } from './query.ts';
import type { VocabularyFile } from './vocabulary.ts';

interface PagefindModule extends SearchBackend {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
}

/** Pagefind's ranking, tuned with the relevance harness: page length matters less than by default, so short stubs stop outranking full runbooks. */
export const RANKING = { pageLength: 0.35, termFrequency: 1.0, termSaturation: 1.4, termSimilarity: 1.0 };

export interface Engine {
  search(query: string, filters?: Filters): Promise<SearchOutcome>;
}

let engine: Promise<Engine> | undefined;

/** The typo vocabulary, loaded shard by shard (first letters of the query's words) as queries need it. */
function shardedVocabulary(base: string, tag: string) {
  const vocabulary = new Vocabulary([], [], 0);
  const shards = new Map<string, Promise<void>>();
  const load = (key: string) =>
    fetch(`${base}vocabulary/${key}.json${tag ? `?v=${encodeURIComponent(tag)}` : ''}`)
      .then((response) => (response.ok ? (response.json() as Promise<VocabularyFile>) : undefined))
      .then((file) => {
        if (file) vocabulary.addFile(file);
      })
      // A missing shard only costs typo tolerance for those words; search still works.
      .catch(() => undefined);
  return {
    vocabulary,
    async ensure(query: string) {
      await Promise.all(vocabularyShards(query).map((key) => shards.get(key) ?? shards.set(key, load(key)).get(key)!));
    },
  };
}

/** The search engine of this page, loaded once. `base` is where the pagefind/ folder is served. */
export function loadEngine(base = PAGEFIND_BASE, tag = ''): Promise<Engine> {
  engine ??= (async () => {
    const url = `${base}pagefind.js`;
    const pagefind = (await import(/* @vite-ignore */ url)) as PagefindModule;
    await pagefind.options({ ranking: RANKING, excerptLength: 24, ...(tag ? { metaCacheTag: tag } : {}) });
    await pagefind.init();
    const words = shardedVocabulary(base, tag);
    return {
      // Vocabulary shards load while Pagefind searches the query as typed.
      search: (query, filters) =>
        runQuery(pagefind, query, {
          vocabulary: words.ensure(query).then(() => (words.vocabulary.pages > 0 ? words.vocabulary : undefined)),
          filters,
        }),
    };
  })();
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}
