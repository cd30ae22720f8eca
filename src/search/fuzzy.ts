/**
 * Typo correction against the build's vocabulary: optimal string alignment distance
 * (insertions, deletions, substitutions, swaps of neighbours), bounded so it stays cheap.
 */
import { editDistance } from '../lib/edit-distance.ts';
import type { AlertRecord } from './vocabulary.ts';

export { editDistance };

/** How many typos a word of this length may carry and still be corrected. */
export function typoBudget(length: number): number {
  if (length < 4) return 0;
  if (length < 7) return 1;
  return 2;
}

interface VocabularyShape {
  words: string;
  counts: number[];
  pages: number;
  alerts?: Record<string, AlertRecord[]>;
}

/** The vocabulary in a form that answers "known?", "known prefix?" and "nearest word?" quickly. */
export class Vocabulary {
  pages: number;
  private readonly counts = new Map<string, number>();
  private sorted: string[];
  private readonly byLength = new Map<number, string[]>();
  private readonly alerts = new Map<string, AlertRecord[]>();

  constructor(words: string[], counts: number[], pages: number) {
    this.pages = pages;
    this.sorted = [];
    this.add(words, counts);
  }

  static fromFile(file: VocabularyShape): Vocabulary {
    const vocabulary = new Vocabulary([], [], 0);
    vocabulary.addFile(file);
    return vocabulary;
  }

  /** Adds words (a shard loaded later); known words keep their count. */
  add(words: string[], counts: number[]) {
    words.forEach((word, i) => {
      if (!word || this.counts.has(word)) return;
      this.counts.set(word, counts[i] ?? 1);
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
      this.sorted.push(word);
    });
    this.sorted.sort();
  }

  addFile(file: VocabularyShape) {
    this.pages = Math.max(this.pages, file.pages);
    this.add(file.words ? file.words.split(' ') : [], file.counts);
    for (const [key, records] of Object.entries(file.alerts ?? {})) this.alerts.set(key, records);
  }

  /** Runbooks left out of the index that list this alert, by its `compact()` form. */
  unindexedAlert(key: string): AlertRecord[] {
    return this.alerts.get(key) ?? [];
  }

  /** Pages holding the word, 0 when unknown. */
  count(word: string): number {
    return this.counts.get(word) ?? 0;
  }

  has(word: string): boolean {
    return this.counts.has(word);
  }

  /** True when some indexed word starts with `prefix` (Pagefind matches prefixes). */
  hasPrefix(prefix: string): boolean {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.sorted.length && this.sorted[lo].startsWith(prefix);
  }

  /**
   * Nearest known word within the typo budget; ties go to the word on more pages.
   * Returns undefined when nothing is close enough.
   */
  correct(word: string): { word: string; distance: number } | undefined {
    const budget = typoBudget(word.length);
    if (budget === 0) return undefined;
    let best: { word: string; distance: number; count: number } | undefined;
    for (let length = word.length - budget; length <= word.length + budget; length += 1) {
      for (const candidate of this.byLength.get(length) ?? []) {
        // The first letter is rarely the typo; requiring it keeps corrections plausible and fast.
        if (candidate[0] !== word[0]) continue;
        const distance = editDistance(word, candidate, best ? Math.min(best.distance, budget) : budget);
        if (distance > budget) continue;
        const count = this.count(candidate);
        if (!best || distance < best.distance || (distance === best.distance && count > best.count))
          best = { word: candidate, distance, count };
      }
    }
    return best && { word: best.word, distance: best.distance };
  }
}
