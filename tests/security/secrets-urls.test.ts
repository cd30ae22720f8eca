/**
 * Credentials written into a service file's URLs (`user:pass@`, `?token=`, `?access_token=`,
 * `?sig=`) reach no page, no snapshot, no data store and no log; `npm run check` warns about each.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canary, copySite, expectNoCanaries, listen, parityDocument } from './secrets-support.ts';
import { lastAttempt, stopAll } from './secrets-support.ts';
import type { CommandResult, SiteCopy } from './secrets-support.ts';

const password = canary('url-password');
const token = canary('url-token');
const accessToken = canary('url-access-token');
const signature = canary('url-sig');
const originToken = canary('origin-token');
const repoPassword = canary('repo-password');
const linkToken = canary('link-token');
const CANARIES = [password, token, accessToken, signature, originToken, repoPassword, linkToken];

let site: SiteCopy;
let environment: Awaited<ReturnType<typeof listen>>;
let check: CommandResult;
let build: CommandResult;

beforeAll(async () => {
  environment = await listen((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://x');
    if (pathname === '/__parity') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(parityDocument('auth-api', 'production')));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html', 'x-frame-options': 'DENY' }).end('<p>ok</p>');
  });
  const base = environment.url;
  site = copySite('secret-urls');
  site.write(
    'services/auth-api.yaml',
    `id: auth-api
name: Auth API
owner: platform
repo: https://deploy:${repoPassword}@git.example.com/auth-api
links:
  - title: Grafana
    url: https://grafana.example.com/d/auth?orgId=1&token=${linkToken}
environments:
  staging:
    url: http://ops:${password}@127.0.0.1:${environment.port}/?token=${token}
  production:
    url: ${base}/?access_token=${accessToken}&sig=${signature}&region=eu
    originUrl: ${base}/?token=${originToken}
probe:
  probes: [health, parity, headers]
`,
  );
  check = await site.npm('check');
  build = await site.npm('build');
}, 600_000);

afterAll(() => stopAll(environment ? [environment] : [], site));

describe('credentials in service URLs', () => {
  it('are printed nowhere: page, snapshots, data store, temporary files, logs; check warns about each', () => {
    expect(build.code, build.stderr).toBe(0);
    expectNoCanaries(site, CANARIES, {
      'check stdout': check.stdout,
      'check stderr': check.stderr,
      'build stdout': build.stdout,
      'build stderr': build.stderr,
    });

    // The page still says where each environment is, with the credentials marked.
    const page = readFileSync(path.join(site.dir, 'dist', 'services', 'auth-api', 'index.html'), 'utf8');
    expect(page).toContain(`http://[redacted]@127.0.0.1:${environment.port}/?token=[redacted]`);
    expect(page).toContain(`${environment.url}/?access_token=[redacted]&amp;sig=[redacted]&amp;region=eu`);
    expect(page).toContain('https://grafana.example.com/d/auth?orgId=1&amp;token=[redacted]');

    // The staging probe sends nothing from the URL's user info, and says why.
    const attempt = lastAttempt(site, 'auth-api', 'staging');
    expect(attempt.probes.health).toMatchObject({ ok: false, code: 'protocol' });
    expect(attempt.probes.health.reason).toContain('carries a user name or password, which paritybook never sends');

    // npm run check: a warning per URL, naming the field and the fix, exit 0 (warnings only).
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const warnings = check.stdout.split('\n').filter((line) => line.includes('[service-url-credentials]'));
    expect(warnings.map((line) => line.match(/ (\S+): found/)?.[1])).toEqual([
      'repo',
      'links.0.url',
      'environments.staging.url',
      'environments.production.url',
      'environments.production.originUrl',
    ]);
    expect(warnings[2]).toContain('tokenEnv');
  });
});
