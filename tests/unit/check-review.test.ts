import { describe, expect, it } from 'vitest';
import { describeReview, DUE_SOON_DAYS, groupByOwner, reviewInfo, reviewToday } from '../../src/lib/review.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const today = day('2026-11-27');

describe('reviewInfo', () => {
  it('puts the due date reviewEvery days after lastReviewed', () => {
    const info = reviewInfo({ lastReviewed: day('2026-10-01'), reviewEvery: 90 }, today);
    expect(info.dueDate?.toISOString().slice(0, 10)).toBe('2026-12-30');
    expect(info).toMatchObject({ state: 'ok', daysLeft: 33 });
  });

  it('defaults reviewEvery to 90 days', () => {
    expect(reviewInfo({ lastReviewed: day('2026-08-29') }, today)).toMatchObject({ state: 'due-soon', daysLeft: 0 });
  });

  it('is due soon on the due day and up to 14 days before', () => {
    expect(reviewInfo({ lastReviewed: day('2026-11-17'), reviewEvery: 10 }, today)).toMatchObject({
      state: 'due-soon',
      daysLeft: 0,
    });
    expect(reviewInfo({ lastReviewed: day('2026-11-17'), reviewEvery: 10 + DUE_SOON_DAYS }, today)).toMatchObject({
      state: 'due-soon',
      daysLeft: 14,
    });
    expect(reviewInfo({ lastReviewed: day('2026-11-17'), reviewEvery: 25 }, today)).toMatchObject({
      state: 'ok',
      daysLeft: 15,
    });
  });

  it('is overdue from the day after the due date', () => {
    expect(reviewInfo({ lastReviewed: day('2026-11-17'), reviewEvery: 9 }, today)).toMatchObject({
      state: 'overdue',
      daysLeft: -1,
    });
  });

  it('ignores the time of day of today', () => {
    const late = new Date('2026-11-27T23:59:00Z');
    expect(reviewInfo({ lastReviewed: day('2026-11-17'), reviewEvery: 10 }, late)).toMatchObject({
      state: 'due-soon',
      daysLeft: 0,
    });
  });

  it('lets a needs-review flag win over dates, for runbooks and change notes', () => {
    expect(reviewInfo({ lastReviewed: day('2026-11-20'), status: 'needs-review' }, today).state).toBe('needs-review');
    expect(reviewInfo({ reviewStatus: 'needs-review' }, today)).toEqual({ state: 'needs-review' });
    expect(reviewInfo({ reviewStatus: 'reviewed' }, today)).toEqual({ state: 'ok' });
  });
});

describe('describeReview', () => {
  it('phrases the state for people', () => {
    const at = (lastReviewed: string, reviewEvery: number, status?: string) =>
      describeReview(reviewInfo({ lastReviewed: day(lastReviewed), reviewEvery, status }, today));
    expect([
      at('2026-11-17', 9),
      at('2026-11-01', 9),
      at('2026-11-17', 10),
      at('2026-11-17', 11),
      at('2026-11-17', 12),
      at('2026-11-17', 12, 'needs-review'),
      describeReview({ state: 'needs-review' }),
      describeReview({ state: 'ok' }),
    ]).toMatchInlineSnapshot(`
      [
        "overdue by 1 day",
        "overdue by 17 days",
        "due today",
        "due in 1 day",
        "due in 2 days",
        "flagged for review (due in 2 days)",
        "flagged for review",
        "no review schedule",
      ]
    `);
  });
});

describe('groupByOwner', () => {
  it('keeps notes that need attention, grouped by team, most urgent first', () => {
    const note = (title: string, owner: string, lastReviewed: string, status?: string) => ({
      title,
      owner,
      review: reviewInfo({ lastReviewed: day(lastReviewed), reviewEvery: 30, status }, today),
    });
    const groups = groupByOwner([
      note('fine', 'platform', '2026-11-20'),
      note('soon', 'platform', '2026-11-01'),
      note('late', 'platform', '2026-09-01'),
      note('later', 'platform', '2026-10-01'),
      note('flagged', 'payments', '2026-11-25', 'needs-review'),
    ]);
    expect(groups.map((g) => [g.owner, g.notes.map((n) => n.title)])).toEqual([
      ['payments', ['flagged']],
      ['platform', ['late', 'later', 'soon']],
    ]);
  });
});

describe('reviewToday', () => {
  it('reads PARITYBOOK_TODAY for reproducible runs', () => {
    expect(reviewToday({ PARITYBOOK_TODAY: '2026-01-02' }).toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(() => reviewToday({ PARITYBOOK_TODAY: 'tomorrow' })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: PARITYBOOK_TODAY must be a date like 2026-11-27, not "tomorrow"]`,
    );
  });
});
