/**
 * An environment that sends back the bearer token paritybook gave it (from `tokenEnv`), under
 * innocent keys, as a key, inside other values and in a response header: the token reaches no
 * snapshot, history, drift history, log, data store or page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canary, copySite, expectNoCanaries, listen, parityDocument } from './secrets-support.ts';
import { lastAttempt, stopAll, writeService } from './secrets-support.ts';
import type { CommandResult, SiteCopy } from './secrets-support.ts';

const TOKENS = { staging: canary('staging-token'), production: canary('production-token') };

/** Answers /__parity only with its token, and then echoes that token everywhere it can. */
const echoingEnvironment =
  (environment: keyof typeof TOKENS): http.RequestListener =>
  (request, response) => {
    const token = TOKENS[environment];
    const { pathname } = new URL(request.url ?? '/', 'http://x');
    if (pathname === '/__parity') {
      if (request.headers.authorization !== `Bearer ${token}`) {
        response.writeHead(401).end();
        return;
      }
      const document = parityDocument('auth-api', environment, { echo: token, [token]: true });
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          ...document,
          version: { ...document.version, build: `https://ci.example.com/build?ref=${token}` },
          checks: { database: 'ok', identity: `verified ${token}` },
        }),
      );
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'text/html',
        'x-frame-options': 'DENY',
        'content-security-policy': `default-src 'self' https://cdn.example.com/${token}/`,
      })
      .end(`<p>${token}</p>`);
  };

let site: SiteCopy;
let servers: Awaited<ReturnType<typeof listen>>[];
let snapshot: CommandResult;
let build: CommandResult;
const env = { AUTH_STAGING_PARITY_TOKEN: TOKENS.staging, AUTH_PRODUCTION_PARITY_TOKEN: TOKENS.production };

beforeAll(async () => {
  servers = await Promise.all([listen(echoingEnvironment('staging')), listen(echoingEnvironment('production'))]);
  site = copySite('secret-tokens');
  writeService(site, 'auth-api', servers, {
    tokenEnv: { staging: 'AUTH_STAGING_PARITY_TOKEN', production: 'AUTH_PRODUCTION_PARITY_TOKEN' },
  });
  // Two runs: the second build's snapshot makes the drift history hold more than one record.
  snapshot = await site.npm('snapshot', [], env);
  build = await site.npm('build', [], env);
}, 600_000);

afterAll(() => stopAll(servers, site));

describe('tokens an environment echoes back', () => {
  it('are scrubbed from snapshots, history, drift history, logs, the data store and the page', () => {
    expect(snapshot.code, snapshot.stderr).toBe(1); // production's check is not "ok": critical
    expect(build.code, build.stderr).toBe(0);
    const store = path.join(site.dir, '.paritybook', 'snapshots', 'auth-api');
    // The environment accepted the token, so it really did echo it back.
    const attempt = lastAttempt(site, 'auth-api', 'production');
    expect(attempt.probes.parity).toMatchObject({ ok: true });
    expect(attempt.data.config.flags).toMatchObject({ beta: false, echo: '[redacted]', '[redacted]': true });
    expect(attempt.data.checks.identity).toBe('verified [redacted]');
    expect(readdirSync(path.join(store, 'production', 'history'))).toHaveLength(2);
    expect(JSON.parse(readFileSync(path.join(store, 'drift-history.json'), 'utf8')).trend).toHaveLength(2);
    // The published parity data (dist/parity/history.json) is among the files searched below.
    const published = readFileSync(path.join(site.dir, 'dist', 'parity', 'history.json'), 'utf8');
    expect(JSON.parse(published).services['auth-api'].panel.rows.length).toBeGreaterThan(0);
    expect(published).toContain('[redacted]');
    const page = readFileSync(path.join(site.dir, 'dist', 'services', 'auth-api', 'index.html'), 'utf8');
    // Each environment echoed its own token; scrubbed, the two values read the same.
    expect(page).toMatch(/<code[^>]*>verified \[redacted\]<\/code>/);

    expectNoCanaries(site, Object.values(TOKENS), {
      'snapshot stdout': snapshot.stdout,
      'snapshot stderr': snapshot.stderr,
      'build stdout': build.stdout,
      'build stderr': build.stderr,
    });
  });
});
