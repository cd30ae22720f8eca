/**
 * The query pipeline between the search box and Pagefind. Pagefind alone needs every word
 * to occur and has no typo tolerance; here a query also runs corrected (against the build's
 * vocabulary), with identifier separators dropped, and word by word, and the result lists
 * are fused. Candidates are then re-ranked by exact alert-name and title matches and by how
 * many of the query's words the page holds. Plain TypeScript with the search backend
 * injected, so it runs in the browser, in Node tests and in the relevance harness alike.
 */
import { editDistance, Vocabulary } from './fuzzy.ts';
import { identifierParts } from './identifiers.ts';
import { synonymsOf } from './synonyms.ts';

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
}

export interface SubQuery {
  term: string;
  weight: number;
  why: 'typed' | 'corrected' | 'joined' | 'word' | 'synonym';
}

export interface QueryPlan {
  /** Query without the quotes of its phrases. */
  text: string;
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

/** Lower case, letters and digits only: `psycopg2.OperationalError` -> `psycopg2operationalerror`. */
export const compact = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

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
  const { text, phrases, words } = parseQuery(query);
  const tokens: PlannedToken[] = words.map((raw) => {
    const norm = compact(raw);
    const stop = STOP_WORDS.has(norm);
    const parts = identifierParts(raw).map((p) => p.toLowerCase());
    const known =
      !norm || isKnown(norm, vocabulary) || (parts.length > 1 && parts.every((p) => isKnown(p, vocabulary)));
    const token: PlannedToken = { raw, norm, known, stop };
    if (!known && !stop && vocabulary) {
      const fix = vocabulary.correct(norm);
      if (fix) token.corrected = fix.word;
    }
    return token;
  });
  const queries: SubQuery[] = [];
  if (!text) return { text, phrases, tokens, queries };
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
  return { text, phrases, tokens, corrected: corrected !== text ? corrected : undefined, queries };
}

/** Vocabulary shards (first letters) a query needs: its words' and their identifier parts'. */
export function vocabularyShards(query: string): string[] {
  const keys = new Set<string>();
  for (const word of parseQuery(query).words) {
    for (const piece of [compact(word), ...identifierParts(word).map((p) => p.toLowerCase())]) {
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

/** Fraction of the query's words the text holds (as words or word prefixes). */
function coverage(tokens: string[], text: string): number {
  if (tokens.length === 0) return 0;
  const words = new Set(wordsOf(text));
  const list = [...words];
  let found = 0;
  const has = (token: string) => words.has(token) || (token.length >= 3 && list.some((w) => w.startsWith(token)));
  for (const token of tokens) {
    if (has(token)) found += 1;
    else if (synonymsOf(token).some(has)) found += 0.7;
  }
  return found / tokens.length;
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
  const tokens = plan.tokens.filter((t) => !t.stop && t.norm).map((t) => (t.known ? t.norm : (t.corrected ?? t.norm)));
  if (tokens.length > 0) {
    score += 1.2 * coverage(tokens, data.content);
    score +=
      0.6 *
      coverage(tokens, `${data.meta.title ?? ''} ${alerts.join(' ')} ${alerts.flatMap(identifierParts).join(' ')}`);
  }
  return score;
}

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

/** Runs a query through the backend: plan, sub-searches, fusion, re-ranking. */
export async function runQuery(
  backend: SearchBackend,
  query: string,
  options: {
    /** The typo vocabulary, or a promise of it: the query as typed is searched while it loads. */
    vocabulary?: Vocabulary | Promise<Vocabulary | undefined>;
    filters?: Filters;
    limit?: number;
    pool?: number;
  } = {},
): Promise<SearchOutcome> {
  const filters = options.filters ?? {};
  const limit = options.limit ?? RESULT_LIMIT;
  const pool = options.pool ?? RESULT_LIMIT;
  // The query as typed needs no vocabulary: its search (and Pagefind's index chunks) start at once.
  const typed = planQuery(query).queries.find((q) => q.why === 'typed');
  const searches = new Map<string, Promise<BackendResponse | null>>();
  const search = (term: string) => searches.get(term) ?? searches.set(term, backend.search(term)).get(term)!;
  // Started now, awaited below with the other strong searches (a failure surfaces there).
  if (typed) void timed('typed-search', () => search(typed.term)).catch(() => undefined);
  const vocabulary = await timed('vocabulary', async () => options.vocabulary);
  const planned = performance.now();
  const plan = planQuery(query, vocabulary);
  measureSince('plan', planned);
  if (plan.queries.length === 0) {
    if (Object.keys(filters).length === 0) return { plan, hits: [], filterCounts: {}, candidates: 0 };
    const response = await backend.search(null, { filters });
    const results = response?.results ?? [];
    const datas = await Promise.all(results.slice(0, limit).map((r) => r.data()));
    return {
      plan,
      hits: datas.map((d) => toHit(d, 0)),
      filterCounts: response?.filters ?? {},
      candidates: results.length,
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
  const ran = [...strong, ...wordQueries];
  const responses = [...strongResponses, ...wordResponses];
  const fused = new Map<string, { result: BackendResult; score: number }>();
  responses.forEach((response, i) => {
    const weight = ran[i].weight;
    response?.results.forEach((result, rank) => {
      const entry = fused.get(result.id) ?? { result, score: 0 };
      entry.score += weight / (RRF_K + rank);
      fused.set(result.id, entry);
    });
  });
  const ranked = [...fused.values()].sort((a, b) => b.score - a.score).slice(0, pool);
  const datas = await timed('fragments', () => Promise.all(ranked.map((entry) => entry.result.data())));
  const ranking = performance.now();
  const scored = datas
    .map((data, i) => ({ data, score: ranked[i].score + boost(plan, data) }))
    .filter(({ data }) =>
      plan.phrases.every((phrase) => data.content.toLowerCase().replace(/\s+/g, ' ').includes(phrase.toLowerCase())),
    )
    .sort((a, b) => b.score - a.score);
  const filterCounts: Record<string, Record<string, number>> = {};
  for (const { data } of scored) {
    for (const [key, values] of Object.entries(data.filters ?? {})) {
      filterCounts[key] ??= {};
      for (const value of values) filterCounts[key][value] = (filterCounts[key][value] ?? 0) + 1;
    }
  }
  measureSince('rank', ranking);
  const selected = Object.entries(filters).filter(([, values]) => values.length > 0);
  const kept = scored.filter(({ data }) =>
    selected.every(([key, values]) => (data.filters?.[key] ?? []).some((v) => values.includes(v))),
  );
  return {
    plan,
    hits: kept.slice(0, limit).map(({ data, score }) => toHit(data, score)),
    filterCounts,
    candidates: kept.length,
  };
}
