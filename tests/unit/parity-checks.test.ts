import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCheck, evaluateChecks } from '../../src/parity/checks.ts';
import { changeSchema, expectedCheckSchema } from '../../src/schemas/change.ts';
import { snapshotSchema, type ParityView } from '../../src/schemas/snapshot.ts';

const demo = (env: string) =>
  snapshotSchema.parse(
    JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, `../../content/.parity-demo/checkout-api/${env}/latest.json`),
        'utf8',
      ),
    ),
  );
const view: ParityView = {
  service: 'checkout-api',
  demo: true,
  builtAt: '2026-11-27T12:00:00.000Z',
  environments: {
    staging: { url: 'http://127.0.0.1:18001/', latestGood: demo('staging'), lastAttempt: null },
    production: { url: 'http://127.0.0.1:18002/', latestGood: demo('production'), lastAttempt: null },
  },
  drift: [],
  same: 0,
  worst: null,
};
const check = (input: unknown) => expectedCheckSchema.parse(input);

describe('expected checks against the recorded demo snapshots', () => {
  it.each([
    [{ path: 'headers./.strict-transport-security', env: 'production', op: 'present' }, 'fail'],
    [{ path: 'headers./.strict-transport-security', env: 'staging', op: 'present' }, 'pass'],
    [{ path: 'headers./.strict-transport-security.max-age', env: 'staging', op: 'gte', value: 15552000 }, 'pass'],
    [{ path: 'limits.max_upload_bytes', op: 'gte', value: 10485760 }, 'pass'],
    [{ path: 'limits.max_upload_bytes', env: 'both', op: 'gte', value: 20971520 }, 'fail'],
    [{ path: 'packages.fastapi', op: 'same' }, 'pass'],
    [{ path: 'packages.checkout-rules', op: 'same' }, 'fail'],
    [{ path: 'config.flags.new_checkout', env: 'staging', op: 'equals', value: true }, 'pass'],
    [{ path: 'runtime.python', op: 'matches', value: '^3\\.11\\.' }, 'pass'],
    [{ path: 'headers./.server', op: 'absent' }, 'pass'],
  ])('%j → %s', (input, status) => {
    const result = evaluateCheck(check(input), view, 'checkout-api');
    expect(result.status).toBe(status);
    expect(Object.values(result.takenAt)[0]).toBe(demo('production').takenAt);
  });

  it('is unknown without snapshots', () => {
    expect(evaluateCheck(check({ path: 'x', op: 'present' }), undefined, 'nope')).toMatchObject({ status: 'unknown' });
  });

  it('checks a check without a service against every service of the note, one with a service against it alone', () => {
    const rows = evaluateChecks(
      [check({ path: 'packages.fastapi', op: 'same' }), check({ path: 'x', op: 'absent', service: 'checkout-api' })],
      ['checkout-api', 'media-api'],
      new Map([['checkout-api', view]]),
    );
    expect(rows.map((row) => `${row.check.path} ${row.result.service} ${row.result.status}`)).toEqual([
      'packages.fastapi checkout-api pass',
      'packages.fastapi media-api unknown',
      'x checkout-api pass',
    ]);
  });
});

describe('checks in change-note frontmatter', () => {
  const note = (checks: unknown) =>
    changeSchema.safeParse({
      title: 'T',
      date: '2026-11-20',
      services: ['checkout-api'],
      owner: 'payments',
      reason: 'r',
      expectedResult: 'e',
      rollback: 'r',
      status: 'shipped',
      checks,
    });

  it('says what to write when a value is missing or wrong', () => {
    const result = note([
      { path: 'limits.max_upload_bytes', op: 'gte' },
      { path: 'a', op: 'present', value: 1 },
      { path: 'b', op: 'lte', value: 'ten' },
      { path: 'c', op: 'matches', value: '(' },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toMatchInlineSnapshot(`
      [
        "checks.0.value: op "gte" needs a value, like value: 10485760",
        "checks.1.value: op "present" takes no value: remove value, or use op: equals",
        "checks.2.value: op "lte" compares numbers: write a number, like 10485760",
        "checks.3.value: not a valid regular expression",
      ]
    `);
  });

  it('defaults env to production and checks to none', () => {
    expect(note(undefined).data?.checks).toEqual([]);
    expect(note([{ path: 'x', op: 'present' }]).data?.checks[0].env).toBe('production');
  });
});
