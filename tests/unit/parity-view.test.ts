import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { driftRows, failedProbes, isUnexpected, observedRows, parityPanel } from '../../src/parity/view.ts';
import { snapshotSchema, type DriftEntry, type ParityView, type Snapshot } from '../../src/schemas/snapshot.ts';
import { driftEntry } from '../support/parity.ts';

const demo = (service: string, env: 'staging' | 'production'): Snapshot =>
  snapshotSchema.parse(
    JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, `../../content/.parity-demo/${service}/${env}/latest.json`),
        'utf8',
      ),
    ),
  );

const entry = driftEntry;
const drift: DriftEntry[] = [
  entry('health.ok', 'same', 'critical'),
  entry('headers./.x-frame-options', 'only-staging', 'critical'),
  entry('packages.fastapi', 'drift', 'warning'),
  entry('metrics', 'probe-failed', 'warning'),
  entry('version.commit', 'expected', 'info'),
  entry('runtime.python', 'same', 'warning'),
];

const view = (overrides: Partial<ParityView> = {}): ParityView => ({
  service: 'checkout-api',
  demo: true,
  builtAt: '2026-11-27T17:00:00.000Z',
  environments: {
    staging: { url: 'http://127.0.0.1:18001/', latestGood: demo('checkout-api', 'staging'), lastAttempt: null },
    production: { url: 'http://127.0.0.1:18002/', latestGood: demo('checkout-api', 'production'), lastAttempt: null },
  },
  drift,
  same: 12,
  worst: 'critical',
  ...overrides,
});

describe('failedProbes', () => {
  it('lists the failed probes of a snapshot with code and reason, in snapshot order', () => {
    expect(
      failedProbes({
        probes: {
          health: { ok: true, ms: 3 },
          parity: { ok: false, code: 'invalid-json', reason: 'GET /__parity did not return valid JSON', ms: 4 },
          tls: { ok: false, code: 'timeout', ms: 5000 },
        },
      }),
    ).toEqual([
      { probe: 'parity', code: 'invalid-json', reason: 'GET /__parity did not return valid JSON' },
      { probe: 'tls', code: 'timeout', reason: undefined },
    ]);
  });

  it('finds none in a snapshot that answered, and none without a snapshot', () => {
    expect(failedProbes(demo('checkout-api', 'staging'))).toEqual([]);
    expect(failedProbes(null)).toEqual([]);
  });
});

describe('driftRows', () => {
  it('lists everything but plain sameness in full, and only unexpected drift when compact', () => {
    expect(driftRows(drift, 'full').map((e) => e.path)).toEqual([
      'health.ok',
      'headers./.x-frame-options',
      'packages.fastapi',
      'metrics',
      'version.commit',
    ]);
    expect(driftRows(drift, 'compact').map((e) => e.path)).toEqual([
      'health.ok',
      'headers./.x-frame-options',
      'packages.fastapi',
      'metrics',
    ]);
    expect(driftRows(drift, 'compact')).toEqual(drift.filter(isUnexpected));
  });
});

describe('observedRows', () => {
  it('reads the typed observed values of both environments and leaves out what neither has', () => {
    expect(observedRows(view())).toEqual([
      { label: 'Health latency (ms)', staging: 336, production: 269 },
      { label: 'Error rate (5xx share)', staging: 0, production: 0 },
      { label: 'Latency p95 (ms)', staging: 25, production: 25 },
      { label: 'CDN, second request', staging: 'hit (cache-status)', production: 'hit (x-cache)' },
    ]);
  });

  it('shows a value one environment lacks as undefined, and certificate rows for https', () => {
    const production = {
      ...demo('checkout-api', 'production'),
      observed: {
        tls: {
          subject: 'CN=checkout.example.com',
          valid_to: '2027-01-01T00:00:00.000Z',
          days_left: 35,
          authorization_error: null,
        },
      },
    };
    const rows = observedRows(
      view({
        environments: {
          ...view().environments,
          production: { url: 'https://checkout.example.com/', latestGood: production, lastAttempt: null },
        },
      }),
    );
    expect(rows.map((row) => [row.label, row.staging, row.production])).toEqual([
      ['Health latency (ms)', 336, undefined],
      ['Error rate (5xx share)', 0, undefined],
      ['Latency p95 (ms)', 25, undefined],
      ['CDN, second request', 'hit (cache-status)', undefined],
      ['Certificate days left', undefined, 35],
      ['Certificate valid to', undefined, '2027-01-01T00:00:00.000Z'],
    ]);
  });
});

describe('parityPanel', () => {
  it('prepares a full panel with every shown row and the observed values', () => {
    const panel = parityPanel('checkout-api', view(), 'full');
    expect(panel.rows).toHaveLength(5);
    expect(panel.hiddenExpected).toBe(0);
    expect(panel.observed).toHaveLength(4);
  });

  it('prepares a compact panel that counts the expected drift it leaves out and lists no observed values', () => {
    const panel = parityPanel('checkout-api', view(), 'compact');
    expect(panel.rows.map((e) => e.class)).not.toContain('expected');
    expect(panel.hiddenExpected).toBe(1);
    expect(panel.observed).toEqual([]);
  });

  it('prepares an empty panel for a service without parity data', () => {
    expect(parityPanel('ghost-api', undefined, 'full')).toEqual({
      serviceId: 'ghost-api',
      detail: 'full',
      view: undefined,
      rows: [],
      hiddenExpected: 0,
      observed: [],
      groups: [],
      asOf: null,
    });
  });
});

describe('observed values in a snapshot', () => {
  const snapshot = demo('media-api', 'staging');

  it('are typed: a value of the wrong kind fails with its path', () => {
    const result = snapshotSchema.safeParse({
      ...snapshot,
      observed: { ...snapshot.observed, cache: { ...snapshot.observed.cache, second_request: 'HIT!' } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['observed.cache.second_request']);
  });

  it('are bounded like every other string from an environment', () => {
    const result = snapshotSchema.safeParse({
      ...snapshot,
      observed: {
        ...snapshot.observed,
        parity: { generated_at: 'x'.repeat(65), environment: 'staging', service: 'm' },
      },
    });
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'observed.parity.generated_at: longer than 64 characters',
    ]);
  });
});
