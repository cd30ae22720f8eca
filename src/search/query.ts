/**
 * The query pipeline between the search box and Pagefind. Pagefind alone needs every word
 * to occur and has no typo tolerance; here a query also runs corrected (against the build's
 * vocabulary), with identifier separators dropped, and word by word, and the result lists
 * are fused. Candidates are then re-ranked by exact alert-name and title matches and by how
 * many of the query's words the page holds. Plain TypeScript with the search backend
 * injected, so it runs in the browser, in Node tests and in the relevance harness alike.
 */
import { editDistance, Vocabulary } from './fuzzy.ts';
import { compact, identifierParts, identifierVariants } from './identifiers.ts';
import { looksPasted, stablePart } from './paste.ts';
import { expandSymptoms } from './symptoms.ts';
import { synonymsOf } from './synonyms.ts';
import type { AlertRecord } from './vocabulary.ts';

export { compact };

/** The slice of Pagefind's JS API the pipeline uses. */
export interface SearchBackend {
  search(term: string | null, options?: { filters?: Filters }): Promise<BackendResponse | null>;
}
export type Filters = Record<string, string[]>;
export interface BackendResponse {
  results: BackendResult[];
  filters?: Record<string, Record<string, number>>;
  totalFilters?: Record<string, Record<string, number>>;
}
export interface BackendResult {
  id: string;
  score: number;
  data(): Promise<ResultData>;
}
export interface ResultData {
  url: string;
  content: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters?: Record<string, string[]>;
  sub_results?: { title: string; url: string; excerpt: string; locations?: number[] }[];
}

/** How one typed word is treated. */
export interface PlannedToken {
  /** As typed. */
  raw: string;
  /** Lower case, punctuation removed: how the index stores it. */
  norm: string;
  /** Found in the vocabulary (or as a prefix of a word there). */
  known: boolean;
  /** Spelling correction, when the word is unknown and a near one exists. */
  corrected?: string;
  stop: boolean;
  /** Rarity in the index (log inverse page frequency), so rare words count more in coverage; 1 without a vocabulary. */
  weight?: number;
}

export interface SubQuery {
  term: string;
  weight: number;
  why: 'typed' | 'corrected' | 'joined' | 'symptom' | 'word' | 'synonym';
}

export interface QueryPlan {
  /** Query without the quotes of its phrases; of a pasted log line, its stable part. */
  text: string;
  /** The query reads like a pasted log line: variable parts were dropped, quotes are values, not phrases. */
  pasted: boolean;
  /** Words the query's symptom phrases stand for (the on-call vocabulary, symptoms.ts). */
  symptoms: string[];
  /** Quoted phrases that a result must contain. */
  phrases: string[];
  tokens: PlannedToken[];
  /** The query with corrections applied, when any were made. */
  corrected?: string;
  queries: SubQuery[];
}

const STOP_WORDS = new Set(
  'a an and are as at be been but by can could do does for from had has have how i if in into is it its me my of on or our should so than that the their them then there these they this to was we were what when where which while who why will with you your'.split(
    ' ',
  ),
);

/** Splits a query into words and "quoted phrases". */
export function parseQuery(query: string): { text: string; phrases: string[]; words: string[] } {
  const phrases: string[] = [];
  const text = query
    .replace(/["“”]([^"“”]+)["“”]/g, (_m, phrase: string) => {
      if (phrase.trim()) phrases.push(phrase.trim().replace(/\s+/g, ' '));
      return ` ${phrase} `;
    })
    .replace(/["“”]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, phrases, words: text ? text.split(' ') : [] };
}

function isKnown(norm: string, vocabulary: Vocabulary | undefined): boolean {
  if (!vocabulary) return true;
  // Numbers (502, 9093, 137) are not in the vocabulary; never "correct" or drop them.
  if (/^\d+$/.test(norm)) return true;
  if (vocabulary.has(norm)) return true;
  if (norm.length >= 3 && vocabulary.hasPrefix(norm)) return true;
  return false;
}

/** Decides which searches to run for a query. Pure; the vocabulary is optional (no corrections without it). */
export function planQuery(query: string, vocabulary?: Vocabulary): QueryPlan {
  const pasted = looksPasted(query);
  const { text, phrases, words } = parseQuery(pasted ? stablePart(query) || query.replace(/["“”]/g, ' ') : query);
  const tokens: PlannedToken[] = words.map((raw) => {
    const norm = compact(raw);
    const stop = STOP_WORDS.has(norm);
    const parts = identifierParts(raw).map((p) => p.toLowerCase());
    const known =
      !norm || isKnown(norm, vocabulary) || (parts.length > 1 && parts.every((p) => isKnown(p, vocabulary)));
    const token: PlannedToken = { raw, norm, known, stop };
    if (!known && !stop && vocabulary) {
      // A word the index lacks but whose on-call synonym it has ("link" -> "interface") is not a typo.
      const fix = synonymsOf(norm).find((synonym) => isKnown(synonym, vocabulary)) ?? vocabulary.correct(norm)?.word;
      if (fix) token.corrected = fix;
    }
    if (vocabulary && vocabulary.pages > 0) {
      const count = vocabulary.count(token.corrected ?? norm);
      token.weight = Math.log(1 + vocabulary.pages / Math.max(1, count));
    }
    return token;
  });
  const queries: SubQuery[] = [];
  if (!text) return { text, pasted, symptoms: [], phrases, tokens, queries };
  const exact =
    phrases.length === 1 &&
    query
      .trim()
      .replace(/^["“”]|["“”]$/g, '')
      .trim() === phrases[0];
  queries.push({ term: exact ? `"${phrases[0]}"` : text, weight: 4, why: 'typed' });

  const anyCorrection = tokens.some((t) => !t.known && !t.stop);
  let corrected: string | undefined;
  if (anyCorrection) {
    corrected = tokens
      .map((t) => (t.known || t.stop ? t.raw : (t.corrected ?? '')))
      .filter(Boolean)
      .join(' ');
    if (corrected && corrected !== text) queries.push({ term: corrected, weight: 3.5, why: 'corrected' });
  }
  // Identifiers typed with separators (NX_DOMAIN, etcd-server) also run joined (nxdomain).
  const joined = tokens.map((t) => (/[_.:/-]/.test(t.raw) && t.norm ? t.norm : t.raw)).join(' ');
  if (joined !== text) queries.push({ term: joined, weight: 3, why: 'joined' });
  // A symptom in an engineer's words also searches what runbooks call it: "disk full" -> "filesystem space".
  // With the rest of the query first ("database size"), then alone ("size").
  // Symptoms as typed, and as corrected ("link going up and down" -> "interface flapping").
  const expansion = pasted ? { terms: [], rewritten: [], paired: [] } : expandSymptoms(text);
  if (!pasted && corrected) {
    const more = expandSymptoms(corrected);
    expansion.terms = [...new Set([...expansion.terms, ...more.terms])];
    expansion.rewritten = [...new Set([...expansion.rewritten, ...more.rewritten])];
    expansion.paired = [...new Set([...expansion.paired, ...more.paired])];
  }
  const symptoms = expansion.terms;
  for (const term of expansion.rewritten) queries.push({ term, weight: SYMPTOM_WEIGHT, why: 'symptom' });
  for (const term of expansion.paired) queries.push({ term, weight: SYMPTOM_WEIGHT / 2, why: 'symptom' });
  for (const term of symptoms) queries.push({ term, weight: SYMPTOM_WEIGHT / 3, why: 'symptom' });

  // Word by word, so one word the page lacks ("almost", "went") no longer empties the list.
  const content = tokens.filter((t) => !t.stop && t.norm && (t.known || t.corrected));
  if (content.length > 1) {
    const pages = vocabulary?.pages ?? 100;
    const idf = content.map((t) => Math.log(1 + pages / Math.max(1, vocabulary?.count(t.corrected ?? t.norm) || 1)));
    const total = idf.reduce((a, b) => a + b, 0) || 1;
    const seen = new Set<string>();
    // A pasted log line can hold many words: search the rarest eight one by one.
    const rarest = new Set(
      content
        .map((_, i) => i)
        .sort((a, b) => idf[b] - idf[a])
        .slice(0, 8),
    );
    content.forEach((t, i) => {
      if (!rarest.has(i)) return;
      const term = t.known ? t.raw : t.corrected!;
      if (seen.has(term.toLowerCase())) return;
      seen.add(term.toLowerCase());
      const weight = (2.5 * idf[i]) / total;
      queries.push({ term, weight, why: 'word' });
      for (const synonym of synonymsOf(term)) {
        if (seen.has(synonym)) continue;
        seen.add(synonym);
        queries.push({ term: synonym, weight: weight * 0.5, why: 'synonym' });
      }
    });
  }
  return {
    text,
    pasted,
    symptoms,
    phrases,
    tokens,
    corrected: corrected !== text ? corrected : undefined,
    queries,
  };
}

/** Weight of each search for a symptom's runbook words: below the query as typed, above single words. */
const SYMPTOM_WEIGHT = 3;

/** Vocabulary shards (first letters) a query needs: its words', their identifier parts' and synonyms'. */
export function vocabularyShards(query: string): string[] {
  const keys = new Set<string>();
  for (const word of parseQuery(query).words) {
    const norm = compact(word);
    // Synonyms stand in for a word the index lacks ("link" -> "interface"): their shards too.
    for (const piece of [norm, ...identifierParts(word).map((p) => p.toLowerCase()), ...synonymsOf(norm)]) {
      if (piece) keys.add(/[a-z]/.test(piece[0]) ? piece[0] : '_');
    }
  }
  return [...keys].sort();
}

/** A result ready for the list. */
export interface Hit {
  url: string;
  title: string;
  kind?: string;
  summary?: string;
  services: string[];
  severity?: string;
  owner?: string;
  status?: string;
  alerts: string[];
  excerpt: string;
  subResults: { title: string; url: string; excerpt: string }[];
  score: number;
}

export interface SearchOutcome {
  plan: QueryPlan;
  hits: Hit[];
  /** Result counts per filter value for the query, for the filter chips. */
  filterCounts: Record<string, Record<string, number>>;
  /** Number of candidate pages before the cut to `limit`. */
  candidates: number;
  /** Nothing answers the query well: no result holds enough of its words, none is named by it. */
  weak: boolean;
}

/**
 * Times one step of a query as a User Timing measure named `paritybook:<step>`, so the benchmark
 * (and browser devtools) can tell where a query spends its time.
 */
export function measureSince(step: string, start: number): void {
  performance.measure(`paritybook:${step}`, { start, end: performance.now() });
}

export async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    measureSince(step, start);
  }
}

/**
 * Results shown, and candidates whose fragments are loaded for re-ranking. Each is one request,
 * the largest part of a query's time; eight fill the dialog on a laptop, and the relevance set
 * ranks the same as with twelve.
 */
export const RESULT_LIMIT = 8;

/**
 * Results of the first list (the query as typed, shown while the full list is worked out): the
 * first screen on a phone, and one round of requests on a link that allows six at a time.
 */
export const FIRST_LIMIT = 5;

/** Fewer candidates than this from the whole query, and each word is searched alone too. */
export const WORD_SEARCH_BELOW = 8;

/** Reciprocal-rank constant: small, so the first places of a strong list count most. */
const RRF_K = 2;

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

interface WordIndex {
  list: string[];
  words: Set<string>;
  stems: Set<string>;
}

/**
 * The words of a page's text, split once: a query asks several questions of each result's text
 * (coverage, strength, each symptom), and its first list and full list share most results.
 */
const wordIndexes = new Map<string, WordIndex>();
const WORD_INDEXES_KEPT = 64;

function wordIndex(text: string): WordIndex {
  let index = wordIndexes.get(text);
  if (!index) {
    const list = [...new Set(wordsOf(text))];
    index = { list, words: new Set(list), stems: new Set(list.map(stem)) };
    if (wordIndexes.size >= WORD_INDEXES_KEPT) wordIndexes.delete(wordIndexes.keys().next().value!);
    wordIndexes.set(text, index);
  }
  return index;
}

/** A light stem: "restarts" and "restarting" meet, "redis" and "redirect" do not. */
function stem(word: string): string {
  const stemmed = word.replace(/(?:ings?|ed|es|s|ures?|ions?)$/, '');
  return stemmed.length >= 3 ? stemmed : word;
}

/**
 * How well a page's words hold one query word: 1 as a word, 0.9 as a form of it, 0.6 as the
 * start of a longer word (typed words only: a synonym must occur as a word or a form of it).
 */
function wordMatch(token: string, words: Set<string>, stems: Set<string>, list: string[], typed = true): number {
  if (words.has(token)) return 1;
  const own = stem(token);
  if (stems.has(own)) return 0.9;
  if (!typed) return 0;
  if (own.length >= 5 && list.some((w) => w.startsWith(own))) return 0.9;
  if (token.length >= 3 && list.some((w) => w.startsWith(token))) return 0.6;
  return 0;
}

/**
 * Share of the query's words the text holds, each word weighted by its rarity; a word found
 * only through its synonyms counts `synonymCredit`, word starts only with `prefixes`. Whole words count more than word starts, so "redis"
 * ranks a page saying Redis above one saying "redirect" (which Pagefind's stemming also finds).
 */
function coverage(tokens: CoverageToken[], text: string, { synonymCredit = 0.7, prefixes = true } = {}): number {
  if (tokens.length === 0) return 0;
  const { list, words, stems } = wordIndex(text);
  let found = 0;
  let total = 0;
  for (const { word, weight } of tokens) {
    total += weight;
    const direct = wordMatch(word, words, stems, list, prefixes);
    const viaSynonym =
      direct < 1 ? Math.max(0, ...synonymsOf(word).map((s) => wordMatch(s, words, stems, list, false))) : 0;
    found += weight * Math.max(direct, synonymCredit * viaSynonym);
  }
  return total > 0 ? found / total : 0;
}

interface CoverageToken {
  word: string;
  weight: number;
}

/**
 * The query's words that count for coverage: not stop words. A typed word no page holds counts
 * against every page (the knowledge base has nothing on it); the leftovers of a paste do not.
 */
function coverageTokens(plan: QueryPlan): CoverageToken[] {
  return plan.tokens
    .filter((t) => !t.stop && t.norm && (t.known || t.corrected || !plan.pasted))
    .map((t) => ({ word: t.known ? t.norm : (t.corrected ?? t.norm), weight: t.weight ?? 1 }));
}

/** The best share, over the query's symptoms, of one symptom's runbook words the text holds. */
function symptomCoverage(plan: QueryPlan, text: string, options: { synonymCredit: number; prefixes: boolean }): number {
  const shares = plan.symptoms.map((term) =>
    coverage(
      wordsOf(term)
        .filter((word) => !STOP_WORDS.has(word))
        .map((word) => ({ word, weight: 1 })),
      text,
      options,
    ),
  );
  return Math.max(0, ...shares);
}

/**
 * How well a page answers the query, 0..1: the share of its words the page holds and, for a
 * symptom, the share of the words runbooks use for it (symptoms.ts), counted alike.
 */
export function matchQuality(plan: QueryPlan, text: string): number {
  const direct = coverage(coverageTokens(plan), text);
  if (plan.symptoms.length === 0) return direct;
  return (direct + symptomCoverage(plan, text, { synonymCredit: 0.7, prefixes: true })) / 2;
}

/**
 * How plainly a page holds what was asked, for the weak-match notice: the query's own words
 * as words or their forms (not their synonyms, not the start of a longer word).
 */
function matchStrength(plan: QueryPlan, text: string): number {
  // Only the query's own words: synonyms ("exceeded" for "full") and a symptom's runbook words
  // ("filling up") occur on many pages about other things, and would hide that nothing answers "disk full".
  return coverage(coverageTokens(plan), text, { synonymCredit: 0, prefixes: false });
}

/** True when the page's alert names or title are the query (or the query corrected). */
function namesMatch(plan: QueryPlan, data: Pick<ResultData, 'meta'>): boolean {
  const query = compact(plan.text);
  const correctedQuery = plan.corrected ? compact(plan.corrected) : query;
  const names = [...(data.meta.alerts ?? '').split(/\s+/), data.meta.title ?? ''].map(compact).filter(Boolean);
  return names.some((name) => name === query || name === correctedQuery);
}

/** True when one of the page's alert names is exactly the query: such pages always come first. */
function exactAlert(plan: QueryPlan, data: Pick<ResultData, 'meta'>): boolean {
  const query = compact(plan.text);
  return !plan.pasted && (data.meta.alerts ?? '').split(/\s+/).some((alert) => alert && compact(alert) === query);
}

/** Extra score from what the page is, not just what it says. */
export function boost(plan: QueryPlan, data: Pick<ResultData, 'content' | 'meta'>): number {
  const query = compact(plan.text);
  const correctedQuery = plan.corrected ? compact(plan.corrected) : query;
  const alerts = (data.meta.alerts ?? '').split(/\s+/).filter(Boolean);
  let score = 0;
  for (const alert of alerts) {
    const name = alert.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (name === query || name === correctedQuery) score = Math.max(score, 6);
    else if (query.length >= 8 && editDistance(query, name, 2) <= 2) score = Math.max(score, 4);
    else if (query.length >= 5 && name.includes(query)) score = Math.max(score, 1);
  }
  const title = compact(data.meta.title ?? '');
  if (title && (title === query || title === correctedQuery)) score += 3;
  if (coverageTokens(plan).length > 0 || plan.symptoms.length > 0) {
    const content = matchQuality(plan, data.content);
    // Found by Pagefind's stemming or prefixes alone ("redis" -> "redirect"): below every real match.
    score += content > 0 ? 1.2 * content : -STEM_ONLY_PENALTY;
    score +=
      TITLE_WEIGHT * matchQuality(plan, `${data.meta.title ?? ''} ${alerts.flatMap(identifierVariants).join(' ')}`);
  }
  return score;
}

/** Weight of the query's words in a page's title and alert names, beside 1.2 for its text. */
const TITLE_WEIGHT = 1.5;

/** Subtracted from pages that hold none of the query's words, only look-alikes. */
const STEM_ONLY_PENALTY = 3;

/** Below this match quality for every result (and no name matching), the dialog says nothing matches well. */
export const WEAK_MATCH_BELOW = 0.6;

const splitList = (value: string | undefined) => (value ? value.split(/\s*,\s*|\s+/).filter(Boolean) : []);

function toHit(data: ResultData, score: number): Hit {
  const subResults = (data.sub_results ?? [])
    .filter((sub) => sub.url.includes('#') && (sub.locations?.length ?? 1) > 0)
    .slice(0, 3)
    .map((sub) => ({ title: sub.title, url: sub.url, excerpt: sub.excerpt }));
  return {
    url: data.url,
    title: data.meta.title ?? data.url,
    kind: data.meta.kind,
    summary: data.meta.summary,
    services: splitList(data.meta.services),
    severity: data.meta.severity,
    owner: data.meta.owner,
    status: data.meta.status,
    alerts: splitList(data.meta.alerts),
    excerpt: data.excerpt,
    subResults,
    score,
  };
}

interface Candidate {
  result: BackendResult;
  score: number;
}

/** Reciprocal-rank fusion of the sub-searches' lists, best first, cut to `pool`. */
function fuse(queries: SubQuery[], responses: (BackendResponse | null)[], pool: number): Candidate[] {
  const fused = new Map<string, Candidate>();
  responses.forEach((response, i) => {
    const weight = queries[i].weight;
    response?.results.forEach((result, rank) => {
      const entry = fused.get(result.id) ?? { result, score: 0 };
      entry.score += weight / (RRF_K + rank);
      fused.set(result.id, entry);
    });
  });
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, pool);
}

/** Re-ranks fused candidates by what their pages are and hold, applies phrases and filters, and counts the chips. */
function rankCandidates(
  plan: QueryPlan,
  ranked: Candidate[],
  datas: ResultData[],
  vocabulary: Vocabulary | undefined,
  filters: Filters,
  limit: number,
): SearchOutcome {
  const ranking = performance.now();
  const indexed = datas.map((data, i) => ({ data, score: ranked[i].score + boost(plan, data), tier: 0 }));
  // An exact alert name leads to its runbook, reviewed or not: reviewed ones first, then the
  // runbooks the index leaves out (they wait for review), shown as unreviewed.
  for (const entry of indexed) if (exactAlert(plan, entry.data)) entry.tier = 2;
  const urls = new Set(datas.map((data) => data.url));
  const unindexed = plan.pasted ? [] : (vocabulary?.unindexedAlert(compact(plan.text)) ?? []);
  const pinned = unindexed
    .filter((record) => !urls.has(record.url) && urls.add(record.url))
    .map((record) => ({ data: unindexedResult(record), score: 0, tier: 1 }));
  const scored = [...pinned, ...indexed]
    .filter(({ data }) =>
      plan.phrases.every((phrase) => data.content.toLowerCase().replace(/\s+/g, ' ').includes(phrase.toLowerCase())),
    )
    .sort((a, b) => b.tier - a.tier || b.score - a.score);
  const filterCounts: Record<string, Record<string, number>> = {};
  for (const { data } of scored) {
    for (const [key, values] of Object.entries(data.filters ?? {})) {
      filterCounts[key] ??= {};
      for (const value of values) filterCounts[key][value] = (filterCounts[key][value] ?? 0) + 1;
    }
  }
  const selected = Object.entries(filters).filter(([, values]) => values.length > 0);
  const kept = scored.filter(({ data }) =>
    selected.every(([key, values]) => (data.filters?.[key] ?? []).some((v) => values.includes(v))),
  );
  const shown = kept.slice(0, limit);
  const weak =
    shown.length > 0 &&
    !shown.some(({ data, tier }) => tier > 0 || namesMatch(plan, data)) &&
    Math.max(...shown.map(({ data }) => matchStrength(plan, data.content))) < WEAK_MATCH_BELOW;
  measureSince('rank', ranking);
  return {
    plan,
    hits: shown.map(({ data, score }) => toHit(data, score)),
    filterCounts,
    candidates: kept.length,
    weak,
  };
}

/**
 * Runs a query through the backend: plan, sub-searches, fusion, re-ranking. With `onFirst`, the
 * query as typed is ranked and handed over as soon as its own results are in, while the
 * corrections, variants and symptom searches still run: the reader sees what plain Pagefind
 * would show, then the full list replaces it. An empty first list is not handed over, nor one
 * that would come after the full list; a first list never carries the weak-match notice (only
 * the full list can tell).
 */
export async function runQuery(
  backend: SearchBackend,
  query: string,
  options: {
    /**
     * The typo vocabulary, a promise of it, or a function that starts loading it: called once the
     * first list is shown (at once without `onFirst`), so on a slow link its shards do not share
     * the bandwidth with the first results.
     */
    vocabulary?: Vocabulary | Promise<Vocabulary | undefined> | (() => Promise<Vocabulary | undefined>);
    filters?: Filters;
    limit?: number;
    pool?: number;
    onFirst?: (outcome: SearchOutcome) => void;
  } = {},
): Promise<SearchOutcome> {
  const filters = options.filters ?? {};
  const limit = options.limit ?? RESULT_LIMIT;
  const pool = options.pool ?? RESULT_LIMIT;
  // The query as typed needs no vocabulary: its search (and Pagefind's index chunks) start at once.
  const firstPlan = planQuery(query);
  const typed = firstPlan.queries.find((q) => q.why === 'typed');
  const searches = new Map<string, Promise<BackendResponse | null>>();
  const search = (term: string) => searches.get(term) ?? searches.set(term, backend.search(term)).get(term)!;
  // A page found by several sub-searches (or by the first list and the full one) loads its fragment once.
  const fragments = new Map<string, Promise<ResultData>>();
  const dataOf = (result: BackendResult) =>
    fragments.get(result.id) ?? fragments.set(result.id, result.data()).get(result.id)!;
  let finished = false;
  // Pagefind's worker answers one request at a time, fragments included, and a slow link carries
  // little at once: the first list's searches and fragments go ahead of everything else.
  let firstShown: Promise<void> = Promise.resolve();
  if (typed) {
    // Started now, awaited below with the other strong searches (a failure surfaces there).
    const typedSearch = timed('typed-search', () => search(typed.term));
    typedSearch.catch(() => undefined);
    const { onFirst } = options;
    if (onFirst) {
      firstShown = typedSearch
        .then(async (response) => {
          if (finished || !response?.results.length) return;
          const ranked = fuse([typed], [response], FIRST_LIMIT);
          const datas = await Promise.all(ranked.map((entry) => dataOf(entry.result)));
          if (finished) return;
          const outcome = rankCandidates(firstPlan, ranked, datas, undefined, filters, FIRST_LIMIT);
          // Whether the results answer the query well is the full list's to say: without the vocabulary an
          // identifier (psycopg2.OperationalError) is not yet split into the words pages hold.
          if (outcome.hits.length > 0) onFirst({ ...outcome, weak: false });
        })
        // The full list reports any failure.
        .catch(() => undefined);
    }
  }
  await firstShown;
  const vocabulary = await timed('vocabulary', async () =>
    typeof options.vocabulary === 'function' ? options.vocabulary() : options.vocabulary,
  );
  const planned = performance.now();
  const plan = planQuery(query, vocabulary);
  measureSince('plan', planned);
  if (plan.queries.length === 0) {
    finished = true;
    if (Object.keys(filters).length === 0) return { plan, hits: [], filterCounts: {}, candidates: 0, weak: false };
    const response = await backend.search(null, { filters });
    const results = response?.results ?? [];
    const datas = await Promise.all(results.slice(0, limit).map((r) => r.data()));
    return {
      plan,
      hits: datas.map((d) => toHit(d, 0)),
      filterCounts: response?.filters ?? {},
      candidates: results.length,
      weak: false,
    };
  }
  // Sub-searches run unfiltered: the filter chips count the whole candidate pool, and
  // choosing a chip narrows that same pool, so counts and results always agree.
  // Word-by-word searches cost one Pagefind search (and often an index chunk) each: run them
  // only when the query as typed, corrected or joined leaves too few candidates.
  const strong = plan.queries.filter((q) => q.why !== 'word' && q.why !== 'synonym');
  const strongResponses = await timed('more-search', () => Promise.all(strong.map((q) => search(q.term))));
  const strongIds = new Set(strongResponses.flatMap((r) => r?.results.map((result) => result.id) ?? []));
  const wordQueries =
    strongIds.size < WORD_SEARCH_BELOW ? plan.queries.filter((q) => q.why === 'word' || q.why === 'synonym') : [];
  const wordResponses = wordQueries.length
    ? await timed('word-search', () => Promise.all(wordQueries.map((q) => search(q.term))))
    : [];
  const ranked = fuse([...strong, ...wordQueries], [...strongResponses, ...wordResponses], pool);
  const datas = await timed('fragments', () => Promise.all(ranked.map((entry) => dataOf(entry.result))));
  finished = true;
  return rankCandidates(plan, ranked, datas, vocabulary, filters, limit);
}

/** A runbook the index leaves out, as a result: its list entry, without an excerpt. */
function unindexedResult(record: AlertRecord): ResultData {
  const filters: Record<string, string[]> = { kind: ['runbook'], status: [record.status] };
  if (record.services.length) filters.service = record.services;
  if (record.severity) filters.severity = [record.severity];
  if (record.owner) filters.owner = [record.owner];
  return {
    url: record.url,
    content: '',
    excerpt: '',
    meta: {
      title: record.title,
      kind: 'runbook',
      summary: record.summary,
      services: record.services.join(', '),
      severity: record.severity,
      owner: record.owner,
      status: record.status,
      alerts: record.alert,
    },
    filters,
  };
}
