/**
 * The vocabulary the browser uses to correct typos: every word the index holds, with the
 * number of pages it occurs on. Built at build time, fetched only when a query needs it.
 */
import { compact, words } from './identifiers.ts';

/**
 * A runbook an alert name leads to although the index leaves it out (it waits for review):
 * what the result list shows for it.
 */
export interface AlertRecord {
  alert: string;
  url: string;
  title: string;
  summary: string;
  status: string;
  severity?: string;
  owner?: string;
  services: string[];
}

/** File format of one vocabulary shard, `/pagefind/vocabulary/<first letter>.json`. */
export interface VocabularyFile {
  version: 1;
  /** Number of indexed pages. */
  pages: number;
  /** Space-separated words, most frequent first. */
  words: string;
  /** Page counts, in the order of `words`. */
  counts: number[];
  /**
   * Alert names whose runbook is not in the index, by their letters-and-digits lower-case form
   * (`originhealthcheckflapping`), in the shard of that form's first letter. They ride with the
   * vocabulary a query loads anyway, so an exact alert name costs no request of its own.
   */
  alerts?: Record<string, AlertRecord[]>;
}

/** Words longer than this are hashes, URLs or base64 and never worth correcting towards. */
const MAX_WORD = 32;

/** Ids, versions and hashes (`rb-03253`, `2097`, `0a3c9f5`) are looked up exactly, never corrected towards. */
const NOT_A_WORD = /^\d+$|^[0-9a-f]{7,}$|\d.*\d.*\d/;

/**
 * Shard of a word: its first letter (digits and others share '_'). Typo correction keeps
 * the first letter, so a query needs only the shards of its words' first letters.
 */
export function shardOf(word: string): string {
  const first = word[0] ?? '_';
  return /[a-z]/.test(first) ? first : '_';
}

/**
 * Splits a vocabulary into shards by first letter; each keeps the page count. Alert records go
 * to the shard of their key's first letter (a shard may hold only those).
 */
export function shardVocabulary(file: VocabularyFile, alerts: AlertRecord[] = []): Map<string, VocabularyFile> {
  const shards = new Map<string, { words: string[]; counts: number[]; alerts?: Record<string, AlertRecord[]> }>();
  const shardFor = (key: string) => shards.get(key) ?? shards.set(key, { words: [], counts: [] }).get(key)!;
  file.words.split(' ').forEach((word, i) => {
    if (!word) return;
    const shard = shardFor(shardOf(word));
    shard.words.push(word);
    shard.counts.push(file.counts[i]);
  });
  for (const record of alerts) {
    const key = compact(record.alert);
    if (!key) continue;
    const shard = shardFor(shardOf(key));
    shard.alerts ??= {};
    (shard.alerts[key] ??= []).push(record);
  }
  return new Map(
    [...shards].map(([key, shard]) => [
      key,
      {
        version: 1,
        pages: file.pages,
        words: shard.words.join(' '),
        counts: shard.counts,
        ...(shard.alerts ? { alerts: shard.alerts } : {}),
      },
    ]),
  );
}

/**
 * Counts, page by page, the pages each word occurs on. Splitting a token into words is
 * remembered per distinct token: a knowledge base repeats the same few thousand tokens on
 * every page, so most tokens are looked up, not split again.
 */
export class VocabularyCounter {
  private readonly counts = new Map<string, number>();
  private readonly wordsOfToken = new Map<string, string[]>();
  private pages = 0;

  add(pageText: string): void {
    this.pages += 1;
    const seen = new Set<string>();
    for (const token of pageText.split(/\s+/)) {
      if (!token) continue;
      let kept = this.wordsOfToken.get(token);
      if (!kept) {
        kept = words(token).filter((word) => word.length <= MAX_WORD && !NOT_A_WORD.test(word));
        this.wordsOfToken.set(token, kept);
      }
      for (const word of kept) seen.add(word);
    }
    for (const word of seen) this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
  }

  /** The vocabulary file: at most `maxWords` words, most frequent first. */
  finish(maxWords = 40_000): VocabularyFile {
    const sorted = [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxWords);
    return {
      version: 1,
      pages: this.pages,
      words: sorted.map(([w]) => w).join(' '),
      counts: sorted.map(([, c]) => c),
    };
  }
}

export function buildVocabulary(pageTexts: string[], maxWords = 40_000): VocabularyFile {
  const counter = new VocabularyCounter();
  for (const text of pageTexts) counter.add(text);
  return counter.finish(maxWords);
}
