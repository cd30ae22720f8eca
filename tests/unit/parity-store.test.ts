import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY_KEEP, saveAttempt } from '../../src/parity/store.ts';
import { buildView } from '../../src/parity/assemble.ts';
import { serviceSchema } from '../../src/schemas/service.ts';
import type { Snapshot } from '../../src/schemas/snapshot.ts';
import { scratchDir } from '../support/scratch.ts';

const service = serviceSchema.parse({
  id: 'svc',
  name: 'Svc',
  owner: 'ops',
  environments: { staging: { url: 'http://127.0.0.1:1' }, production: { url: 'http://127.0.0.1:2' } },
});

const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 10, minute)).toISOString();
function snap(
  environment: 'staging' | 'production',
  minute: number,
  options: { down?: boolean; fastapi?: string } = {},
): Snapshot {
  return {
    format: 'paritybook-snapshot/1',
    service: 'svc',
    environment,
    url: `http://${environment}`,
    takenAt: at(minute),
    durationMs: 5,
    demo: false,
    data: options.down ? {} : { health: { ok: true, status: 200 }, packages: { fastapi: options.fastapi ?? '0.92.0' } },
    observed: {},
    probes: options.down
      ? {
          health: {
            ok: false,
            code: 'unreachable',
            reason: 'could not connect to http://127.0.0.1:2/ (ECONNREFUSED)',
            ms: 1,
          },
        }
      : { health: { ok: true, ms: 1 }, parity: { ok: true, ms: 1 } },
  };
}

async function run(store: string, minute: number, production: { down?: boolean; fastapi?: string } = {}) {
  const staging = snap('staging', minute);
  const prod = snap('production', minute, production);
  await saveAttempt(store, staging);
  await saveAttempt(store, prod);
  return buildView(service, store, null, { current: { staging, production: prod }, now: new Date(at(minute)) });
}

describe('snapshot store and views', () => {
  it('shows the last good snapshot, its failure and the drift since it began when production goes down', async () => {
    const store = scratchDir('paritybook-store-');
    await run(store, 0);
    await run(store, 1, { fastapi: '0.91.0' });
    await run(store, 2, { fastapi: '0.91.0' });
    const down = await run(store, 3, { down: true });
    expect(down.environments.production.latestGood?.takenAt).toBe(at(2));
    expect(down.environments.production.lastAttempt).toEqual({
      takenAt: at(3),
      failures: [
        { probe: 'health', code: 'unreachable', reason: 'could not connect to http://127.0.0.1:2/ (ECONNREFUSED)' },
      ],
    });
    expect(down.drift.map((e) => `${e.severity} ${e.class} ${e.path} ${e.since ?? '-'}`)).toEqual([
      'critical probe-failed health -',
      `warning drift packages.fastapi ${at(1)}`,
    ]);
    // A build (no run in memory) reads the same from disk.
    const built = await buildView(service, store, null, { now: new Date(at(4)) });
    expect(built.drift).toEqual(down.drift);
    // latest.json and last-attempt.json are complete files, not partial writes.
    const dir = path.join(store, 'svc', 'production');
    expect(JSON.parse(readFileSync(path.join(dir, 'latest.json'), 'utf8')).takenAt).toBe(at(2));
    expect(JSON.parse(readFileSync(path.join(dir, 'last-attempt.json'), 'utf8')).takenAt).toBe(at(3));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it(`keeps the last ${HISTORY_KEEP} attempts`, async () => {
    const store = scratchDir('paritybook-store-');
    for (let minute = 0; minute < HISTORY_KEEP + 5; minute++) await saveAttempt(store, snap('staging', minute));
    const files = readdirSync(path.join(store, 'svc', 'staging', 'history')).sort();
    expect(files).toHaveLength(HISTORY_KEEP);
    expect(files[0]).toBe(`${at(5).replace(/[:.]/g, '-')}.json`);
    expect(statSync(path.join(store, 'svc', 'staging', 'latest.json')).isFile()).toBe(true);
  });

  it('falls back to recorded demo snapshots and says so, without alarming about environments that never answered', async () => {
    const store = scratchDir('paritybook-store-');
    const demo = scratchDir('paritybook-demo-');
    await saveAttempt(demo, snap('staging', 0));
    await saveAttempt(demo, snap('production', 0, { fastapi: '0.91.0' }));
    const staging = snap('staging', 5, { down: true });
    const production = snap('production', 5, { down: true });
    await saveAttempt(store, staging);
    await saveAttempt(store, production);
    const view = await buildView(service, store, demo, { current: { staging, production } });
    expect(view.demo).toBe(true);
    expect(view.environments.production.latestGood?.demo).toBe(true);
    expect(view.drift.map((e) => `${e.severity} ${e.class} ${e.path}`)).toEqual([
      'warning drift packages.fastapi',
      'info probe-failed health',
      'info probe-failed health',
    ]);
  });
});
