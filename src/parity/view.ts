/** Assembles what a page shows about one service from the store: the comparison, since when, and stale environments. */
import type { Service } from '../schemas/service.ts';
import {
  ENVIRONMENTS,
  type DriftEntry,
  type EnvironmentName,
  type EnvironmentView,
  type ParityView,
  type ProbeName,
  type Snapshot,
} from '../schemas/snapshot.ts';
import { compare, driftKey, worstSeverity, type FailedProbe } from './diff.ts';
import { redactUrl } from './redact.ts';
import { readEnvironment, type StoredEnvironment } from './store.ts';

const failuresOf = (snapshot: Snapshot | null): FailedProbe[] =>
  Object.entries(snapshot?.probes ?? {})
    .filter(([, outcome]) => outcome && !outcome.ok)
    .map(([probe, outcome]) => ({ probe: probe as ProbeName, code: outcome?.code, reason: outcome?.reason }));

/**
 * Since when each entry has held: walks back through runs where both environments have a good
 * snapshot taken in the same run, while the same drift (path, class, values) is still there.
 */
export function computeSince(service: Service, entries: DriftEntry[], staging: Snapshot[], production: Snapshot[]): DriftEntry[] {
  const byTime = new Map(production.map((s) => [s.takenAt, s]));
  const runs = staging.filter((s) => byTime.has(s.takenAt)).map((s) => [s, byTime.get(s.takenAt) as Snapshot] as const);
  const open = new Map(entries.filter((e) => e.class !== 'probe-failed').map((e) => [driftKey(e), e]));
  const since = new Map<string, string>();
  for (const [s, p] of runs) {
    if (open.size === 0) break;
    const present = new Set(compare({ service, staging: s, production: p, failures: { staging: [], production: [] } }).entries.map(driftKey));
    for (const key of [...open.keys()]) {
      if (present.has(key)) since.set(key, s.takenAt);
      else open.delete(key);
    }
  }
  return entries.map((entry) => {
    const at = since.get(driftKey(entry));
    return at ? { ...entry, since: at } : entry;
  });
}

function environmentView(stored: StoredEnvironment, url: string): EnvironmentView {
  const attempt = stored.lastAttempt;
  const failedLatest = attempt && (!stored.latestGood || attempt.takenAt !== stored.latestGood.takenAt);
  return {
    url: redactUrl(url),
    latestGood: stored.latestGood,
    lastAttempt: attempt && failedLatest ? { takenAt: attempt.takenAt, failures: failuresOf(attempt) } : null,
  };
}

export async function buildView(service: Service, store: string, demoDir: string | null, now = new Date()): Promise<ParityView> {
  const [staging, production] = await Promise.all(ENVIRONMENTS.map((env) => readEnvironment(store, demoDir, service.id, env)));
  const stored: Record<EnvironmentName, StoredEnvironment> = { staging, production };
  // Failures of the latest attempt count, even when the compared snapshot is an older good one.
  const latestFailures = (env: StoredEnvironment) => failuresOf(env.lastAttempt ?? env.latestGood);
  const { entries, same } = compare({
    service,
    staging: staging.latestGood,
    production: production.latestGood,
    failures: { staging: latestFailures(staging), production: latestFailures(production) },
  });
  const drift = computeSince(service, entries, staging.history, production.history);
  return {
    service: service.id,
    demo: Boolean(staging.latestGood?.demo || production.latestGood?.demo),
    builtAt: now.toISOString(),
    environments: {
      staging: environmentView(stored.staging, service.environments.staging.url),
      production: environmentView(stored.production, service.environments.production.url),
    },
    drift,
    same,
    worst: worstSeverity(drift),
  };
}
