/**
 * Drift history of a service, small enough to publish with every deploy: the drift seen in the
 * newest run, each with the first run of its unbroken stretch ("since"), and a short trend of
 * unexpected drift per run. A new run replaces the state, so "since" holds for drift of any age
 * while the file stays the size of today's drift. Field names never look like secrets to the
 * redactor, which every written file goes through (a field named `key` would be emptied).
 */
import { TREND_KEEP, type DriftEntry, type ServiceHistory } from '../schemas/snapshot.ts';
import { driftKey } from './diff.ts';
import { isUnexpected } from './view.ts';

export { serviceHistorySchema, TREND_KEEP, type ServiceHistory } from '../schemas/snapshot.ts';

/** Entries a run's history records: everything compared, not probe failures (they have no values). */
const recorded = (entry: DriftEntry) => entry.class !== 'probe-failed';

/** The history after one more run in which both environments answered. */
export function applyRun(history: ServiceHistory | null, takenAt: string, entries: DriftEntry[]): ServiceHistory {
  if (history && history.lastRun >= takenAt) return history; // already applied (or older than what we know)
  const before = new Map((history?.active ?? []).map((a) => [a.drift, a.since]));
  const active = [...new Set(entries.filter(recorded).map(driftKey))].map((drift) => ({
    drift,
    since: before.get(drift) ?? takenAt,
  }));
  const unexpected = entries.filter(isUnexpected);
  const point = {
    takenAt,
    critical: unexpected.filter((e) => e.severity === 'critical').length,
    warning: unexpected.filter((e) => e.severity === 'warning').length,
  };
  return {
    lastRun: takenAt,
    ...(history ? { previousRun: history.lastRun } : {}),
    active,
    trend: [point, ...(history?.trend ?? [])].slice(0, TREND_KEEP),
  };
}

/** Of two histories of one service (the local store's, the last deploy's), the one that knows the newer run. */
export function newer(a: ServiceHistory | null, b: ServiceHistory | null): ServiceHistory | null {
  if (!a || !b) return a ?? b;
  return b.lastRun > a.lastRun ? b : a;
}

/**
 * Sets `since` and `new` on entries from a history: `since` where the entry is part of the
 * newest run, `new` when that stretch began after `baseline` (the previous run, or the last deploy's).
 */
export function withSince(entries: DriftEntry[], history: ServiceHistory | null, baseline?: string): DriftEntry[] {
  const since = new Map((history?.active ?? []).map((a) => [a.drift, a.since]));
  return entries.map((entry) => {
    if (!recorded(entry)) return entry;
    const from = since.get(driftKey(entry));
    if (!from) return entry;
    return { ...entry, since: from, ...(baseline ? { new: from > baseline } : {}) };
  });
}

/** Older stores kept a list of runs, newest first; replayed oldest first, they give the same state. */
export function fromRecords(records: { takenAt: string; drift: string[] }[]): ServiceHistory | null {
  let history: ServiceHistory | null = null;
  for (const record of [...records].reverse()) {
    const before = new Map<string, string>((history?.active ?? []).map((a) => [a.drift, a.since]));
    const next: ServiceHistory = {
      lastRun: record.takenAt,
      ...(history ? { previousRun: history.lastRun } : {}),
      active: record.drift.map((drift) => ({ drift, since: before.get(drift) ?? record.takenAt })),
      trend: history?.trend ?? [],
    };
    history = next;
  }
  return history;
}
