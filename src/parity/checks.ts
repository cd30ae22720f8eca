/**
 * Expected results that check themselves: a change note states checks on snapshot paths and
 * its page shows each passed or failed against the latest snapshot.
 */
import type { ExpectedCheck } from '../schemas/change.ts';
import type { EnvironmentName, ParityView, Snapshot, Tree } from '../schemas/snapshot.ts';
import { display, flatten } from './diff.ts';

type Leaf = string | number | boolean | null;

export interface CheckResult {
  service: string;
  environment: EnvironmentName | 'both';
  status: 'pass' | 'fail' | 'unknown';
  /** What the snapshot holds at the path, per environment. */
  found: Partial<Record<EnvironmentName, Leaf | undefined>>;
  /** Why it failed or is unknown. */
  detail?: string;
  /** Time of the snapshot(s) checked. */
  takenAt: Partial<Record<EnvironmentName, string>>;
  demo: boolean;
}

/** The value at a dotted path: a leaf, or a subtree shown as one value; undefined when absent. */
export function valueAt(snapshot: Snapshot, path: string): Leaf | undefined {
  const leaves = flatten(snapshot.data);
  if (leaves.has(path)) return leaves.get(path);
  const prefix = `${path}.`;
  const under = [...leaves].filter(([key]) => key.startsWith(prefix));
  if (under.length === 0) return undefined;
  const tree: Tree = {};
  for (const [key, value] of under) tree[key.slice(prefix.length)] = value;
  return display(tree);
}

function test(check: ExpectedCheck, value: Leaf | undefined): { ok: boolean; detail?: string } {
  switch (check.op) {
    case 'present':
      return { ok: value !== undefined, detail: value === undefined ? 'missing' : undefined };
    case 'absent':
      return { ok: value === undefined, detail: value !== undefined ? 'present' : undefined };
    case 'equals':
      return {
        ok: value !== undefined && String(value) === String(check.value),
        detail: `expected ${JSON.stringify(check.value)}`,
      };
    case 'gte':
    case 'lte': {
      const n = typeof value === 'number' ? value : Number(value);
      if (value === undefined || value === null || !Number.isFinite(n)) return { ok: false, detail: 'not a number' };
      const limit = Number(check.value);
      return {
        ok: check.op === 'gte' ? n >= limit : n <= limit,
        detail: `expected ${check.op === 'gte' ? '≥' : '≤'} ${limit}`,
      };
    }
    case 'matches':
      return {
        ok: value !== undefined && new RegExp(String(check.value)).test(String(value)),
        detail: `expected to match /${String(check.value)}/`,
      };
    default:
      return { ok: false, detail: 'unknown operator' };
  }
}

export function evaluateCheck(check: ExpectedCheck, view: ParityView | undefined, serviceId: string): CheckResult {
  const base = { service: serviceId, environment: check.env, found: {}, takenAt: {}, demo: view?.demo ?? false };
  if (!view) return { ...base, status: 'unknown', detail: 'no parity snapshots for this service' };
  const environments: EnvironmentName[] =
    check.env === 'both' || check.op === 'same' ? ['staging', 'production'] : [check.env];
  const found: CheckResult['found'] = {};
  const takenAt: CheckResult['takenAt'] = {};
  for (const environment of environments) {
    const snapshot = view.environments[environment].latestGood;
    if (!snapshot) return { ...base, status: 'unknown', detail: `no snapshot of ${environment} yet` };
    found[environment] = valueAt(snapshot, check.path);
    takenAt[environment] = snapshot.takenAt;
  }
  if (check.op === 'same') {
    const ok = found.staging !== undefined && JSON.stringify(found.staging) === JSON.stringify(found.production);
    return {
      ...base,
      found,
      takenAt,
      status: ok ? 'pass' : 'fail',
      detail: ok ? undefined : 'staging and production differ',
    };
  }
  const failures = environments
    .map((environment) => ({ environment, ...test(check, found[environment]) }))
    .filter((r) => !r.ok);
  return {
    ...base,
    found,
    takenAt,
    status: failures.length === 0 ? 'pass' : 'fail',
    detail: failures.length ? failures.map((f) => `${f.environment}: ${f.detail ?? 'failed'}`).join('; ') : undefined,
  };
}

/** One expected check against one service. */
export interface CheckRow {
  check: ExpectedCheck;
  result: CheckResult;
}

/**
 * A change note's checks against the latest views of its services: a check naming a service
 * is checked there, one without against each service of the note.
 */
export function evaluateChecks(
  checks: ExpectedCheck[],
  services: string[],
  views: ReadonlyMap<string, ParityView>,
): CheckRow[] {
  return checks.flatMap((check) =>
    (check.service ? [check.service] : services).map((serviceId) => ({
      check,
      result: evaluateCheck(check, views.get(serviceId), serviceId),
    })),
  );
}
