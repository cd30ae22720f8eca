/** Small formatting helpers shared by the parity components (plain functions, easy to test). */
import type { DriftSeverity, ParityView } from '../schemas/snapshot.ts';

/** "3 min", "5 h", "2 days": how old a snapshot was when the site was built. */
export function formatAge(fromIso: string, toIso: string): string {
  const ms = Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** "2026-11-27 10:00 UTC": readable, unambiguous, the same for every reader. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A snapshot older than this at build time is flagged stale. */
export const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export type EnvironmentState = 'ok' | 'down' | 'stale' | 'missing' | 'demo';

/** ok, down (the last attempt failed), stale (old snapshot), missing (never answered), demo (recorded demo snapshot). */
export function environmentState(view: ParityView, environment: 'staging' | 'production'): EnvironmentState {
  const env = view.environments[environment];
  if (!env.latestGood) return 'missing';
  if (env.latestGood.demo) return 'demo';
  if (env.lastAttempt) return 'down';
  if (Date.parse(view.builtAt) - Date.parse(env.latestGood.takenAt) > STALE_AFTER_MS) return 'stale';
  return 'ok';
}

export const severityLabel = (severity: DriftSeverity | null) => (severity === null ? 'in parity' : severity);
export const severityClass = (severity: DriftSeverity | null) => (severity === null ? 'ok' : severity);

/** A value from an environment as text (the component escapes it). */
export function valueText(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'null';
  return String(value);
}

export const stateBadge = (state: EnvironmentState) =>
  state === 'ok' ? 'ok' : state === 'down' || state === 'missing' ? 'critical' : state === 'demo' ? 'info' : 'warning';

/** Failures to list: when every probe failed for one reason, the health failure says it once. */
export function summariseFailures<T extends { probe: string; code?: string }>(
  failures: T[],
): { shown: T[]; hidden: number } {
  const health = failures.find((f) => f.probe === 'health');
  if (health && failures.every((f) => f.code === health.code)) return { shown: [health], hidden: failures.length - 1 };
  return { shown: failures, hidden: 0 };
}
