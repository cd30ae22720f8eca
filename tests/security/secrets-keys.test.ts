/**
 * Secret-looking keys that used to slip through (`session`, `refresh`, `otp_seed`, `pin`, `sig=` in
 * a query string) are redacted; a route whose path carries `?token=` keeps its status and headers,
 * only the token goes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canary, copySite, expectNoCanaries, listen, parityDocument } from './secrets-support.ts';
import { lastAttempt, stopAll, writeService } from './secrets-support.ts';
import type { CommandResult, SiteCopy } from './secrets-support.ts';

const VALUES = {
  session: canary('session'),
  refresh: canary('refresh'),
  otp_seed: canary('otp-seed'),
  pin: canary('pin'),
};
const buildSignature = canary('build-sig');
const cspSignature = canary('csp-sig');
const routeToken = canary('route-token');
const CANARIES = [...Object.values(VALUES), buildSignature, cspSignature, routeToken];

let site: SiteCopy;
let environments: Awaited<ReturnType<typeof listen>>[];
let build: CommandResult;

/** Production forgets X-Frame-Options on the download route, so the route shows on the page as drift. */
const environment = (name: 'staging' | 'production') =>
  listen((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://x');
    if (pathname === '/__parity') {
      const document = parityDocument('auth-api', name, VALUES);
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          ...document,
          version: {
            ...document.version,
            build: `https://ci.example.com/artifacts/auth-api.tar.gz?sv=2024-11-04&sig=${buildSignature}`,
          },
        }),
      );
      return;
    }
    const headers: Record<string, string> = {
      'content-type': 'text/html',
      'content-security-policy': `default-src 'self'; script-src https://cdn.example.com/app.js?sv=1&sig=${cspSignature}`,
    };
    if (!(name === 'production' && pathname === '/download')) headers['x-frame-options'] = 'DENY';
    response.writeHead(200, headers).end('<p>ok</p>');
  });

beforeAll(async () => {
  environments = await Promise.all([environment('staging'), environment('production')]);
  site = copySite('secret-keys');
  writeService(site, 'auth-api', environments, { routes: ['/', `/download?token=${routeToken}`] });
  build = await site.npm('build');
}, 600_000);

afterAll(() => stopAll(environments, site));

describe('secret-looking keys', () => {
  it('redacts session, refresh, otp_seed, pin and sig= values, and only the token of a route', () => {
    expect(build.code, build.stderr).toBe(0);
    const attempt = lastAttempt(site, 'auth-api', 'production');
    expect(attempt.data.config.flags).toEqual({
      beta: false,
      session: '[redacted]',
      refresh: '[redacted]',
      otp_seed: '[redacted]',
      pin: '[redacted]',
    });
    expect(attempt.data.version.build).toBe(
      'https://ci.example.com/artifacts/auth-api.tar.gz?sv=2024-11-04&sig=[redacted]',
    );
    // The route keeps its status and headers under a key whose token is redacted.
    expect(Object.keys(attempt.data.headers)).toEqual(['/', '/download?token=[redacted]']);
    expect(attempt.data.headers['/download?token=[redacted]']).toMatchObject({
      status: 200,
      'content-security-policy': { 'default-src': "'self'" },
    });
    expect(attempt.data.headers['/']['x-frame-options']).toBe('deny');

    // The drift history and the page name the drifted header of that route, without its token.
    const drifted = 'headers./download?token=[redacted].x-frame-options';
    const history = readFileSync(
      path.join(site.dir, '.paritybook', 'snapshots', 'auth-api', 'drift-history.json'),
      'utf8',
    );
    expect(history).toContain(`\\"${drifted}\\"`);
    const page = readFileSync(path.join(site.dir, 'dist', 'services', 'auth-api', 'index.html'), 'utf8');
    expect(page).toContain(`data-parity-path="${drifted}"`);

    expectNoCanaries(site, CANARIES, { 'build stdout': build.stdout, 'build stderr': build.stderr });
  });
});
