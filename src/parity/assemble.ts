/** Assembles what a page shows about one service from the store: the comparison, since when, and stale environments. */
import type { Service } from '../schemas/service.ts';
import {
  ENVIRONMENTS,
  type EnvironmentName,
  type EnvironmentView,
  type ParityView,
  type Snapshot,
} from '../schemas/snapshot.ts';
import { assignCauses } from './causes.ts';
import { compare, sortEntries, worstSeverity } from './diff.ts';
import { environmentFindings } from './findings.ts';
import { applyRun, newer, withSince, type ServiceHistory } from './history.ts';
import { redactUrl } from './redact.ts';
import { readEnvironment, readHistory, saveHistory, type StoredEnvironment } from './store.ts';
import { failedProbes } from './view.ts';

function environmentView(stored: StoredEnvironment, url: string): EnvironmentView {
  const attempt = stored.lastAttempt;
  const failedLatest = attempt && (!stored.latestGood || attempt.takenAt !== stored.latestGood.takenAt);
  return {
    url: redactUrl(url),
    latestGood: stored.latestGood,
    lastAttempt: attempt && failedLatest ? { takenAt: attempt.takenAt, failures: failedProbes(attempt) } : null,
  };
}

/** The last deploy's parity data, as far as it could be read (`--previous`). */
export interface PreviousDeploy {
  /** This service's history in it; null when the deploy had none for it. */
  history: ServiceHistory | null;
  /** The newest run the previous deploy was built with: drift since then is "new since the last deploy". */
  builtRun: string | null;
}

export interface BuildViewOptions {
  now?: Date;
  /** This run's attempts, in memory (the snapshot command); a build reads the store instead. */
  current?: Record<EnvironmentName, Snapshot>;
  /** The last deploy's data; undefined when not asked for, or when it could not be read (see `historyNote`). */
  previous?: PreviousDeploy;
  /** Why there is no `previous` although one was asked for, or that none was asked for; shown with the data. */
  historyNote?: string;
  /**
   * What "new" is measured against: `run` (the run before the newest: "this run is the first
   * to see it", the snapshot command) or `deploy` (the last deploy's newest run, pages). Default `deploy`.
   */
  newSince?: 'run' | 'deploy';
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
    now,
  });
  entries.push(
    ...environmentFindings(service, {
      staging: staging.lastAttempt ?? staging.latestGood,
      production: production.lastAttempt ?? production.latestGood,
    }),
  );
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
  assignCauses(entries);
  let history = newer(await readHistory(store, service.id), options.previous?.history ?? null);
  const run = options.current;
  if (run && staging.latestGood === run.staging && production.latestGood === run.production) {
    // Both answered in this run: it becomes part of the history "since" is computed from.
    history = applyRun(history, run.staging.takenAt, entries);
    await saveHistory(store, service.id, history);
  }
  const baseline =
    options.newSince === 'run' ? history?.previousRun : (options.previous?.builtRun ?? history?.previousRun);
  const drift = sortEntries(withSince(entries, history, baseline ?? undefined));
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
    history: {
      source: options.previous ? 'previous' : 'local',
      ...(options.historyNote ? { note: options.historyNote } : {}),
      ...(baseline ? { baseline } : {}),
      state: history,
    },
  };
}
