/**
 * When a note is due for review, and how urgent that is.
 * Shared by `npm run check` (warnings, `--due`) and the /reviews/ page, so both always agree.
 * Dates are calendar days in UTC: YAML dates (`lastReviewed: 2026-10-01`) parse to UTC midnight.
 */
import { parseDay } from './calendar.ts';

/** A note counts as due soon this many days before its due date. */
export const DUE_SOON_DAYS = 14;

/** Milliseconds in a day. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * - `needs-review`: an author flagged the note (status `needs-review`); it wins over dates.
 * - `overdue`: the due date has passed.
 * - `due-soon`: due today or within {@link DUE_SOON_DAYS} days.
 * - `ok`: nothing to do yet (or the note has no review schedule).
 */
export type ReviewState = 'overdue' | 'due-soon' | 'ok' | 'needs-review';

/** The review fields of a runbook (`status`) or change note (`reviewStatus`), as the schemas output them. */
export interface Reviewable {
  lastReviewed?: Date;
  /** Days between reviews. */
  reviewEvery?: number;
  status?: string;
  reviewStatus?: string;
}

export interface ReviewInfo {
  state: ReviewState;
  /** lastReviewed + reviewEvery days; undefined for notes without a schedule. */
  dueDate?: Date;
  /** Whole days from today to the due date: negative when overdue, 0 when due today. */
  daysLeft?: number;
}

/** Midnight UTC of the calendar day of `date`. */
export function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * The day reviews are measured against: `PARITYBOOK_TODAY` (YYYY-MM-DD) when set, so CI and
 * tests are reproducible, else the current date.
 * @throws {RangeError} when PARITYBOOK_TODAY is not a date.
 */
export function reviewToday(env: Record<string, string | undefined> = process.env): Date {
  const fixed = env.PARITYBOOK_TODAY;
  if (!fixed) return startOfDay(new Date());
  const parsed = parseDay(fixed);
  if (!parsed) {
    throw new RangeError(`PARITYBOOK_TODAY must be a date like 2026-11-27, not ${JSON.stringify(fixed)}`);
  }
  return parsed;
}

/** Works out the review state of one note on `today`. */
export function reviewInfo(note: Reviewable, today: Date = reviewToday()): ReviewInfo {
  const flagged = (note.status ?? note.reviewStatus) === 'needs-review';
  if (!note.lastReviewed || Number.isNaN(note.lastReviewed.getTime())) {
    return { state: flagged ? 'needs-review' : 'ok' };
  }
  const dueDate = new Date(startOfDay(note.lastReviewed).getTime() + (note.reviewEvery ?? 90) * DAY_MS);
  const daysLeft = Math.round((dueDate.getTime() - startOfDay(today).getTime()) / DAY_MS);
  const state: ReviewState = flagged
    ? 'needs-review'
    : daysLeft < 0
      ? 'overdue'
      : daysLeft <= DUE_SOON_DAYS
        ? 'due-soon'
        : 'ok';
  return { state, dueDate, daysLeft };
}

/** "overdue by 3 days", "due today", "due in 12 days", "flagged for review": for lists and messages. */
export function describeReview(info: ReviewInfo): string {
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  const when =
    info.daysLeft === undefined
      ? ''
      : info.daysLeft < 0
        ? `overdue by ${days(-info.daysLeft)}`
        : info.daysLeft === 0
          ? 'due today'
          : `due in ${days(info.daysLeft)}`;
  if (info.state === 'needs-review') return when ? `flagged for review (${when})` : 'flagged for review';
  return when || 'no review schedule';
}

/** Calendar date as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whether a state belongs on the reviews page and in `check --due`. */
export function needsAttention(state: ReviewState): boolean {
  return state !== 'ok';
}

const ORDER: Record<ReviewState, number> = { overdue: 0, 'needs-review': 1, 'due-soon': 2, ok: 3 };

/**
 * Groups notes that need attention by owner team, teams sorted by id, notes most urgent first
 * (overdue, flagged, due soon; then earliest due date; then title).
 */
export function groupByOwner<T extends { owner: string; title: string; review: ReviewInfo }>(
  notes: T[],
): { owner: string; notes: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const note of notes.filter((n) => needsAttention(n.review.state))) {
    groups.set(note.owner, [...(groups.get(note.owner) ?? []), note]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([owner, list]) => ({
      owner,
      notes: list.sort(
        (a, b) =>
          ORDER[a.review.state] - ORDER[b.review.state] ||
          (a.review.daysLeft ?? Infinity) - (b.review.daysLeft ?? Infinity) ||
          a.title.localeCompare(b.title),
      ),
    }));
}
