/**
 * The rules of what a page, a report and the comparison show of a service's parity, each stated
 * once: which probes of a snapshot failed, which drift entries count as unexpected, which rows a
 * drift table lists, and which observed values sit beside it. Plain functions over validated
 * data, so pages, the snapshot command and the tests read the same answers.
 */
import {
  ENVIRONMENTS,
  type DriftEntry,
  type EnvironmentName,
  type Observed,
  type ParityView,
  type ProbeName,
  type Snapshot,
} from '../schemas/snapshot.ts';
import { groupRows, type RowGroup } from './causes.ts';
import { driftRows, isUnexpected, type DriftDetail } from './rows.ts';

/** A probe that produced no value in a snapshot, and why. */
export interface FailedProbe {
  probe: ProbeName;
  code?: string;
  reason?: string;
}

/** The probes of a snapshot that failed, in the order the snapshot lists them; none for no snapshot. */
export function failedProbes(snapshot: Pick<Snapshot, 'probes'> | null | undefined): FailedProbe[] {
  return Object.entries(snapshot?.probes ?? {}).flatMap(([probe, outcome]) =>
    outcome && !outcome.ok ? [{ probe: probe as ProbeName, code: outcome.code, reason: outcome.reason }] : [],
  );
}

export { driftRows, isUnexpected, type DriftDetail } from './rows.ts';

type ObservedValue = string | number | null | undefined;

/** Observed values a full panel lists: they differ by nature, so they are shown, never compared. */
const OBSERVED_ROWS: { label: string; read: (observed: Observed) => ObservedValue }[] = [
  { label: 'Health latency (ms)', read: (o) => o.health?.latency_ms },
  { label: 'Error rate (5xx share)', read: (o) => o.metrics?.error_rate },
  { label: 'Latency p95 (ms)', read: (o) => o.metrics?.latency_p95_ms },
  { label: 'CDN, second request', read: (o) => o.cache && `${o.cache.second_request} (${o.cache.source})` },
  { label: 'Certificate days left', read: (o) => o.tls?.days_left },
  { label: 'Certificate valid to', read: (o) => o.tls?.valid_to },
];

/** One observed value in both environments; undefined where that environment's snapshot lacks it. */
export interface ObservedRow {
  label: string;
  staging: ObservedValue;
  production: ObservedValue;
}

/** Observed values of the latest good snapshots, leaving out values neither environment has. */
export function observedRows(view: ParityView): ObservedRow[] {
  const of = (environment: EnvironmentName) => view.environments[environment].latestGood?.observed ?? {};
  return OBSERVED_ROWS.map(({ label, read }) => ({
    label,
    staging: read(of('staging')),
    production: read(of('production')),
  })).filter((row) => row.staging !== undefined || row.production !== undefined);
}

/** Everything a parity panel shows of one service, prepared by the page. */
export interface ParityPanelView {
  serviceId: string;
  detail: DriftDetail;
  /** Absent when the service has no parity data (no service file, or the store could not be read). */
  view: ParityView | undefined;
  rows: DriftEntry[];
  /** Expected drift a compact panel leaves out, counted for its summary line. */
  hiddenExpected: number;
  /** Observed values; a compact panel lists none. */
  observed: ObservedRow[];
  /** The rows grouped by root cause, in order (src/parity/causes.ts). */
  groups: RowGroup[];
  /** When the compared data was taken (the older environment's latest good snapshot); null without data. */
  asOf: string | null;
}

/** Prepares the parity panel of a service from its view (the `snapshots` collection entry). */
export function parityPanel(serviceId: string, view: ParityView | undefined, detail: DriftDetail): ParityPanelView {
  const rows = view ? driftRows(view.drift, detail) : [];
  return {
    serviceId,
    detail,
    view,
    rows,
    hiddenExpected: view && detail === 'compact' ? view.drift.filter((e) => e.class === 'expected').length : 0,
    observed: view && detail === 'full' ? observedRows(view) : [],
    groups: groupRows(rows),
    asOf: view ? dataAsOf(view) : null,
  };
}

/** The data age of a view: the older of the two latest good snapshots, null when neither answered yet. */
export function dataAsOf(view: ParityView): string | null {
  const times = ENVIRONMENTS.flatMap((env) => {
    const good = view.environments[env].latestGood;
    return good ? [good.takenAt] : [];
  }).sort();
  return times[0] ?? null;
}

/** Counts of what a summary shows: unexpected drift by severity, expected drift, and how much is new. */
export function countDrift(drift: DriftEntry[]) {
  const unexpected = drift.filter(isUnexpected);
  return {
    critical: unexpected.filter((e) => e.severity === 'critical').length,
    warning: unexpected.filter((e) => e.severity === 'warning').length,
    expected: drift.filter((e) => e.class === 'expected').length,
    new: unexpected.filter((e) => e.new).length,
  };
}

/** The few rows that tell a service's parity at a glance: misrouted and new first, then the most severe. */
export const topDrift = (view: ParityView, count = 3): DriftEntry[] => driftRows(view.drift, 'compact').slice(0, count);
