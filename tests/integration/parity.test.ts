/**
 * Two real FastAPI apps (Debian python3-fastapi under /usr/bin/python3) as staging and
 * production, each behind its own nginx proxy_cache as the CDN, on free loopback ports.
 * Production is deliberately drifted; the real snapshot command must find exactly that drift.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX, PYTHON, startFastApi, startNginx, type StartedEnvironment } from '../../scripts/lib/demo-envs.ts';
import { storeArgs } from '../support/parity.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const started: StartedEnvironment[] = [];
let dir: string;

function snapshot(...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/snapshot.ts', ...storeArgs(dir), '--demo', 'none', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('parity between two real FastAPI environments behind nginx', () => {
  beforeAll(async () => {
    // No silent skip: without these the test fails and says what is missing (npm test installs them).
    expect(existsSync(NGINX), `${NGINX} is missing`).toBe(true);
    expect(
      spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore' }).status,
      `${PYTHON} lacks fastapi/uvicorn`,
    ).toBe(0);
    dir = mkdtempSync(path.join(os.tmpdir(), 'paritybook-parity-'));
    const [stagingApp, productionApp] = await Promise.all([
      startFastApi({ environment: 'staging' }),
      startFastApi({ environment: 'production' }),
    ]);
    started.push(stagingApp, productionApp);
    // Each CDN enforces its environment's upload limit and reports cache status its own way.
    const [stagingCdn, productionCdn] = await Promise.all([
      startNginx({ upstream: stagingApp.url, maxBodySize: '25m', cacheHeader: 'cache-status' }),
      startNginx({ upstream: productionApp.url, maxBodySize: '10m', cacheHeader: 'x-cache' }),
    ]);
    started.push(stagingCdn, productionCdn);
    mkdirSync(path.join(dir, 'content', 'services'), { recursive: true });
    mkdirSync(path.join(dir, 'content', 'teams'), { recursive: true });
    writeFileSync(
      path.join(dir, 'content', 'teams', 'payments.yaml'),
      'id: payments\nname: Payments\ncontact: { chat: "#payments" }\n',
    );
    writeFileSync(
      path.join(dir, 'content', 'services', 'checkout-api.yaml'),
      `id: checkout-api
name: Checkout API
owner: payments
environments:
  staging: { url: "${stagingCdn.url}" }
  production: { url: "${productionCdn.url}" }
probe: { routes: ["/"], cacheRoute: "/", timeoutMs: 5000 }
expectedDrift:
  - path: version.commit
    reason: staging runs the release candidate
  - path: version.build
    reason: each environment is deployed by its own CI build
`,
    );
  });

  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds exactly the deliberate drift, with the right class and severity', () => {
    const { code, stdout, stderr } = snapshot('--json');
    expect(stderr).toContain('checkout-api production: answered');
    const report = JSON.parse(stdout);
    const service = report.services[0];
    const lines = service.drift.map(
      (e: Record<string, unknown>) =>
        `${e.severity} ${e.class} ${e.path} ${JSON.stringify(e.staging)} ${JSON.stringify(e.production)}`,
    );
    expect(lines).toEqual([
      'critical only-staging headers./.strict-transport-security "max-age=31536000; includesubdomains" undefined',
      'warning drift config.flags.new_checkout true false',
      'warning drift limits.max_upload_bytes 26214400 10485760',
      'warning drift migrations.code_heads "c41f9d2e7b10" "8b3e5a1f0c92"',
      'warning drift migrations.db_heads "c41f9d2e7b10" "8b3e5a1f0c92"',
      'warning drift packages.checkout-rules "2.4.0" "2.3.1"',
      'warning drift upload.effective_limit_bytes 26214400 10485760',
      'info expected version.build "https://ci.example.com/checkout-api/build/812" "https://ci.example.com/checkout-api/build/797"',
      'info expected version.commit "9e1a5b7c3d2f4a6b8c0d1e2f3a4b5c6d7e8f9a0b" "4f2a9c1d0e3b5a7c9d1e3f5a7b9c1d3e5f7a9b1c"',
    ]);
    expect(service.drift.find((e: { path: string }) => e.path === 'version.commit').reason).toBe(
      'staging runs the release candidate',
    );
    expect(service.errors).toEqual([]);
    expect(service.worst).toBe('critical');
    // CSP in another order, Cache-Control tokens in another order and case: normalised to the same.
    expect(service.same).toBeGreaterThan(20);
    expect(code).toBe(1);
  });

  it('read the CDN cache status on both sides (RFC 9211 Cache-Status and X-Cache)', () => {
    const read = (env: string) =>
      JSON.parse(readFileSync(path.join(dir, 'store', 'checkout-api', env, 'latest.json'), 'utf8'));
    expect(read('staging').observed.cache).toMatchObject({ second_request: 'hit', source: 'cache-status' });
    expect(read('production').observed.cache).toMatchObject({ second_request: 'hit', source: 'x-cache' });
    expect(read('production').observed.metrics.requests).toBeGreaterThan(0);
    expect(Object.values(read('production').probes).every((p) => (p as { ok: boolean }).ok)).toBe(true);
  });

  it('keeps history and says since when each drift exists', () => {
    const first = JSON.parse(
      readFileSync(path.join(dir, 'store', 'checkout-api', 'staging', 'latest.json'), 'utf8'),
    ).takenAt;
    const { stdout } = snapshot('--json');
    const drift = JSON.parse(stdout).services[0].drift;
    expect(drift.map((e: { path: string; since?: string }) => `${e.path} ${e.since === first}`)).toEqual(
      drift.map((e: { path: string }) => `${e.path} true`),
    );
    expect(readdirSync(path.join(dir, 'store', 'checkout-api', 'production', 'history'))).toHaveLength(2);
  });

  it('prints a readable report without --json', () => {
    const { stdout } = snapshot();
    expect(stdout).toMatch(/CRITICAL only-staging\s+headers\.\/\.strict-transport-security/);
    expect(stdout).toContain('staging runs the release candidate');
  });
});
