import { describe, expect, it } from 'vitest';
import { relatedNotes, type Relatable } from '../../src/lib/related.ts';

const note = (key: string, parts: Partial<Relatable> = {}): Relatable => ({ key, services: [], tags: [], ...parts });

describe('relatedNotes', () => {
  const target = note('runbooks/a', { services: ['checkout-api'], alerts: ['CheckoutOrigin5xxHigh'], tags: ['cdn', 'prod'] });

  it('ranks a shared alert above a shared service above a shared tag', () => {
    const candidates = [
      note('runbooks/tag', { tags: ['cdn'] }),
      note('runbooks/service', { services: ['checkout-api'] }),
      note('runbooks/alert', { alerts: ['CheckoutOrigin5xxHigh'] }),
    ];
    expect(relatedNotes(target, candidates).map((r) => r.note.key)).toEqual(['runbooks/alert', 'runbooks/service', 'runbooks/tag']);
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
