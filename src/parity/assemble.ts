/** Assembles what a page shows about one service from the store: the comparison, since when, and stale environments. */
import type { Service } from '../schemas/service.ts';
import {
  ENVIRONMENTS,
  type DriftEntry,
  type EnvironmentName,
  type EnvironmentView,
  type ParityView,
  type Snapshot,
} from '../schemas/snapshot.ts';
import { compare, driftKey, sortEntries, worstSeverity } from './diff.ts';
import { redactUrl } from './redact.ts';
import {
  appendDriftHistory,
  readDriftHistory,
  readEnvironment,
  type DriftRecord,
  type StoredEnvironment,
} from './store.ts';
import { failedProbes } from './view.ts';

/**
 * Since when each entry has held: walks back through the runs (newest first) while the same
 * drift (path, class, values) is recorded; the oldest run of that unbroken stretch is "since".
 */
export function computeSince(entries: DriftEntry[], records: DriftRecord[]): DriftEntry[] {
  return entries.map((entry) => {
    if (entry.class === 'probe-failed') return entry;
    const key = driftKey(entry);
    let since: string | undefined;
    for (const record of records) {
      if (!record.drift.includes(key)) break;
      since = record.takenAt;
    }
    return since ? { ...entry, since } : entry;
  });
}

function environmentView(stored: StoredEnvironment, url: string): EnvironmentView {
  const attempt = stored.lastAttempt;
  const failedLatest = attempt && (!stored.latestGood || attempt.takenAt !== stored.latestGood.takenAt);
  return {
    url: redactUrl(url),
    latestGood: stored.latestGood,
    lastAttempt: attempt && failedLatest ? { takenAt: attempt.takenAt, failures: failedProbes(attempt) } : null,
  };
}

export interface BuildViewOptions {
  now?: Date;
  /** This run's attempts, in memory (the snapshot command); a build reads the store instead. */
  current?: Record<EnvironmentName, Snapshot>;
}

export async function buildView(
  service: Service,
  store: string,
  demoDir: string | null,
  options: BuildViewOptions = {},
): Promise<ParityView> {
  const now = options.now ?? new Date();
  const [staging, production] = await Promise.all(
    ENVIRONMENTS.map((env) => readEnvironment(store, demoDir, service.id, env, options.current?.[env])),
  );
  // Failures of the latest attempt count, even when the compared snapshot is an older good one.
  const latestFailures = (env: StoredEnvironment) => failedProbes(env.lastAttempt ?? env.latestGood);
  const { entries, same } = compare({
    service,
    staging: staging.latestGood,
    production: production.latestGood,
    failures: { staging: latestFailures(staging), production: latestFailures(production) },
  });
  // An environment that has never answered on this machine shows its recorded demo snapshot:
  // its failure is worth a line, not a page.
  const demoSides = new Set(ENVIRONMENTS.filter((env) => (env === 'staging' ? staging : production).latestGood?.demo));
  for (const [index, entry] of entries.entries()) {
    const side = entry.production !== undefined ? 'production' : 'staging';
    if (entry.class === 'probe-failed' && demoSides.has(side)) {
      entries[index] = {
        ...entry,
        severity: 'info',
        reason: `${entry.reason ?? side}; showing the recorded demo snapshot`,
      };
    }
  }
  sortEntries(entries);
  let records: DriftRecord[];
  const run = options.current;
  if (run && staging.latestGood === run.staging && production.latestGood === run.production) {
    // Both answered in this run: it becomes part of the history "since" is computed from.
    records = await appendDriftHistory(store, service.id, {
      takenAt: run.staging.takenAt,
      drift: entries.filter((e) => e.class !== 'probe-failed').map(driftKey),
    });
  } else {
    records = await readDriftHistory(store, service.id);
  }
  const drift = computeSince(entries, records);
  return {
    service: service.id,
    demo: Boolean(staging.latestGood?.demo || production.latestGood?.demo),
    builtAt: now.toISOString(),
    environments: {
      staging: environmentView(staging, service.environments.staging.url),
      production: environmentView(production, service.environments.production.url),
    },
    drift,
    same,
    worst: worstSeverity(drift),
  };
}
