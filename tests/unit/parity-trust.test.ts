/** Expiring expected drift in the content check, root causes, and history "since"/"new". */
import { describe, expect, it } from 'vitest';
import { checkExpectedDrift } from '../../src/content-check/expected-drift.ts';
import type { SourceFile } from '../../src/content-check/read.ts';
import { assignCauses, groupRows } from '../../src/parity/causes.ts';
import { applyRun, withSince } from '../../src/parity/history.ts';
import { driftEntry } from '../support/parity.ts';

const file = { file: 'content/services/a.yaml', collection: 'services', lineOf: () => 7 } as unknown as SourceFile;
const service = (expires: string) => ({
  expectedDrift: [{ path: 'version.commit', reason: 'release candidate', owner: 'payments', expires }],
});

describe('expected-drift expiry in npm run check', () => {
  const today = new Date('2026-11-27T00:00:00Z');
  it('warns 14 days ahead and after expiry, naming the owner; stays quiet before', () => {
    const at = (expires: string) => checkExpectedDrift(new Map([[file, service(expires)]]), today);
    expect(at('2026-12-12')).toEqual([]);
    expect(at('2026-12-11')[0]).toMatchObject({
      severity: 'warning',
      line: 7,
      found: 'the rule for version.commit expires on 2026-12-11, in 14 days',
      expected: expect.stringMatching(/^payments to decide: /),
    });
    expect(at('2026-11-26')[0].found).toBe(
      'the rule for version.commit expired on 2026-11-26: its drift shows as a warning again',
    );
  });
});

const drift = (path: string, staging: string, production: string) =>
  driftEntry(path, 'drift', 'warning', { staging, production });

describe('root causes', () => {
  it('folds one change on several paths, and many siblings under one parent, into one row each', () => {
    const entries = assignCauses(
      Object.entries({
        'version.version': ['1.9.0', '1.8.0'],
        'packages.checkout-rules': ['1.9.0', '1.8.0'],
        'headers./.content-security-policy.img-src': ['a', 'b'],
        'headers./.content-security-policy.script-src': ['c', 'd'],
        'headers./.content-security-policy.style-src': ['e', 'f'],
        'limits.max_upload_bytes': ['1', '2'],
      }).map(([path, [staging, production]]) => drift(path, staging, production)),
    );
    expect(groupRows(entries).map((g) => `${g.cause ?? g.rows[0].path} ${g.rows.length}`)).toEqual([
      '1.9.0 in staging, 1.8.0 in production 2',
      'headers./.content-security-policy changed 3',
      'limits.max_upload_bytes 1',
    ]);
  });
});

describe('history', () => {
  it('keeps since across runs and marks only what a run sees first as new', () => {
    const a = drift('packages.fastapi', '1', '2');
    const b = drift('version.version', '3', '4');
    const one = applyRun(null, '2026-11-27T10:00:00.000Z', [a]);
    const two = applyRun(one, '2026-11-27T10:15:00.000Z', [a, b]);
    expect(withSince([a, b], two, two.previousRun)).toMatchObject([
      { since: '2026-11-27T10:00:00.000Z', new: false },
      { since: '2026-11-27T10:15:00.000Z', new: true },
    ]);
    // A break in the stretch starts it again.
    const three = applyRun(two, '2026-11-27T10:30:00.000Z', [b]);
    const four = applyRun(three, '2026-11-27T10:45:00.000Z', [a, b]);
    expect(withSince([a], four)[0].since).toBe('2026-11-27T10:45:00.000Z');
    expect(four.trend.map((t) => t.warning)).toEqual([2, 1, 2, 1]);
  });
});
