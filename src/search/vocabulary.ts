/**
 * The vocabulary the browser uses to correct typos: every word the index holds, with the
 * number of pages it occurs on. Built at build time, fetched only when a query needs it.
 */
import { words } from './identifiers.ts';

/** File format of `/pagefind/vocabulary.json`. */
export interface VocabularyFile {
  version: 1;
  /** Number of indexed pages. */
  pages: number;
  /** Space-separated words, most frequent first. */
  words: string;
  /** Page counts, in the order of `words`. */
  counts: number[];
}

/** Words longer than this are hashes, URLs or base64 and never worth correcting towards. */
const MAX_WORD = 32;

export function buildVocabulary(pageTexts: string[], maxWords = 40_000): VocabularyFile {
  const counts = new Map<string, number>();
  for (const text of pageTexts) {
    for (const word of new Set(words(text))) {
      if (word.length > MAX_WORD || /^\d+$/.test(word) || /^[0-9a-f]{12,}$/.test(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, maxWords);
  return { version: 1, pages: pageTexts.length, words: sorted.map(([w]) => w).join(' '), counts: sorted.map(([, c]) => c) };
}
