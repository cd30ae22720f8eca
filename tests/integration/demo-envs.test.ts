/**
 * `npm start` plays every demo service: each service file of examples/demo/envs/ gets its staging
 * and production, on the ports its service file names, answering /__parity as that service.
 * The service files are copied with free loopback ports so the test never takes the demo's own.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/net.ts';
import { demoServiceIds, startDemoEnvironments } from '../../scripts/lib/demo-envs.ts';
import { BUILD_BUDGET_MS } from '../support/budgets.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'paritybook-demo-envs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo environments', () => {
  it(
    'start for every demo service, each environment answering as its service',
    async () => {
      const services = path.join(dir, 'content', 'services');
      cpSync(path.join(ROOT, 'content', 'services'), services, { recursive: true });
      const wanted = new Map<string, number>();
      for (const file of readdirSync(services)) {
        let text = readFileSync(path.join(services, file), 'utf8');
        for (const match of text.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)) {
          const port = await freePort();
          wanted.set(`${file}:${match[1]}`, port);
          text = text.replace(match[0], `http://127.0.0.1:${port}`);
        }
        writeFileSync(path.join(services, file), text);
      }
      const demo = await startDemoEnvironments({ contentDir: path.join(dir, 'content'), cdn: false, log: () => {} });
      try {
        const ids = [...(await demoServiceIds())].sort();
        expect(ids.length).toBeGreaterThanOrEqual(3);
        expect(Object.keys(demo.urls).sort()).toEqual(ids);
        for (const id of ids) {
          for (const environment of ['staging', 'production'] as const) {
            const response = await fetch(`${demo.urls[id]![environment]}/__parity`, {
              headers: { 'cache-control': 'no-store' },
              signal: AbortSignal.timeout(10_000),
            });
            const body = (await response.json()) as { service: string; environment: string };
            expect(body).toMatchObject({ service: id, environment });
          }
        }
        // Each environment listens where its service file says.
        const ports = Object.values(demo.urls).flatMap((urls) =>
          Object.values(urls).map((url) => Number(new URL(url).port)),
        );
        expect(ports.sort()).toEqual([...wanted.values()].sort());
      } finally {
        await demo.stop();
      }
    },
    BUILD_BUDGET_MS,
  );
});
