import type { Service } from '../schemas/service.ts';
import { DAY_MS, isoDay } from '../lib/review.ts';
import type { Problem } from './problem.ts';
import type { SourceFile } from './read.ts';

/** How long before an expected-drift rule's last day the check starts warning. */
export const EXPIRY_WARNING_DAYS = 14;

/**
 * Expected-drift rules that have expired, or will within 14 days: after `expires` the path shows
 * as drift again, so the owner decides in time whether the exception still holds. Warnings, since
 * the site still builds.
 */
export function checkExpectedDrift(valid: Map<SourceFile, unknown>, today: Date): Problem[] {
  const problems: Problem[] = [];
  const todayIso = isoDay(today);
  const horizon = isoDay(new Date(today.getTime() + EXPIRY_WARNING_DAYS * DAY_MS));
  for (const [file, data] of valid) {
    if (file.collection !== 'services') continue;
    (data as Service).expectedDrift.forEach((rule, index) => {
      if (!rule.expires || rule.expires > horizon) return;
      const expired = rule.expires < todayIso;
      const days = Math.round((Date.parse(rule.expires) - Date.parse(todayIso)) / DAY_MS);
      problems.push({
        file: file.file,
        line: file.lineOf(['expectedDrift', index, 'expires']),
        field: `expectedDrift.${index}.expires`,
        rule: 'expected-drift-expiry',
        severity: 'warning',
        found: expired
          ? `the rule for ${rule.path} expired on ${rule.expires}: its drift shows as a warning again`
          : `the rule for ${rule.path} expires on ${rule.expires}, ${days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`}`,
        expected: `${rule.owner ? `${rule.owner} to decide: ` : ''}a later expires date if the drift is still expected, or the rule removed once staging and production match`,
      });
    });
  }
  return problems;
}
