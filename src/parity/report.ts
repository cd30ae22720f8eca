/** The drift report: the JSON other tools read, the text people read, and the exit code. */
import type { DriftEntry } from '../schemas/snapshot.ts';
import { driftRows, failedProbes, isUnexpected } from './view.ts';
import type { ServiceResult } from './run.ts';

export interface ReportError {
  environment?: string;
  probe?: string;
  code?: string;
  message: string;
}

export interface JsonReport {
  services: {
    id: string;
    demo: boolean;
    worst: string | null;
    same: number;
    /** Where "since" and "new" come from: the previous deploy's history, or the local store only (with why). */
    history: { source: 'previous' | 'local'; note?: string };
    /** Every drift with `since` (first run of its unbroken stretch) and `new` (this run is the first to see it). */
    drift: (DriftEntry & { new: boolean })[];
    errors: ReportError[];
  }[];
  errors: ReportError[];
}

export function toJson(results: ServiceResult[], errors: ReportError[] = []): JsonReport {
  return {
    services: results.map(({ view }) => ({
      id: view.service,
      demo: view.demo,
      worst: view.worst,
      same: view.same,
      history: {
        source: view.history?.source ?? 'local',
        ...(view.history?.note ? { note: view.history.note } : {}),
      },
      drift: view.drift.map((entry) => ({ ...entry, new: entry.new ?? false })),
      errors: (['staging', 'production'] as const).flatMap((environment) => {
        const env = view.environments[environment];
        const failures = env.lastAttempt?.failures ?? failedProbes(env.latestGood);
        return failures.map((f) => ({ environment, probe: f.probe, code: f.code, message: f.reason ?? 'failed' }));
      }),
    })),
    errors,
  };
}

/** 0 no unexpected drift, 1 unexpected drift, 2 error (bad config, or an environment down with strict). */
export function exitCodeOf(results: ServiceResult[], options: { strict: boolean; errors: number }): 0 | 1 | 2 {
  if (options.errors > 0) return 2;
  if (options.strict && results.some((r) => r.environments.some((e) => !e.reachable))) return 2;
  return results.some((r) => r.view.drift.some(isUnexpected)) ? 1 : 0;
}

const LABEL = { critical: 'CRITICAL', warning: 'WARNING ', info: 'info    ' } as const;

const show = (value: unknown) => (value === undefined ? '(missing)' : JSON.stringify(value));

export function toText(results: ServiceResult[], now = new Date()): string {
  const lines: string[] = [];
  for (const { view } of results) {
    const worst = view.worst ? view.worst.toUpperCase() : 'OK';
    lines.push(`${view.service}: ${worst}${view.demo ? ' (recorded demo snapshot)' : ''}`);
    for (const environment of ['staging', 'production'] as const) {
      const env = view.environments[environment];
      const good = env.latestGood;
      const age = good
        ? `${Math.max(0, Math.round((now.getTime() - Date.parse(good.takenAt)) / 60_000))} min old`
        : 'none';
      const state = env.lastAttempt
        ? `DOWN at ${env.lastAttempt.takenAt}, showing ${good?.demo ? 'the recorded demo snapshot' : 'the last good snapshot'} (${age})`
        : good
          ? `ok, snapshot ${good.takenAt}`
          : 'no snapshot';
      lines.push(`  ${environment.padEnd(10)} ${env.url ?? ''}  ${state}`);
    }
    for (const entry of driftRows(view.drift, 'full')) {
      const values =
        entry.class === 'probe-failed' ? '' : `  staging=${show(entry.staging)} production=${show(entry.production)}`;
      const extra = [
        entry.new ? 'NEW' : undefined,
        entry.cause ? `cause: ${entry.cause}` : undefined,
        entry.note,
        entry.reason,
        entry.since ? `since ${entry.since}` : undefined,
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(
        `  ${LABEL[entry.severity]} ${entry.class.padEnd(15)} ${entry.path}${values}${extra ? `  (${extra})` : ''}`,
      );
    }
    lines.push(`  ${view.same} path(s) the same in both environments`);
  }
  return `${lines.join('\n')}\n`;
}

/** GitHub Actions annotations (workflow commands), one per unexpected critical or warning entry. */
export function toAnnotations(results: ServiceResult[]): string {
  const escape = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const lines: string[] = [];
  for (const { view } of results) {
    for (const entry of view.drift.filter((e) => isUnexpected(e) && e.severity !== 'info')) {
      const level = entry.severity === 'critical' ? 'error' : 'warning';
      const values =
        entry.class === 'probe-failed'
          ? (entry.reason ?? '')
          : `staging=${show(entry.staging)} production=${show(entry.production)}`;
      lines.push(
        `::${level} title=${escape(`parity ${view.service}`).replace(/[,:]/g, ' ')}::${escape(`${entry.class} ${entry.path} ${values}`)}`,
      );
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
