import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/search/fuzzy.ts';
import { looksPasted, stablePart } from '../../src/search/paste.ts';
import {
  boost,
  planQuery,
  runQuery,
  type BackendResult,
  type SearchBackend,
  type SearchOutcome,
} from '../../src/search/query.ts';
import { indexableHtml, indexedText, tablesAsText, type SearchEntry } from '../../src/search/records.ts';
import { expandSymptoms } from '../../src/search/symptoms.ts';
import { fakeResult } from '../support/search-backend.ts';
import { buildVocabulary, shardVocabulary, type AlertRecord } from '../../src/search/vocabulary.ts';

interface FakePage {
  url: string;
  title: string;
  alerts?: string;
  status?: string;
  content: string;
}

/**
 * Pagefind's matching without its ranking: every word of the term must start a word of the
 * page, and a quoted term must occur as written.
 */
function fakeBackend(pages: FakePage[]): SearchBackend & { terms: string[] } {
  const terms: string[] = [];
  return {
    terms,
    async search(term) {
      terms.push(term ?? '');
      const text = (term ?? '').toLowerCase();
      const phrase = /^"(.*)"$/.exec(text)?.[1];
      const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      const results: BackendResult[] = pages
        .filter((p) => {
          // The index holds the alert names with the page text, as records.ts adds them.
          const content = `${p.content} ${p.alerts ?? ''}`.toLowerCase();
          if (phrase) return content.includes(phrase);
          const pageWords = content.split(/[^\p{L}\p{N}]+/u);
          return words.length > 0 && words.every((w) => pageWords.some((x) => x.startsWith(w)));
        })
        .map((p) =>
          fakeResult(
            p,
            { title: p.title, alerts: p.alerts, kind: 'runbook', status: p.status ?? 'reviewed' },
            { kind: ['runbook'], status: [p.status ?? 'reviewed'] },
          ),
        );
      return { results };
    },
  };
}

const PAGES: FakePage[] = [
  {
    url: '/runbooks/secret-rotation/',
    title: 'Rotate DATABASE_URL and API keys without downtime',
    alerts: 'PostgresqlAuthFailures',
    content:
      'PostgresqlAuthFailures fires on more than 10 password authentication failed log lines per minute: a rotation reached the database before the app.',
  },
  {
    url: '/runbooks/db-pool-exhausted/',
    title: 'Database connection pool exhausted',
    alerts: 'SQLAlchemyPoolExhausted',
    content:
      'sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached. psycopg2.OperationalError: connection to server failed: FATAL: sorry, too many clients already',
  },
  {
    url: '/runbooks/cdn-502-504/',
    title: 'CDN returns 502 or 504 for an API',
    alerts: 'CheckoutOrigin5xxHigh',
    content: 'The origin refused the connection. See health check flapping. Check the redirect rules of the CDN.',
  },
  {
    url: '/runbooks/redis-connection-limit/',
    title: 'Redis connection limit reached',
    alerts: 'RedisTooManyConnections',
    content:
      'redis.exceptions.ConnectionError: Too many connections when a worker holds max_connections to Redis and its pool is full.',
  },
];

const UNREVIEWED: AlertRecord = {
  alert: 'OriginHealthCheckFlapping',
  url: '/runbooks/health-check-flapping/',
  title: 'Health check flapping',
  summary: 'Pods go Ready and NotReady every few minutes.',
  status: 'needs-review',
  severity: 'medium',
  owner: 'platform',
  services: ['checkout-api'],
};

/** The vocabulary as the browser assembles it from its shards, with the unindexed alert names. */
function vocabularyOf(pages: FakePage[], alerts: AlertRecord[] = []): Vocabulary {
  const vocabulary = new Vocabulary([], [], 0);
  const file = buildVocabulary(pages.map((p) => `${p.content} ${p.alerts ?? ''}`));
  for (const shard of shardVocabulary(file, alerts).values()) vocabulary.addFile(shard);
  return vocabulary;
}

const PSYCOPG =
  'psycopg2.OperationalError: connection to server at "10.0.3.12", port 5432 failed: FATAL:  password authentication failed for user "checkout"';

describe('pasted log lines', () => {
  it('keeps the stable part of a line and drops its variable parts', () => {
    expect(stablePart(PSYCOPG)).toBe(
      'psycopg2.OperationalError: connection to server at port failed: password authentication failed for user',
    );
    expect(
      stablePart(
        '2026-11-30 03:12:44,118 ERROR [checkout-api-7f9c6d5b8-qx2lp] sqlalchemy.exc.TimeoutError: QueuePool limit of size 8 reached',
      ),
    ).toBe('checkout-api sqlalchemy.exc.TimeoutError: QueuePool limit of size reached');
    expect(
      stablePart(
        'level=error ts=2024-03-11T08:15:02.120Z caller=runutil.go:101 msg="function failed. Retrying in next tick" err="dial tcp [::1]:9093: connect: connection refused"',
      ),
    ).toBe('function failed. Retrying in next tick dial tcp connect: connection refused');
    expect(
      stablePart('{"level":"warn","ts":"2024-02-02T03:04:05.678Z","msg":"etcdserver: no leader","member":"etcd-2"}'),
    ).toBe('etcdserver: no leader');
    expect(
      stablePart('upstream timed out, client: 203.0.113.9, server: api.example.com, host: ip-10-0-1-2.ec2.internal'),
    ).toBe('upstream timed out client: server: host:');
  });

  it('tells a paste from words a person types', () => {
    expect(looksPasted(PSYCOPG)).toBe(true);
    expect(looksPasted('connection refused at 10.1.2.3')).toBe(true);
    expect(looksPasted('node keeps going up and down')).toBe(false);
    expect(looksPasted('"no leader" etcd')).toBe(false);
    expect(looksPasted('KubePodCrashLooping')).toBe(false);
  });

  it('finds the page that holds the stable part instead of answering nothing', async () => {
    const backend = fakeBackend(PAGES);
    const outcome = await runQuery(backend, PSYCOPG, { vocabulary: vocabularyOf(PAGES) });
    expect(outcome.plan.pasted).toBe(true);
    expect(outcome.plan.phrases).toEqual([]);
    expect(outcome.hits[0]?.url).toBe('/runbooks/secret-rotation/');
    // Variable parts never reach the backend.
    expect(backend.terms.join(' ')).not.toMatch(/10\.0\.3\.12|5432|"checkout"/);
  });

  it('finds a paste with another pod, size and timeout than the runbook quotes', async () => {
    const outcome = await runQuery(
      fakeBackend(PAGES),
      '2026-11-30 03:12:44,118 ERROR [checkout-api-7f9c6d5b8-qx2lp] sqlalchemy.exc.TimeoutError: QueuePool limit of size 8 overflow 4 reached, connection timed out, timeout 15.00',
      { vocabulary: vocabularyOf(PAGES) },
    );
    expect(outcome.hits[0]?.url).toBe('/runbooks/db-pool-exhausted/');
  });

  it('still honours quoted phrases typed by a person', async () => {
    const outcome = await runQuery(fakeBackend(PAGES), '"too many clients" connection', {
      vocabulary: vocabularyOf(PAGES),
    });
    expect(outcome.hits.map((h) => h.url)).toEqual(['/runbooks/db-pool-exhausted/']);
  });
});

describe('alert names of unreviewed runbooks', () => {
  it('ships them in the vocabulary shard of their first letter', () => {
    const shards = shardVocabulary(buildVocabulary(['alpha']), [UNREVIEWED]);
    expect(shards.get('o')?.alerts).toEqual({ originhealthcheckflapping: [UNREVIEWED] });
    expect(shards.get('a')?.alerts).toBeUndefined();
  });

  it('lists the unreviewed runbook first for its exact alert name, as unreviewed', async () => {
    const vocabulary = vocabularyOf(PAGES, [UNREVIEWED]);
    const outcome = await runQuery(fakeBackend(PAGES), 'OriginHealthCheckFlapping', { vocabulary });
    expect(outcome.hits[0]).toMatchObject({
      url: '/runbooks/health-check-flapping/',
      status: 'needs-review',
      alerts: ['OriginHealthCheckFlapping'],
      severity: 'medium',
    });
    expect(outcome.weak).toBe(false);
    // Typed with spaces or in lower case, the name still leads there.
    const spaced = await runQuery(fakeBackend(PAGES), 'origin health check flapping', { vocabulary });
    expect(spaced.hits[0]?.url).toBe('/runbooks/health-check-flapping/');
  });

  it('keeps unreviewed runbooks out of every other query', async () => {
    const vocabulary = vocabularyOf(PAGES, [UNREVIEWED]);
    const outcome = await runQuery(fakeBackend(PAGES), 'health check flapping origin', { vocabulary });
    expect(outcome.hits.map((h) => h.url)).not.toContain('/runbooks/health-check-flapping/');
  });

  it('puts a reviewed runbook with the exact alert name above an unreviewed one', async () => {
    const both = { ...UNREVIEWED, alert: 'CheckoutOrigin5xxHigh' };
    const outcome = await runQuery(fakeBackend(PAGES), 'CheckoutOrigin5xxHigh', {
      vocabulary: vocabularyOf(PAGES, [both]),
    });
    expect(outcome.hits.slice(0, 2).map((h) => h.url)).toEqual(['/runbooks/cdn-502-504/', both.url]);
  });

  it('honours the filters for an unreviewed runbook too', async () => {
    const outcome = await runQuery(fakeBackend(PAGES), 'OriginHealthCheckFlapping', {
      vocabulary: vocabularyOf(PAGES, [UNREVIEWED]),
      filters: { service: ['media-api'] },
    });
    expect(outcome.hits.map((h) => h.url)).not.toContain(UNREVIEWED.url);
  });
});

describe('ranking and weak matches', () => {
  it('ranks whole words above look-alikes found by stemming', () => {
    const plan = planQuery('redis');
    const redis = boost(plan, { content: 'Redis refuses connections', meta: { title: 'Redis limit' } });
    const redirect = boost(plan, { content: 'an HTTP to HTTPS redirect at the CDN', meta: { title: 'TLS' } });
    expect(redirect).toBeLessThan(0);
    expect(redis).toBeGreaterThan(redirect + 2);
  });

  it('says so when nothing matches well, and not when something does', async () => {
    const vocabulary = vocabularyOf(PAGES);
    const weak = await runQuery(fakeBackend(PAGES), 'disk full', { vocabulary });
    expect(weak.weak).toBe(true);
    const good = await runQuery(fakeBackend(PAGES), 'redis connections', { vocabulary });
    expect(good.weak).toBe(false);
    expect(good.hits[0].url).toBe('/runbooks/redis-connection-limit/');
  });
});

describe('on-call vocabulary', () => {
  it('rewrites symptom phrases into runbook words, keeping what is wrong', () => {
    const database = expandSymptoms('database too big');
    expect(database.rewritten).toContain('database size');
    expect(database.terms).toContain('quota');
    expect(expandSymptoms('link going up and down').terms).toContain('flapping');
    expect(expandSymptoms('cronjob never finishes').rewritten).toContain('cronjob completion');
  });

  it('leaves single words and alert names alone', () => {
    expect(expandSymptoms('OriginHealthCheckFlapping').terms).toEqual([]);
    expect(planQuery('KubePodCrashLooping').queries.map((q) => q.why)).toEqual(['typed']);
  });

  it('searches a symptom with the words runbooks use', async () => {
    const pages = [
      ...PAGES,
      { url: '/runbooks/flapping/', title: 'Interface flapping', content: 'Network interface is flapping often' },
      { url: '/runbooks/down/', title: 'API down', content: 'The API is down, see the docs' },
    ];
    const outcome = await runQuery(fakeBackend(pages), 'link going up and down', { vocabulary: vocabularyOf(pages) });
    expect(outcome.hits[0]?.url).toBe('/runbooks/flapping/');
  });
});

describe('indexed page text', () => {
  const entry: SearchEntry = {
    kind: 'runbook',
    id: 'a',
    url: '/runbooks/a/',
    file: 'runbooks/a/index.html',
    title: 'A',
    summary: 'S',
    services: [],
    alerts: [],
    tags: [],
  };

  it('leaves button labels out', () => {
    const html = indexableHtml(
      '<main><pre><code>kubectl rollout undo --timeout=10m</code></pre><button type="button" data-copy>Copy</button></main>',
      entry,
    );
    expect(html).toContain('--timeout=10m');
    expect(html).not.toContain('Copy');
  });

  it('indexes a table as one sentence per row', () => {
    const table =
      '<table><thead><tr><th></th><th>checkout-api</th><th>accounts-api</th></tr></thead><tbody>' +
      '<tr><td>per worker</td><td>5 + 10</td><td>5 + 10</td></tr><tr><td>worst case</td><td>360</td><td>90</td></tr></tbody></table>';
    expect(tablesAsText(table)).toBe(
      '<div><p>per worker: checkout-api 5 + 10, accounts-api 5 + 10</p><p>worst case: checkout-api 360, accounts-api 90</p></div>',
    );
    expect(tablesAsText('<table data-pagefind-ignore><tr><td>a</td><td>b</td></tr></table>')).toBe(
      '<div data-pagefind-ignore><p>a: b</p></div>',
    );
  });
});

describe('vocabulary text', () => {
  it('counts only what Pagefind indexes: parts marked data-pagefind-ignore stay out', () => {
    const text = indexedText(
      '<main><p>disk pressure</p><section data-pagefind-ignore><div><div>full parity report</div></div><br></section><p>after</p></main>',
    );
    expect(text).toContain('disk pressure');
    expect(text).toContain('after');
    expect(text).not.toContain('full parity');
  });
});

describe('first results while the full list is worked out', () => {
  /** The fake backend, with every search but the query as typed held until `release()`. */
  function heldBackend(pages: FakePage[], typed: string) {
    const inner = fakeBackend(pages);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const backend: SearchBackend = {
      async search(term, options) {
        if (term !== typed) await released;
        return inner.search(term, options);
      },
    };
    return { backend, release, terms: inner.terms };
  }

  it('hands over the query as typed, ranked, before the corrected and symptom searches answer', async () => {
    const query = 'password authentication failed';
    const { backend, release } = heldBackend(PAGES, query);
    const vocabulary = vocabularyOf(PAGES);
    // The full list waits for release(), so only a first list can settle this before.
    const early = await new Promise<SearchOutcome | undefined>((resolve) => {
      void runQuery(backend, query, { vocabulary, onFirst: resolve }).then(() => resolve(undefined));
      setTimeout(() => resolve(undefined), 2_000);
    });
    expect(early?.hits[0]?.url).toBe('/runbooks/secret-rotation/');
    expect(early?.weak).toBe(false);
    release();
  });

  it('hands over nothing when the query as typed finds nothing: a typo waits for its correction', async () => {
    const query = 'pasword authentcation';
    const firsts: SearchOutcome[] = [];
    const outcome = await runQuery(fakeBackend(PAGES), query, {
      vocabulary: vocabularyOf(PAGES),
      onFirst: (early) => firsts.push(early),
    });
    expect(firsts).toEqual([]);
    expect(outcome.hits[0]?.url).toBe('/runbooks/secret-rotation/');
  });

  it('never hands over a first list after the full one', async () => {
    const order: string[] = [];
    const outcome = await runQuery(fakeBackend(PAGES), 'password authentication failed', {
      vocabulary: vocabularyOf(PAGES),
      onFirst: () => order.push('first'),
    });
    order.push('full');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outcome.hits.length).toBeGreaterThan(0);
    expect(order.at(-1)).toBe('full');
  });
});
