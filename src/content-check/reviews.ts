import { DAY_MS, describeReview, isoDay, reviewInfo, type ReviewInfo } from '../lib/review.ts';
import { specOf, type EntryKind } from '../collections.ts';
import type { Problem } from './problem.ts';
import type { SourceFile } from './read.ts';

/** A note whose review needs attention, as `check --due` and the reviews page list it. */
export interface DueNote {
  file: SourceFile;
  title: string;
  owner: string;
  kind: EntryKind;
  review: ReviewInfo;
}

/** Review state of every valid runbook and change note. */
export function reviewsOf(valid: Map<SourceFile, unknown>, today: Date): DueNote[] {
  const notes: DueNote[] = [];
  for (const [file, data] of valid) {
    const { kind, review } = specOf(file.collection);
    if (!review) continue;
    const note = data as { title: string; owner: string };
    notes.push({ file, title: note.title, owner: note.owner, kind, review: reviewInfo(review(data), today) });
  }
  return notes;
}

/** Overdue reviews are warnings (errors with --strict): the note still helps, but may be stale. */
export function checkReviews(valid: Map<SourceFile, unknown>, today: Date): Problem[] {
  return reviewsOf(valid, today)
    .filter((note) => note.review.state === 'overdue' && note.review.dueDate)
    .map(({ file, review }) => {
      const data = valid.get(file) as { lastReviewed: Date };
      return {
        file: file.file,
        line: file.lineOf(['lastReviewed']),
        field: 'lastReviewed',
        rule: 'review-overdue',
        severity: 'warning' as const,
        found: `${isoDay(data.lastReviewed)}, review ${describeReview(review)} (due ${isoDay(review.dueDate!)})`,
        expected: `a review: check the runbook against the service as it is now, fix what changed, then set lastReviewed: ${isoDay(today)}`,
      };
    });
}

/**
 * A review date that has not come yet would keep a note "fresh" for as long as it lies in the future. A day of
 * slack: east of UTC the local date can be a day ahead of the UTC date the check counts in.
 */
export function checkReviewDates(valid: Map<SourceFile, unknown>, today: Date): Problem[] {
  const latest = new Date(today.getTime() + DAY_MS);
  const problems: Problem[] = [];
  for (const [file, data] of valid) {
    const fields = specOf(file.collection).review?.(data);
    const lastReviewed = fields && 'lastReviewed' in fields ? fields.lastReviewed : undefined;
    if (!(lastReviewed instanceof Date) || lastReviewed <= latest) continue;
    problems.push({
      file: file.file,
      line: file.lineOf(['lastReviewed']),
      field: 'lastReviewed',
      rule: 'review-date',
      severity: 'error',
      found: `${isoDay(lastReviewed)}, a day that has not come yet (today is ${isoDay(today)})`,
      expected: `the day the ${specOf(file.collection).noun} was last reviewed, today at the latest: lastReviewed: ${isoDay(today)}`,
    });
  }
  return problems;
}
