/**
 * Compares two snapshots path by path and classes every difference. Severity follows one rule:
 * critical where production is weaker or broken, warning for other drift, info for expected.
 */
import diff from 'microdiff';
import semver from 'semver';
import type { Service } from '../schemas/service.ts';
import type { DriftClass, DriftEntry, DriftSeverity, ProbeName, Snapshot, Tree } from '../schemas/snapshot.ts';
import { SECURITY_HEADERS } from './normalise.ts';
import { failedProbes, isUnexpected, type FailedProbe } from './view.ts';

type Leaf = string | number | boolean | null;
type Value = Tree | Leaf;

/** Probe that produced the values under each top-level key of a snapshot's data. */
const PROBE_OF: Record<string, ProbeName> = {
  health: 'health',
  version: 'parity',
  runtime: 'parity',
  packages: 'parity',
  migrations: 'parity',
  config: 'parity',
  limits: 'parity',
  checks: 'parity',
  headers: 'headers',
  cache: 'cache',
  tls: 'tls',
  upload: 'upload',
  metrics: 'metrics',
};

export const joinPath = (segments: (string | number)[]) => segments.map(String).join('.');

/** An object shown as one value: `max-age=31536000; includesubdomains`. */
export function display(value: Value | undefined): Leaf | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return value;
  return Object.entries(value)
    .filter(([, v]) => v !== false && v !== null && v !== '')
    .map(([k, v]) => (v === true ? k : `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`))
    .join('; ');
}

/** Leaves of a tree by dotted path. */
export function flatten(tree: Tree, prefix: string[] = [], out = new Map<string, Leaf>()): Map<string, Leaf> {
  for (const [key, value] of Object.entries(tree)) {
    const path = [...prefix, key];
    if (value !== null && typeof value === 'object') flatten(value, path, out);
    else out.set(joinPath(path), value);
  }
  return out;
}

/** `*` matches one segment, `**` any number; a rule also covers everything under its path. */
export function ruleMatches(rule: string, path: string): boolean {
  const pattern = rule
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('[^.]*'),
    )
    .join('.*');
  return new RegExp(`^${pattern}(?:\\..*)?$`).test(path);
}

const isSecurityHeaderPath = (segments: string[]) =>
  segments[0] === 'headers' && segments.length >= 3 && (SECURITY_HEADERS as readonly string[]).includes(segments[2]);

/** True when production's value on its own means production is broken, whatever staging says. */
function productionBroken(segments: string[], production: Value | undefined): boolean {
  const [top, second] = segments;
  if (production === undefined) return false;
  if (top === 'health' && second === 'ok') return production === false;
  if (top === 'migrations' && second === 'in_sync') return production === false;
  if (top === 'checks') return typeof production === 'string' && !/^(ok|pass|passed|healthy|up)$/i.test(production);
  if (top === 'tls' && second === 'expires_within_14_days') return production === true;
  if (top === 'tls' && second === 'authorized') return production === false;
  return false;
}

/** Is production's security header weaker than staging's? Unknown counts as not weaker. */
function weakerSecurity(segments: string[], staging: Value | undefined, production: Value | undefined): boolean {
  if (production === undefined) return staging !== undefined; // missing in production
  const header = segments[2];
  const part = segments[3];
  if (header === 'strict-transport-security') {
    if (part === 'max-age')
      return (
        typeof staging === 'number' && (production === null || (typeof production === 'number' && production < staging))
      );
    if (part === 'includesubdomains' || part === 'preload') return staging === true && production === false;
  }
  if (header === 'x-content-type-options') return staging === 'nosniff' && production !== 'nosniff';
  if (header === 'x-frame-options') return staging === 'deny' && production !== 'deny';
  return false;
}

function severityOf(
  klass: DriftClass,
  segments: string[],
  staging: Value | undefined,
  production: Value | undefined,
): DriftSeverity {
  if (klass === 'expected') return 'info';
  if (productionBroken(segments, production)) return 'critical';
  if (segments[0] === 'health' && segments[1] === 'status' && typeof production === 'number' && production >= 500)
    return 'critical';
  if (isSecurityHeaderPath(segments) && weakerSecurity(segments, staging, production)) return 'critical';
  if (segments[0] === 'config' && segments[1] === 'secrets_present' && staging === true && production !== true)
    return 'critical';
  return 'warning';
}

/** Paths that hold version numbers (not hashes or URLs). */
const isVersionPath = (segments: string[]) =>
  segments[0] === 'packages' || segments[0] === 'runtime' || (segments[0] === 'version' && segments[1] === 'version');

/** Which side is ahead, for versions that parse as semver. */
function versionNote(staging: Value | undefined, production: Value | undefined): string | undefined {
  if (typeof staging !== 'string' || typeof production !== 'string') return undefined;
  const a = semver.coerce(staging, { loose: true });
  const b = semver.coerce(production, { loose: true });
  if (!a || !b || semver.eq(a, b)) return undefined;
  const kind = semver.diff(a, b) ?? 'version';
  return semver.gt(a, b) ? `staging is ahead (${kind})` : `production is ahead (${kind})`;
}

export interface CompareInput {
  service: Pick<Service, 'expectedDrift'>;
  /** Day expected-drift rules are measured against (default: now). */
  now?: Date;
  staging: Snapshot | null;
  production: Snapshot | null;
  /** Failures of the latest attempts (which may be newer than the snapshots compared). */
  failures?: { staging: FailedProbe[]; production: FailedProbe[] };
}

export interface Comparison {
  entries: DriftEntry[];
  same: number;
}

/**
 * Compares staging with production. Paths under a probe that failed on either side are not
 * compared (a missing value there means "unknown", not "absent"); each failure is one
 * `probe-failed` entry instead.
 */
export function compare({ service, staging, production, failures, now = new Date() }: CompareInput): Comparison {
  const entries: DriftEntry[] = [];
  const skip = new Set([...failedProbes(staging), ...failedProbes(production)].map((failure) => failure.probe));
  const today = now.toISOString().slice(0, 10);
  const matching = (path: string) => service.expectedDrift.filter((r) => ruleMatches(r.path, path));
  const rule = (path: string) => matching(path).find((r) => !ruleExpired(r, today));
  const expiredRule = (path: string) => matching(path).find((r) => ruleExpired(r, today));

  const stagingData = staging?.data ?? {};
  const productionData = production?.data ?? {};
  const compared = (segments: (string | number)[]) => {
    const probe = PROBE_OF[String(segments[0])];
    // Probes only one side ran cannot be compared either: one environment is missing entirely.
    return !(probe && skip.has(probe)) && staging !== null && production !== null;
  };

  for (const change of diff(stagingData, productionData)) {
    if (!compared(change.path)) continue;
    const segments = change.path.map(String);
    const path = joinPath(segments);
    // Trust is a finding about one environment (src/parity/findings.ts), not a comparison.
    if (path === 'tls.authorized') continue;
    const s = change.type === 'CREATE' ? undefined : (change.oldValue as Value);
    const p = change.type === 'REMOVE' ? undefined : (change.value as Value);
    let klass: DriftClass =
      change.type === 'CREATE' ? 'only-production' : change.type === 'REMOVE' ? 'only-staging' : 'drift';
    const matched = rule(path);
    if (matched) klass = 'expected';
    const expired = matched ? undefined : expiredRule(path);
    entries.push({
      path,
      ...(s !== undefined ? { staging: display(s) } : {}),
      ...(p !== undefined ? { production: display(p) } : {}),
      class: klass,
      severity: severityOf(klass, segments, s, p),
      ...(matched ? { reason: matched.reason } : {}),
      ...(expired ? { reason: `expected-drift rule expired on ${expired.expires}: ${expired.reason}` } : {}),
      ...((klass === 'drift' || klass === 'expected') && isVersionPath(segments)
        ? optional('note', versionNote(s, p))
        : {}),
    });
  }

  // Same on both sides, yet production is broken: still worth a line.
  const stagingLeaves = flatten(stagingData);
  const differing = new Set(entries.map((e) => e.path));
  let same = 0;
  for (const [path, value] of flatten(productionData)) {
    if (differing.has(path) || !stagingLeaves.has(path)) continue;
    const segments = path.split('.');
    if (!compared(segments)) continue;
    if (entries.some((e) => path.startsWith(`${e.path}.`))) continue;
    same++;
    if (path === 'tls.authorized') continue;
    if (productionBroken(segments, value)) {
      entries.push({
        path,
        staging: stagingLeaves.get(path),
        production: value,
        class: 'same',
        severity: 'critical',
        reason: 'production is broken on both sides',
      });
    }
  }

  const failureSides: [keyof NonNullable<CompareInput['failures']>, Snapshot | null][] = [
    ['staging', staging],
    ['production', production],
  ];
  const seen = new Set<string>();
  for (const [side, snapshot] of failureSides) {
    const list = failures?.[side] ?? failedProbes(snapshot);
    // A side that did not answer fails every probe for the same reason: its health failure says it once.
    const down = list.some((f) => f.probe === 'health');
    for (const failure of down ? list.filter((f) => f.probe === 'health') : list) {
      const key = `${side}:${failure.probe}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = `failed${failure.code ? ` (${failure.code})` : ''}`;
      entries.push({
        path: failure.probe,
        ...(side === 'staging' ? { staging: text } : { production: text }),
        class: 'probe-failed',
        severity: side === 'production' && failure.probe === 'health' ? 'critical' : 'warning',
        ...(failure.reason ? { reason: `${side}: ${failure.reason}` } : {}),
      });
    }
  }
  if (staging === null || production === null) {
    for (const [side, snapshot] of failureSides) {
      if (snapshot === null && !failures?.[side]?.length) {
        entries.push({
          path: 'snapshot',
          [side]: 'missing',
          class: 'probe-failed',
          severity: 'warning',
          reason: `${side}: no snapshot yet`,
        });
      }
    }
  }
  return { entries: sortEntries(entries), same };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Whether an expected-drift rule's last day (`expires`, YYYY-MM-DD) is before `today` (YYYY-MM-DD). */
export const ruleExpired = (rule: { expires?: string }, today: string) =>
  rule.expires !== undefined && rule.expires < today;

const SEVERITY_ORDER: Record<DriftSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** A misrouted environment first (every other row may be about the wrong system), then new drift. */
const rank = (entry: DriftEntry) => (entry.class === 'misrouted' ? 0 : entry.new ? 1 : 2);

/** Misrouted first, then new drift, then by severity and path. */
export function sortEntries(entries: DriftEntry[]): DriftEntry[] {
  return entries.sort(
    (a, b) =>
      rank(a) - rank(b) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.path.localeCompare(b.path),
  );
}

export function worstSeverity(entries: DriftEntry[]): DriftSeverity | null {
  const unexpected = entries.filter(isUnexpected);
  if (unexpected.length === 0) return null;
  return unexpected.map((e) => e.severity).sort((a, b) => SEVERITY_ORDER[a] - SEVERITY_ORDER[b])[0];
}

/** The same drift, for the "since" computation: same path, class and values. */
export const driftKey = (entry: DriftEntry) =>
  JSON.stringify([entry.path, entry.class, entry.staging ?? null, entry.production ?? null]);
