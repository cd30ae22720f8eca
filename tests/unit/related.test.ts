import { describe, expect, it } from 'vitest';
import { createRelatedIndex, relatedNotes, type Relatable } from '../../src/lib/related.ts';

const note = (key: string, parts: Partial<Relatable> = {}): Relatable => ({ key, services: [], tags: [], ...parts });

describe('relatedNotes', () => {
  const target = note('runbooks/a', {
    services: ['checkout-api'],
    alerts: ['CheckoutOrigin5xxHigh'],
    tags: ['cdn', 'prod'],
  });

  it('ranks a shared alert above a shared service above a shared tag', () => {
    const candidates = [
      note('runbooks/tag', { tags: ['cdn'] }),
      note('runbooks/service', { services: ['checkout-api'] }),
      note('runbooks/alert', { alerts: ['CheckoutOrigin5xxHigh'] }),
    ];
    expect(relatedNotes(target, candidates).map((r) => r.note.key)).toEqual([
      'runbooks/alert',
      'runbooks/service',
      'runbooks/tag',
    ]);
  });

  it('leaves out the note itself and unrelated notes', () => {
    const candidates = [target, note('runbooks/other', { services: ['media-api'], tags: ['uploads'] })];
    expect(relatedNotes(target, candidates)).toEqual([]);
  });

  it('values a rare tag above a tag every note has', () => {
    const everywhere = Array.from({ length: 8 }, (_, i) => note(`changes/${i}`, { tags: ['prod'] }));
    const rare = note('runbooks/rare', { tags: ['cdn'] });
    const common = note('runbooks/common', { tags: ['prod'] });
    const ranked = relatedNotes(target, [...everywhere, common, rare], 10);
    expect(ranked[0].note.key).toBe('runbooks/rare');
    expect(ranked[0].reasons).toEqual(['tag cdn']);
  });

  it('breaks ties by the more recent note, then by key', () => {
    const older = note('changes/older', { services: ['checkout-api'], date: new Date('2026-01-01') });
    const newer = note('changes/newer', { services: ['checkout-api'], date: new Date('2026-06-01') });
    const undated = note('changes/b-undated', { services: ['checkout-api'] });
    expect(relatedNotes(target, [undated, older, newer]).map((r) => r.note.key)).toEqual([
      'changes/newer',
      'changes/older',
      'changes/b-undated',
    ]);
  });

  it('returns at most the limit, with reasons', () => {
    const many = Array.from({ length: 9 }, (_, i) => note(`runbooks/${i}`, { services: ['checkout-api'] }));
    const ranked = relatedNotes(target, many, 3);
    expect(ranked).toHaveLength(3);
    expect(ranked[0].reasons).toEqual(['service checkout-api']);
  });
});

describe('createRelatedIndex', () => {
  /** The definition, pair by pair: what the index must reproduce without visiting every pair. */
  function bruteForce(target: Relatable, candidates: Relatable[], limit: number) {
    const tagCounts = new Map<string, number>();
    for (const c of candidates)
      for (const t of new Set(c.tags.map((x) => x.toLowerCase()))) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
    const has = (values: string[] = [], value: string) => values.some((v) => v.toLowerCase() === value.toLowerCase());
    return candidates
      .filter((c) => c.key !== target.key)
      .map((c) => {
        let score = 0;
        for (const a of new Set(target.alerts ?? [])) if (has(c.alerts, a)) score += 5;
        for (const s of new Set(target.services)) if (has(c.services, s)) score += 3;
        for (const t of new Set(target.tags))
          if (has(c.tags, t)) score += 1 / Math.max(1, Math.log2(tagCounts.get(t.toLowerCase())!));
        return { key: c.key, score, date: c.date?.getTime() ?? 0 };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || b.date - a.date || a.key.localeCompare(b.key))
      .slice(0, limit)
      .map((r) => r.key);
  }

  it.each([
    ['services shared widely', 12, 5],
    ['services rarely shared, so notes sharing only tags make the list', 400, 10],
  ])(
    'ranks exactly like the pairwise definition on a larger, seeded knowledge base: %s',
    (_label, serviceCount, limit) => {
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const pick = (pool: string[], n: number) =>
        Array.from({ length: n }, () => pool[Math.floor(random() * pool.length)]);
      const services = Array.from({ length: serviceCount }, (_, i) => `svc-${i}`);
      const tags = ['cdn', 'db', 'tls', 'uploads', 'prod', 'cache', 'k8s', 'deploy'];
      const alerts = Array.from({ length: 30 }, (_, i) => `Alert${i}`);
      const notes: Relatable[] = Array.from({ length: 300 }, (_, i) => ({
        key: `notes/${i}`,
        services: pick(services, 1 + Math.floor(random() * 2)),
        alerts: i % 3 === 0 ? pick(alerts, 1) : [],
        tags: pick(tags, Math.floor(random() * 4)),
        date: new Date(2026, 0, 1 + Math.floor(random() * 300)),
      }));
      const related = createRelatedIndex(notes);
      for (const note of notes) {
        expect(related(note, limit).map((r) => r.note.key)).toEqual(bruteForce(note, notes, limit));
      }
    },
  );
});
