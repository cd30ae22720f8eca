/**
 * Parity a team can trust between builds, against real FastAPI environments on 127.0.0.1:
 * history carried from one clone's deploy to the next with --previous, expiring expected drift,
 * a production that answers as staging, a staging with a self-signed certificate, and
 * --publish followed by a real browser that shows the newer data under the production CSP.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFastApi, type StartedEnvironment } from '../../scripts/lib/demo-envs.ts';
import { launchChromium, serveStatic, type StaticServer } from '../../scripts/lib/search-harness.ts';
import { selfSignedCertificate } from '../support/parity.ts';
import { canary, copySite, findCanaries, type SiteCopy } from '../security/secrets-support.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/demo/envs/checkout-api');
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TOKEN = canary('paritytoken');

const started: StartedEnvironment[] = [];
const copies: SiteCopy[] = [];
const servers: StaticServer[] = [];
let dir: string;
let staging: StartedEnvironment;
let production: StartedEnvironment;

function serviceYaml(urls: { staging: string; production: string }, extra = ''): string {
  return `id: checkout-api
name: Checkout API
owner: platform
environments:
  staging: { url: "${urls.staging}", tokenEnv: CHECKOUT_PARITY_TOKEN${extra.includes('STAGING_TLS') ? ', tls: { verify: false }' : ''} }
  production: { url: "${urls.production}", tokenEnv: CHECKOUT_PARITY_TOKEN }
probe: { probes: [health, parity, headers, tls], timeoutMs: 5000 }
expectedDrift:
  - path: version.commit
    reason: staging runs the release candidate
    expires: "${day(-2)}"
  - path: version.build
    reason: each environment is deployed by its own CI build
    owner: platform
    expires: "${day(60)}"
`;
}

/** A production whose settings drift one step further: a newer checkout-rules package. */
function driftedSettings(): string {
  const settings = JSON.parse(readFileSync(path.join(EXAMPLES, 'production.json'), 'utf8'));
  settings.version.version = '1.8.1';
  const file = path.join(dir, 'production-drifted.json');
  writeFileSync(file, JSON.stringify(settings));
  return file;
}

const env = { CHECKOUT_PARITY_TOKEN: TOKEN };

function newCopy(label: string, urls: { staging: string; production: string }): SiteCopy {
  const copy = copySite(label);
  copy.write('services/checkout-api.yaml', serviceYaml(urls));
  copies.push(copy);
  return copy;
}

type Drift = { path: string; class: string; severity: string; since?: string; new: boolean; reason?: string };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paritybook-trust-'));
  [staging, production] = await Promise.all([
    startFastApi({ environment: 'staging' }),
    startFastApi({ environment: 'production' }),
  ]);
  started.push(staging, production);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(started.map((s) => s.stop()));
  await Promise.all(copies.map((copy) => copy.remove()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('parity between builds', () => {
  it('carries since and new from one clone’s deploy to the next, with expired and unexpired rules', async () => {
    const first = newCopy('trust-one', { staging: staging.url, production: production.url });
    const built = await first.npm('build', [], env);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toContain('no --previous deploy given');
    const published = JSON.parse(readFileSync(path.join(first.dir, 'dist', 'parity', 'history.json'), 'utf8'));
    const firstRun = published.builtRun as string;
    expect(firstRun).toMatch(/^\d{4}-/);
    const rows = published.services['checkout-api'].panel.rows as Drift[];
    // The expired rule no longer hides its path; the unexpired one does.
    expect(rows.find((r) => r.path === 'version.commit')).toMatchObject({
      class: 'drift',
      severity: 'warning',
      reason: expect.stringContaining(`expected-drift rule expired on ${day(-2)}`),
    });
    expect(rows.find((r) => r.path === 'version.build')?.class).toBe('expected');

    // Production moves on, and the next build runs in a fresh clone that only has the live site.
    await production.stop();
    production = await startFastApi({ environment: 'production', settingsFile: driftedSettings() });
    started.push(production);
    const live = await serveStatic(path.join(first.dir, 'dist'));
    servers.push(live);
    const second = newCopy('trust-two', { staging: staging.url, production: production.url });
    const rebuilt = await second.npm('build', ['--previous', live.origin], env);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toContain(`history of the previous deploy read from ${live.origin}`);
    const next = JSON.parse(readFileSync(path.join(second.dir, 'dist', 'parity', 'history.json'), 'utf8'));
    const nextRows = next.services['checkout-api'].panel.rows as Drift[];
    const version = nextRows.find((r) => r.path === 'version.version');
    expect(version).toMatchObject({ new: true });
    expect(version?.since).not.toBe(firstRun);
    // Drift that was there at the last deploy keeps its first run and is not new.
    const flag = nextRows.find((r) => r.path === 'config.flags.new_checkout');
    expect(flag).toMatchObject({ since: firstRun, new: false });
    // New drift sits on top of the service page, marked new.
    const html = readFileSync(path.join(second.dir, 'dist', 'services', 'checkout-api', 'index.html'), 'utf8');
    const rowsInPage = [...html.matchAll(/<tr data-parity-path="([^"]+)"([^>]*)>/g)];
    expect(rowsInPage[0][1]).toBe('version.version');
    expect(rowsInPage[0][2]).toContain('data-new="true"');

    // snapshot --json in the second clone: since and new per drift; without a readable --previous it says so.
    const report = await second.npm('snapshot', ['--json', '--previous', path.join(dir, 'nothing-here')], env);
    const drift = JSON.parse(report.stdout).services[0];
    expect(drift.history.note).toContain('could not be read');
    for (const entry of drift.drift as Drift[])
      if (entry.class !== 'probe-failed') expect(typeof entry.new, entry.path).toBe('boolean');
    expect((drift.drift as Drift[]).find((e) => e.path === 'config.flags.new_checkout')?.since).toBe(firstRun);

    // --publish refreshes the deploy in place; the page shows the newer data in a real browser.
    const before = next.services['checkout-api'].panel.asOf;
    const publish = await second.npm('snapshot', ['--publish', 'dist'], env);
    expect(publish.stderr).toContain('published the parity data of 1 service(s)');
    const after = JSON.parse(readFileSync(path.join(second.dir, 'dist', 'parity', 'history.json'), 'utf8'));
    expect(after.services['checkout-api'].panel.asOf > before).toBe(true);
    expect(after.builtRun).toBe(next.builtRun);
    const site = await serveStatic(path.join(second.dir, 'dist'));
    servers.push(site);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${site.origin}/services/checkout-api/`);
      const panel = page.locator('section.parity-panel[data-parity-service="checkout-api"]');
      await panel.and(page.locator('[data-parity-source="published"]')).waitFor();
      expect(await panel.getAttribute('data-parity-as-of')).toBe(after.services['checkout-api'].panel.asOf);
      await page.getByText('updated after the build').first().waitFor();
      expect(await panel.locator('tr[data-parity-path="version.version"][data-new="true"]').count()).toBe(1);
      expect(errors).toEqual([]);
      // Without JavaScript the page still reads fully: the build-time snapshot, with its age.
      const plain = await browser.newPage({ javaScriptEnabled: false });
      await plain.goto(`${site.origin}/services/checkout-api/`);
      expect(await plain.locator('section.parity-panel').getAttribute('data-parity-as-of')).toBe(before);
      expect(await plain.locator('section.parity-panel [data-parity-age]').innerText()).toMatch(
        /old when this page was built/,
      );
    } finally {
      await browser.close();
    }
    // The token every command read is in none of the files they wrote or published.
    for (const copy of [first, second]) expect(findCanaries(copy.dir, [TOKEN], {})).toEqual([]);
    expect(JSON.stringify([built, rebuilt, report, publish])).not.toContain(TOKEN);
  });
});

describe('misrouted and untrusted environments', () => {
  let copy: SiteCopy;
  let tlsStaging: StartedEnvironment;
  let tlsProduction: StartedEnvironment;

  beforeAll(async () => {
    const certDir = path.join(dir, 'cert');
    mkdirSync(certDir);
    const { key, cert } = selfSignedCertificate('/CN=127.0.0.1/O=Paritybook Test Self-Signed', 30);
    writeFileSync(path.join(certDir, 'key.pem'), key);
    writeFileSync(path.join(certDir, 'cert.pem'), cert);
    const tls = { keyFile: path.join(certDir, 'key.pem'), certFile: path.join(certDir, 'cert.pem') };
    [tlsStaging, tlsProduction] = await Promise.all([
      startFastApi({ environment: 'staging', tls }),
      startFastApi({ environment: 'production', tls }),
    ]);
    started.push(tlsStaging, tlsProduction);
    copy = copySite('trust-routes');
    copies.push(copy);
  });

  const snapshot = async () => {
    const result = await copy.npm('snapshot', ['--json', '--demo', 'none'], env);
    return JSON.parse(result.stdout).services[0] as { drift: Drift[]; worst: string };
  };

  it('puts a production that answers as staging first, as critical', async () => {
    copy.write('services/checkout-api.yaml', serviceYaml({ staging: staging.url, production: staging.url }));
    const report = await snapshot();
    expect(report.drift[0]).toMatchObject({
      class: 'misrouted',
      severity: 'critical',
      path: 'parity.environment',
      reason: 'the production URL answers as staging',
    });
    expect(report.worst).toBe('critical');
  });

  it('reports a self-signed certificate with issuer and expiry; verify: false lets staging’s other probes run', async () => {
    copy.write(
      'services/checkout-api.yaml',
      serviceYaml({ staging: tlsStaging.url, production: tlsProduction.url }, 'STAGING_TLS'),
    );
    const report = await snapshot();
    const untrusted = report.drift.filter((e) => e.class === 'untrusted');
    const prod = untrusted.find((e) => e.severity === 'critical');
    expect(prod?.reason).toMatch(
      /^production: not trusted \(self-signed certificate\); issuer .*Paritybook Test Self-Signed.*; expires \d{4}-\d\d-\d\d/,
    );
    const stage = untrusted.find((e) => e.reason?.startsWith('staging'));
    expect(stage?.severity).toBe('info');
    expect(stage?.reason).toContain('tls.verify is off for staging');
    // Staging answered (its parity document was compared); production without verify=false is down.
    expect(
      report.drift.some((e) => e.class === 'probe-failed' && e.path === 'health' && e.severity === 'critical'),
    ).toBe(true);
    expect(report.drift.some((e) => e.class === 'probe-failed' && e.reason?.startsWith('staging'))).toBe(false);
  });
});
