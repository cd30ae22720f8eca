/**
 * What a drift table shows, row by row, as plain data: the build renders it with Astro and the
 * browser redraws it from newer published data with the same rules. Type imports only, so the
 * browser bundle stays small.
 */
import type { DriftEntry, DriftSeverity } from '../schemas/snapshot.ts';
import type { RowGroup } from './causes.ts';
import { valueText } from './format.ts';

/** Entries that count as unexpected drift: for the exit code, the "worst" badge and compact panels. */
export const isUnexpected = (entry: DriftEntry) =>
  entry.class !== 'expected' && (entry.class !== 'same' || entry.severity === 'critical');

/**
 * How much a drift table lists: `full` (service pages, the text report) every entry that is not
 * plainly the same; `compact` (runbook and change pages) unexpected drift only.
 */
export type DriftDetail = 'full' | 'compact';

/** The rows a drift table lists, in the view's order. */
export function driftRows(drift: DriftEntry[], detail: DriftDetail): DriftEntry[] {
  return drift.filter((entry) =>
    detail === 'compact' ? isUnexpected(entry) : entry.class !== 'same' || entry.severity === 'critical',
  );
}

/** One line of a drift table: a path, or a root cause with its paths folded under it. */
export interface TableRow {
  /** The path, or the cause of a group. */
  path: string;
  staging: string;
  production: string;
  class: DriftEntry['class'];
  severity: DriftSeverity;
  since?: string;
  isNew: boolean;
  /** Reason and note lines. */
  notes: string[];
  /** The paths of a root cause, each with both values; absent on a single row. */
  members?: { path: string; staging: string; production: string }[];
}

const ORDER: Record<DriftSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Table rows from grouped entries (src/parity/causes.ts `groupRows`). */
export function tableRows(groups: RowGroup[]): TableRow[] {
  return groups.map((group) => {
    const rows = group.rows;
    if (group.cause === undefined) {
      const [row] = rows;
      return {
        path: row.path,
        staging: valueText(row.staging),
        production: valueText(row.production),
        class: row.class,
        severity: row.severity,
        ...(row.since ? { since: row.since } : {}),
        isNew: Boolean(row.new),
        notes: [row.reason, row.note].filter((n): n is string => Boolean(n)),
      };
    }
    const uniform = (pick: (e: DriftEntry) => string) =>
      rows.every((r) => pick(r) === pick(rows[0])) ? pick(rows[0]) : 'several values';
    const since = rows.flatMap((r) => (r.since ? [r.since] : [])).sort()[0];
    return {
      path: group.cause,
      staging: uniform((e) => valueText(e.staging)),
      production: uniform((e) => valueText(e.production)),
      class: rows.every((r) => r.class === rows[0].class) ? rows[0].class : 'drift',
      severity: rows.map((r) => r.severity).sort((a, b) => ORDER[a] - ORDER[b])[0],
      ...(since ? { since } : {}),
      isNew: rows.some((r) => r.new),
      notes: [...new Set(rows.flatMap((r) => [r.reason, r.note].filter((n): n is string => Boolean(n))))],
      members: rows.map((r) => ({ path: r.path, staging: valueText(r.staging), production: valueText(r.production) })),
    };
  });
}
