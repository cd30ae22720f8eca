/**
 * Case 7, impossible dates: YAML reads `lastReviewed: 2026-13-45` as 2027-02-14 and `2026-02-30` as March 2, so
 * the note counted as freshly reviewed for months. Now a date that is no day of the calendar is an error with file,
 * line and an example, in the check and in the build; a review date in the future is a check error too.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNpm } from '../support/project-copy.ts';
import { authorsProject, buildProblems, checkErrors, lineOf, runbook, write } from './authors-project.ts';

const project = authorsProject('dates');

const MONTH_13 = 'content/runbooks/month-13.mdx';
const QUOTED = 'content/runbooks/quoted-february.mdx';
const FUTURE = 'content/runbooks/reviewed-next-year.mdx';
const CHANGE = 'content/changes/2026-02-30-pool.mdx';

const month13 = write(project, MONTH_13, runbook('MonthThirteen', { frontmatter: ['lastReviewed: 2026-13-45'] }));
const quoted = write(project, QUOTED, runbook('QuotedFebruary', { frontmatter: ['lastReviewed: "2026-02-29"'] }));
const future = write(project, FUTURE, runbook('ReviewedNextYear', { frontmatter: ['lastReviewed: 2027-01-10'] }));
const change = write(
  project,
  CHANGE,
  [
    '---',
    'title: Raise the pool size',
    'date: 2026-02-30',
    'services: [checkout-api]',
    'owner: payments',
    'reason: Peak traffic used every connection.',
    'expectedResult: No pool timeouts at peak.',
    'rollback: Set POOL_SIZE back to 20.',
    'status: shipped',
    '---',
    '',
    'The pool size, from 20 to 40.',
    '',
  ].join('\n'),
);

const IMPOSSIBLE = [
  `${CHANGE}:${lineOf(change, 'date:')} date: found "2026-02-30"; expected a real day of the calendar as YYYY-MM-DD, like 2026-11-27 (February 2026 has 28 days)`,
  `${MONTH_13}:${lineOf(month13, 'lastReviewed')} lastReviewed: found "2026-13-45"; expected a real day of the calendar as YYYY-MM-DD, like 2026-11-27 (there is no month 13)`,
  `${QUOTED}:${lineOf(quoted, 'lastReviewed')} lastReviewed: found "2026-02-29"; expected a real day of the calendar as YYYY-MM-DD, like 2026-11-27 (February 2026 has 28 days)`,
];

describe('dates that are no day of the calendar', () => {
  it('npm run check refuses them, and a review date in the future, with file, line and an example', () => {
    const result = runNpm(project, 'check');
    expect(result.code).toBe(1);
    expect(checkErrors(result.stdout)).toEqual([
      `${IMPOSSIBLE[0]} [schema]`,
      `${IMPOSSIBLE[1]} [schema]`,
      `${IMPOSSIBLE[2]} [schema]`,
      `${FUTURE}:${lineOf(future, 'lastReviewed')} lastReviewed: found 2027-01-10, a day that has not come yet (today is 2026-11-27); expected the day the runbook was last reviewed, today at the latest: lastReviewed: 2026-11-27 [review-date]`,
    ]);
  });

  it('npm run build refuses the impossible ones before rendering', { timeout: 300_000 }, () => {
    const result = runNpm(project, 'build', ['--skip-snapshot']);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code).toBe(1);
    expect(buildProblems(output)).toEqual(IMPOSSIBLE);
    expect(output).not.toContain('2027-02-14');
    expect(existsSync(path.join(project, 'dist'))).toBe(false);
  });
});
