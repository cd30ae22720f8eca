import { describe, expect, it } from 'vitest';
import { editDistance, Vocabulary } from '../../src/search/fuzzy.ts';
import { identifierParts, identifierVariants, joinedRuns, words } from '../../src/search/identifiers.ts';
import {
  boost,
  parseQuery,
  planQuery,
  runQuery,
  vocabularyShards,
  type BackendResult,
  type SearchBackend,
} from '../../src/search/query.ts';
import { indexableHtml, mainOfPage, planIndex, type SearchEntry } from '../../src/search/records.ts';
import { buildVocabulary, shardVocabulary } from '../../src/search/vocabulary.ts';
import type { SourceFile } from '../../src/content-check/index.ts';
import { fakeResult } from '../support/search-backend.ts';

describe('identifiers', () => {
  it('splits alert names and code identifiers into parts', () => {
    expect(identifierParts('KubePodCrashLooping')).toEqual(['Kube', 'Pod', 'Crash', 'Looping']);
    expect(identifierParts('etcdGRPCRequestsSlow')).toEqual(['etcd', 'GRPC', 'Requests', 'Slow']);
    expect(identifierParts('NX_DOMAIN')).toEqual(['NX', 'DOMAIN']);
    expect(identifierParts('psycopg2.OperationalError')).toEqual(['psycopg2', 'Operational', 'Error']);
  });

  it('adds every run of parts, so the middle of a name is a word of the index', () => {
    expect(joinedRuns('KubeletBodySizeLimitExceeded')).toContain('bodysizelimit');
    expect(identifierVariants('KubePodCrashLooping')).toEqual(
      expect.arrayContaining(['KubePodCrashLooping', 'Kube Pod Crash Looping', 'crashlooping', 'podcrash']),
    );
  });

  it('gives the vocabulary joined and split forms of identifiers', () => {
    expect(words('NX_DOMAIN from psycopg2.OperationalError')).toEqual(
      expect.arrayContaining(['nx', 'domain', 'nxdomain', 'operationalerror', 'psycopg2operationalerror']),
    );
  });
});

describe('typo correction', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('watchdgo', 'watchdog', 2)).toBe(1);
    expect(editDistance('alertmanger', 'alertmanager', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });

  const vocabulary = new Vocabulary(
    ['kubepodcrashlooping', 'alertmanager', 'alert', 'watchdog', 'leader', 'reload', 'failed', 'watch'],
    [1, 9, 20, 1, 3, 4, 8, 5],
    100,
  );

  it('corrects within a budget that grows with the word, preferring common words', () => {
    expect(vocabulary.correct('kubepodcrashloping')).toEqual({ word: 'kubepodcrashlooping', distance: 1 });
    expect(vocabulary.correct('alertmanger')).toEqual({ word: 'alertmanager', distance: 1 });
    expect(vocabulary.correct('wach')).toEqual({ word: 'watch', distance: 1 });
    expect(vocabulary.correct('zzz')).toBeUndefined();
    expect(vocabulary.hasPrefix('crash')).toBe(false);
    expect(vocabulary.hasPrefix('kubepod')).toBe(true);
  });

  it('plans a corrected query only for unknown words', () => {
    const plan = planQuery('alertmanger failed reload', vocabulary);
    expect(plan.corrected).toBe('alertmanager failed reload');
    expect(plan.queries.filter((q) => q.why !== 'synonym').map((q) => q.why)).toEqual([
      'typed',
      'corrected',
      'word',
      'word',
      'word',
    ]);
    expect(plan.queries.filter((q) => q.why === 'synonym').map((q) => q.term)).toContain('failure');
    expect(planQuery('alertmanager failed', vocabulary).corrected).toBeUndefined();
  });

  it('shards the vocabulary by first letter and names the shards a query needs', () => {
    const shards = shardVocabulary(buildVocabulary(['alert manager', 'kube pod', '502 bad']));
    expect([...shards.keys()].sort()).toEqual(['a', 'b', 'k', 'm', 'p']);
    expect(shards.get('k')).toMatchObject({ words: 'kube', pages: 3 });
    expect(vocabularyShards('KubePodCrashLooping "no leader" 502')).toEqual(['_', 'c', 'k', 'l', 'n', 'p']);
    const v = new Vocabulary([], [], 0);
    v.addFile(shards.get('a')!);
    v.addFile(shards.get('k')!);
    expect(v.has('kube') && v.has('alert') && !v.has('pod')).toBe(true);
    expect(v.pages).toBe(3);
  });

  it('builds the vocabulary from page text with page counts', () => {
    const file = buildVocabulary(['Pod is in CrashLoop', 'pod restarts']);
    const v = Vocabulary.fromFile(file);
    expect(v.count('pod')).toBe(2);
    expect(v.has('crashloop')).toBe(true);
    expect(file.pages).toBe(2);
  });

  it('counts each word once per page, whether a token is split for the first time or remembered', () => {
    const pages = [
      'psycopg2.OperationalError on KubePodCrashLooping, pod pod',
      'KubePodCrashLooping again; psycopg2.OperationalError: NX_DOMAIN',
      'no identifiers here',
    ];
    const file = buildVocabulary(pages);
    const v = Vocabulary.fromFile(file);
    const expected = new Map<string, number>();
    for (const page of pages)
      for (const word of new Set(words(page))) expected.set(word, (expected.get(word) ?? 0) + 1);
    for (const [word, count] of expected) expect(v.count(word), word).toBe(count);
    expect(v.count('kubepodcrashlooping')).toBe(2);
    expect(v.count('looping')).toBe(2);
    expect(v.count('operationalerror')).toBe(2);
    expect(v.count('pod')).toBe(2);
    expect(file.words.split(' ')).toHaveLength(expected.size);
  });
});

describe('query parsing', () => {
  it('keeps quoted phrases and runs a fully quoted query as Pagefind exact search', () => {
    expect(parseQuery('"etcdserver: no leader" logs')).toEqual({
      text: 'etcdserver: no leader logs',
      phrases: ['etcdserver: no leader'],
      words: ['etcdserver:', 'no', 'leader', 'logs'],
    });
    expect(planQuery('"no leader"').queries[0].term).toBe('"no leader"');
  });

  it('keeps numbers as typed instead of correcting or dropping them', () => {
    const v = new Vocabulary(['bad', 'gateway'], [3, 3], 10);
    const plan = planQuery('502 Bad Gateway', v);
    expect(plan.corrected).toBeUndefined();
    expect(plan.queries.filter((q) => q.why === 'word').map((q) => q.term)).toEqual(['502', 'Bad', 'Gateway']);
  });

  it('runs identifiers typed with separators joined too', () => {
    expect(planQuery('NX_DOMAIN errors').queries.map((q) => q.term)).toContain('nxdomain errors');
  });
});

/** A backend that matches whole words of small fake pages, like Pagefind without its ranking. */
function fakeBackend(
  pages: { url: string; title: string; alerts?: string; kind?: string; content: string }[],
): SearchBackend {
  return {
    async search(term) {
      const words = (term ?? '').toLowerCase().replace(/"/g, '').split(/\s+/).filter(Boolean);
      const results: BackendResult[] = pages
        .filter((p) =>
          words.every((w) =>
            p.content
              .toLowerCase()
              .split(/\W+/)
              .some((x) => x.startsWith(w.replace(/\W/g, ''))),
          ),
        )
        .map((p) =>
          fakeResult(
            p,
            { title: p.title, alerts: p.alerts, kind: p.kind ?? 'runbook' },
            { kind: [p.kind ?? 'runbook'] },
          ),
        );
      return { results, filters: { kind: { runbook: results.length } } };
    },
  };
}

describe('runQuery', () => {
  const pages = [
    { url: '/stub/', title: 'Moved', kind: 'change', content: 'crash looping moved to another page' },
    {
      url: '/crash/',
      title: 'Kube Pod Crash Looping',
      alerts: 'KubePodCrashLooping',
      content:
        'KubePodCrashLooping kubepodcrashlooping crashlooping pod is in crashloop and restarts the container again and again',
    },
    {
      url: '/disk/',
      title: 'Disk filling up',
      alerts: 'NodeFilesystemSpaceFillingUp',
      content: 'NodeFilesystemSpaceFillingUp filesystem space is filling up on the node',
    },
  ];
  const vocabulary = Vocabulary.fromFile(buildVocabulary(pages.map((p) => p.content)));

  it('puts the page whose alert name is the query first', async () => {
    const outcome = await runQuery(fakeBackend(pages), 'KubePodCrashLooping', { vocabulary });
    expect(outcome.hits[0].url).toBe('/crash/');
  });

  it('still finds a page when one query word is missing from it', async () => {
    const outcome = await runQuery(fakeBackend(pages), 'node disk almost filling', { vocabulary });
    expect(outcome.hits[0].url).toBe('/disk/');
  });

  it('finds an alert name with a typo', async () => {
    const outcome = await runQuery(fakeBackend(pages), 'KubePodCrashLoping', { vocabulary });
    expect(outcome.plan.corrected).toBe('kubepodcrashlooping');
    expect(outcome.hits[0].url).toBe('/crash/');
  });

  it('drops results without the quoted phrase', async () => {
    const outcome = await runQuery(fakeBackend(pages), '"restarts the container"', { vocabulary });
    expect(outcome.hits.map((h) => h.url)).toEqual(['/crash/']);
  });

  it('counts filter values over the candidates and narrows to the chosen ones', async () => {
    const all = await runQuery(fakeBackend(pages), 'crash looping', { vocabulary });
    expect(all.filterCounts.kind).toEqual({ runbook: 1, change: 1 });
    const changes = await runQuery(fakeBackend(pages), 'crash looping', { vocabulary, filters: { kind: ['change'] } });
    expect(changes.hits.map((h) => h.url)).toEqual(['/stub/']);
    expect(changes.filterCounts.kind).toEqual({ runbook: 1, change: 1 });
  });

  it('boosts exact alert names above partial matches', () => {
    const plan = planQuery('KubePodCrashLooping');
    expect(boost(plan, { content: 'x', meta: { alerts: 'KubePodCrashLooping', title: 't' } })).toBeGreaterThan(
      boost(plan, { content: 'x', meta: { alerts: 'KubePodCrashLoopingSlow', title: 't' } }),
    );
  });
});

describe('index plan', () => {
  const source = (collection: SourceFile['collection'], id: string, data: unknown): SourceFile => ({
    collection,
    id,
    file: `content/${collection}/${id}.md`,
    data,
    body: '',
    bodyLine: 1,
    lineOf: () => 1,
  });
  const runbook = {
    title: 'T',
    summary: 'S',
    severity: 'critical',
    owner: 'platform',
    lastReviewed: '2026-01-01',
    alerts: ['KubePodCrashLooping'],
    services: ['checkout-api'],
  };

  it('leaves needs-review notes out and says which', () => {
    const plan = planIndex([
      source('runbooks', 'a', runbook),
      source('runbooks', 'b', { ...runbook, status: 'needs-review', alerts: [] }),
      source('teams', 'x', {}),
    ]);
    expect(plan.entries.map((e) => e.url)).toEqual(['/runbooks/a/']);
    expect(plan.leftOut).toEqual(['runbooks/b']);
  });

  it('adds filters, metadata and alert-name variants to the indexed HTML only', () => {
    const entry = planIndex([source('runbooks', 'a', runbook)]).entries[0] as SearchEntry;
    const html = indexableHtml('<html><body><main id="main"><h1>T</h1></main></body></html>', entry);
    expect(html).toContain('<main id="main" data-pagefind-body>');
    // Before the first heading, so Pagefind files it under the page, not under a section.
    expect(html.indexOf('pb-index-extra')).toBeLessThan(html.indexOf('<h1>'));
    expect(html).toContain('data-pagefind-filter="kind:runbook"');
    expect(html).toContain('data-pagefind-filter="service:checkout-api"');
    expect(html).toContain('data-pagefind-filter="severity:critical"');
    expect(html).toContain('data-pagefind-meta="alerts:KubePodCrashLooping"');
    expect(html).toMatch(/data-pagefind-weight="\d+">[^<]*crashlooping/);
  });

  it('reads only the main element of a built page, the same text as from the whole page', () => {
    const entry = planIndex([source('runbooks', 'a', runbook)]).entries[0] as SearchEntry;
    const page =
      '<html><head><title>Löschen · paritybook</title></head><body><nav><a href="/mainframe/">↑ ↓</a></nav>' +
      '<mainframe>decoy</mainframe><main id="main"><h1>Café → “done”</h1><p>one</p></main>' +
      '<aside>between</aside><main hidden><p>two</p></main><footer>·</footer></body></html>';
    const part = mainOfPage(Buffer.from(page));
    expect(part).toBe(
      '<main id="main"><h1>Café → “done”</h1><p>one</p></main><aside>between</aside><main hidden><p>two</p></main>',
    );
    expect(indexableHtml(part, entry)).toBe(indexableHtml(page, entry));
  });

  it('reads the whole page when it has no main element', () => {
    const entry = planIndex([source('runbooks', 'a', runbook)]).entries[0] as SearchEntry;
    for (const page of ['<html><body><h1>Ünïcode</h1></body></html>', '<html><body></main><main></body></html>']) {
      expect(mainOfPage(Buffer.from(page))).toBe(page);
      expect(indexableHtml(mainOfPage(Buffer.from(page)), entry)).toBe(indexableHtml(page, entry));
    }
  });

  it('escapes metadata values', () => {
    const entry = planIndex([source('runbooks', 'a', { ...runbook, title: 'A "quoted" <b>title</b>' })]).entries[0];
    expect(indexableHtml('<main></main>', entry)).toContain(
      'data-pagefind-meta="title:A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt;"',
    );
  });
});
