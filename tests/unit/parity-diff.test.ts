import { describe, expect, it } from 'vitest';
import { compare, ruleMatches, worstSeverity } from '../../src/parity/diff.ts';
import type { Snapshot, Tree } from '../../src/schemas/snapshot.ts';

const snap = (
  environment: 'staging' | 'production',
  data: Tree,
  probes: Snapshot['probes'] = { health: { ok: true, ms: 1 } },
): Snapshot => ({
  format: 'paritybook-snapshot/1',
  service: 'svc',
  environment,
  url: `http://${environment}`,
  takenAt: '2026-11-27T10:00:00.000Z',
  durationMs: 1,
  demo: false,
  data,
  observed: { health: { latency_ms: environment === 'staging' ? 3 : 90 } },
  probes,
});

const base: Tree = {
  health: { ok: true, status: 200 },
  packages: { fastapi: '0.92.0' },
  headers: {
    '/': {
      'strict-transport-security': { 'max-age': 31536000, includesubdomains: true, preload: false },
      'x-frame-options': 'deny',
    },
  },
};
const clone = (tree: Tree): Tree => structuredClone(tree);
const summary = (entries: ReturnType<typeof compare>['entries']) =>
  entries.map((e) => `${e.severity} ${e.class} ${e.path}`);

describe('compare', () => {
  it('reports nothing for identical environments, latencies and URLs included', () => {
    const result = compare({
      service: { expectedDrift: [] },
      staging: snap('staging', base),
      production: snap('production', base),
    });
    expect(result.entries).toEqual([]);
    expect(result.same).toBe(7);
  });

  it('classes a missing security header in production as critical, and a package drift as warning', () => {
    const production = clone(base);
    delete (production.headers as Tree)['/'] && ((production.headers as Tree)['/'] = { 'x-frame-options': 'deny' });
    (production.packages as Tree).fastapi = '0.91.0';
    const { entries } = compare({
      service: { expectedDrift: [] },
      staging: snap('staging', base),
      production: snap('production', production),
    });
    expect(summary(entries)).toEqual([
      'critical only-staging headers./.strict-transport-security',
      'warning drift packages.fastapi',
    ]);
    expect(entries[0]).toMatchObject({ staging: 'max-age=31536000; includesubdomains' });
    expect(entries[0]).not.toHaveProperty('production');
    expect(entries[1]).toMatchObject({ staging: '0.92.0', production: '0.91.0', note: 'staging is ahead (minor)' });
  });

  it('calls a lower HSTS max-age in production critical but a higher one a warning', () => {
    const weaker = clone(base);
    ((weaker.headers as Tree)['/'] as Tree)['strict-transport-security'] = {
      'max-age': 300,
      includesubdomains: true,
      preload: false,
    };
    const stronger = clone(base);
    ((stronger.headers as Tree)['/'] as Tree)['strict-transport-security'] = {
      'max-age': 63072000,
      includesubdomains: true,
      preload: false,
    };
    expect(
      summary(
        compare({
          service: { expectedDrift: [] },
          staging: snap('staging', base),
          production: snap('production', weaker),
        }).entries,
      ),
    ).toEqual(['critical drift headers./.strict-transport-security.max-age']);
    expect(
      summary(
        compare({
          service: { expectedDrift: [] },
          staging: snap('staging', base),
          production: snap('production', stronger),
        }).entries,
      ),
    ).toEqual(['warning drift headers./.strict-transport-security.max-age']);
  });

  it('classes expected drift as info with its reason, with globs', () => {
    const production = clone(base);
    (production.packages as Tree).fastapi = '0.93.0';
    const { entries } = compare({
      service: { expectedDrift: [{ path: 'packages.*', reason: 'upgrade rolls out to staging first' }] },
      staging: snap('staging', base),
      production: snap('production', production),
    });
    expect(entries).toEqual([
      {
        path: 'packages.fastapi',
        staging: '0.92.0',
        production: '0.93.0',
        class: 'expected',
        severity: 'info',
        reason: 'upgrade rolls out to staging first',
        note: 'production is ahead (minor)',
      },
    ]);
    expect(worstSeverity(entries)).toBeNull();
  });

  it('reports production broken on both sides as critical even when the values are the same', () => {
    const broken = { ...clone(base), health: { ok: false, status: 503 } };
    const { entries } = compare({
      service: { expectedDrift: [] },
      staging: snap('staging', broken),
      production: snap('production', broken),
    });
    expect(summary(entries)).toEqual(['critical same health.ok']);
  });

  it('does not compare paths of a probe that failed; it reports the failure once instead', () => {
    const production = clone(base);
    delete production.packages;
    const { entries } = compare({
      service: { expectedDrift: [] },
      staging: snap('staging', base),
      production: snap('production', production, {
        health: { ok: true, ms: 1 },
        parity: { ok: false, code: 'invalid-json', reason: 'GET /__parity did not return valid JSON', ms: 2 },
      }),
    });
    expect(entries).toEqual([
      {
        path: 'parity',
        production: 'failed (invalid-json)',
        class: 'probe-failed',
        severity: 'warning',
        reason: 'production: GET /__parity did not return valid JSON',
      },
    ]);
  });

  it('reports a production that did not answer as one critical entry', () => {
    const { entries } = compare({
      service: { expectedDrift: [] },
      staging: snap('staging', base),
      production: snap('production', base),
      failures: {
        staging: [],
        production: [
          { probe: 'health', code: 'unreachable', reason: 'could not connect' },
          { probe: 'parity', code: 'unreachable', reason: 'could not connect' },
        ],
      },
    });
    expect(summary(entries)).toEqual(['critical probe-failed health']);
  });
});

describe('ruleMatches', () => {
  it.each([
    ['version.commit', 'version.commit', true],
    ['version', 'version.commit', true],
    ['packages.*', 'packages.fastapi', true],
    ['packages.*', 'packages.fastapi.extra', true],
    ['headers.*.x-frame-options', 'headers./.x-frame-options', true],
    ['**.commit', 'a.b.commit', true],
    ['version.commit', 'version.commits', false],
    ['packages.fast*', 'packages.flask', false],
  ])('%s on %s is %s', (rule, path, expected) => expect(ruleMatches(rule, path)).toBe(expected));
});
