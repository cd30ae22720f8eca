/**
 * Root causes: many paths that drift for one reason are one finding, not forty. Two rules, the
 * first that applies wins:
 * - the same change on several paths (`1.4.0` → `1.3.2` in version.version and packages.checkout):
 *   one version bump or one upgrade;
 * - several drifting paths under one parent (every directive of a CSP, every flag of a config
 *   block): one header or one block that changed.
 * Only unexpected drift is grouped; expected drift and findings keep their own rows.
 */
import type { DriftEntry } from '../schemas/snapshot.ts';

/** Fewest paths that make a group worth folding. */
export const MIN_GROUP = 2;
/** Fewest siblings under one parent that make it the cause (two siblings are often unrelated). */
const MIN_SIBLINGS = 3;

const groupable = (entry: DriftEntry) =>
  entry.class === 'drift' || entry.class === 'only-staging' || entry.class === 'only-production';

const show = (value: DriftEntry['staging']) => (value === undefined ? 'missing' : String(value));

const parentOf = (path: string) => path.split('.').slice(0, -1).join('.');

/** Sets `cause` on entries that drift for one shared reason; returns the same array. */
export function assignCauses(entries: DriftEntry[]): DriftEntry[] {
  const byChange = new Map<string, DriftEntry[]>();
  for (const entry of entries.filter(groupable)) {
    if (entry.staging === undefined || entry.production === undefined) continue;
    const key = JSON.stringify([entry.staging, entry.production]);
    byChange.set(key, [...(byChange.get(key) ?? []), entry]);
  }
  for (const group of byChange.values()) {
    if (group.length < MIN_GROUP) continue;
    const [first] = group;
    const cause = `${show(first.staging)} in staging, ${show(first.production)} in production`;
    for (const entry of group) entry.cause = cause;
  }
  const byParent = new Map<string, DriftEntry[]>();
  for (const entry of entries.filter((e) => groupable(e) && !e.cause)) {
    const parent = parentOf(entry.path);
    if (parent.includes('.')) byParent.set(parent, [...(byParent.get(parent) ?? []), entry]);
  }
  for (const [parent, group] of byParent) {
    if (group.length < MIN_SIBLINGS) continue;
    for (const entry of group) entry.cause = `${parent} changed`;
  }
  return entries;
}

/** Rows as a table shows them: a row on its own, or a cause with its rows folded under it. */
export type RowGroup = { cause: undefined; rows: [DriftEntry] } | { cause: string; rows: DriftEntry[] };

/**
 * Groups rows by cause, keeping the order of the first row of each group (rows are already
 * sorted: misrouted, new, severity), so a group sits where its most urgent path would.
 */
export function groupRows(rows: DriftEntry[]): RowGroup[] {
  const groups: RowGroup[] = [];
  const open = new Map<string, DriftEntry[]>();
  for (const row of rows) {
    if (!row.cause) {
      groups.push({ cause: undefined, rows: [row] });
      continue;
    }
    const existing = open.get(row.cause);
    if (existing) existing.push(row);
    else {
      const list = [row];
      open.set(row.cause, list);
      groups.push({ cause: row.cause, rows: list });
    }
  }
  // A cause that ended up with a single row on this table (others filtered out) is just a row.
  return groups.map((group) =>
    group.cause !== undefined && group.rows.length < MIN_GROUP
      ? { cause: undefined, rows: [group.rows[0]] as [DriftEntry] }
      : group,
  );
}
