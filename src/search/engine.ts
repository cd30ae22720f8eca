/**
 * Browser side of search: Pagefind (started by pagefind.ts) and the typo vocabulary, loaded
 * shard by shard as queries need it; answers queries through the pipeline in query.ts.
 */
import { PAGEFIND_BASE } from './base.ts';
import { Vocabulary } from './fuzzy.ts';
import { startPagefind } from './pagefind.ts';
import { runQuery, vocabularyShards, type Filters, type SearchOutcome } from './query.ts';
import type { VocabularyFile } from './vocabulary.ts';

export interface Engine {
  /** `onFirst` gets the query's own results while the full list is still being worked out (see runQuery). */
  search(query: string, filters?: Filters, onFirst?: (outcome: SearchOutcome) => void): Promise<SearchOutcome>;
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
    const pagefind = await startPagefind(base, tag);
    const words = shardedVocabulary(base, tag);
    return {
      // Vocabulary shards load once the query as typed has been searched and its first list drawn.
      search: (query, filters, onFirst) =>
        runQuery(pagefind, query, {
          vocabulary: () => words.ensure(query).then(() => (words.vocabulary.pages > 0 ? words.vocabulary : undefined)),
          filters,
          onFirst,
        }),
    };
  })();
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}
