/**
 * One snapshot run: pulls both environments of every service concurrently (one shared limit on
 * requests in flight, one overall deadline), stores each attempt, and returns the views.
 */
import pLimit from 'p-limit';
import type { Service } from '../schemas/service.ts';
import { ENVIRONMENTS, type EnvironmentName, type ParityView } from '../schemas/snapshot.ts';
import { probeEnvironment } from './probe.ts';
import { redactText } from './redact.ts';
import { isGood, saveAttempt } from './store.ts';
import { buildView } from './assemble.ts';
import { failedProbes } from './view.ts';
import type { PreviousData } from './previous.ts';

export interface RunOptions {
  services: Service[];
  store: string;
  /** Recorded demo snapshots used when the store has no good snapshot; null to disable. */
  demoDir: string | null;
  /** Requests in flight at once, across every service. */
  concurrency?: number;
  /** Overall deadline for the whole run, in milliseconds. */
  deadlineMs?: number;
  /** Progress lines (already redacted). */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** The last deploy's parity data (`--previous`), as `loadPrevious()` read it. */
  previous?: PreviousData;
}

export interface EnvironmentStatus {
  environment: EnvironmentName;
  /** Whether the environment answered in this run. */
  reachable: boolean;
  ms: number;
}

export interface ServiceResult {
  view: ParityView;
  environments: EnvironmentStatus[];
}

/** 256 requests in flight: about one per environment for 100 services, well under any file-descriptor limit. */
export const DEFAULTS = { concurrency: 256, deadlineMs: 60_000 };

export async function runSnapshots(options: RunOptions): Promise<ServiceResult[]> {
  const limit = pLimit(options.concurrency ?? DEFAULTS.concurrency);
  const deadline = AbortSignal.timeout(options.deadlineMs ?? DEFAULTS.deadlineMs);
  const now = options.now ?? (() => new Date());
  const takenAt = now();
  const log = (line: string) => options.log?.(redactText(line));
  return Promise.all(
    options.services.map(async (service) => {
      const snapshots = await Promise.all(
        ENVIRONMENTS.map(async (environment) => {
          const snapshot = await probeEnvironment(service, environment, takenAt, {
            limit,
            deadline,
            env: options.env,
            now,
          });
          await saveAttempt(options.store, snapshot);
          const failed = failedProbes(snapshot);
          log(
            `${service.id} ${environment}: ${isGood(snapshot) ? 'answered' : 'DOWN'} in ${snapshot.durationMs} ms` +
              (failed.length ? `; failed: ${failed.map((f) => `${f.probe} (${f.code})`).join(', ')}` : ''),
          );
          return snapshot;
        }),
      );
      const [staging, production] = snapshots;
      const environments: EnvironmentStatus[] = snapshots.map((s) => ({
        environment: s.environment,
        reachable: isGood(s),
        ms: s.durationMs,
      }));
      const view = await buildView(service, options.store, options.demoDir, {
        now: now(),
        current: { staging, production },
        previous: options.previous?.forService(service.id),
        historyNote: options.previous?.note,
        // The report's "new": this run is the first to see it.
        newSince: 'run',
      });
      return { view, environments };
    }),
  );
}
