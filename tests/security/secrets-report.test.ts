/**
 * The snapshot report names services whose ids look like secret keys (`auth-api`, `token-service`,
 * `session-store`) with their severity: redaction removes values, never the report's structure.
 */
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canary, copySite, expectNoCanaries, listen, parityDocument } from './secrets-support.ts';
import { stopAll, writeService } from './secrets-support.ts';
import type { CommandResult, SiteCopy } from './secrets-support.ts';

const password = canary('check-password');

interface Behaviour {
  hsts: boolean;
  version: string;
  checks?: Record<string, string>;
}

function environment(service: string, name: string, behaviour: Behaviour): http.RequestListener {
  return (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://x');
    if (pathname === '/__parity') {
      const document = parityDocument(service, name);
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          ...document,
          version: { ...document.version, version: behaviour.version },
          checks: behaviour.checks ?? document.checks,
        }),
      );
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'text/html',
        'x-frame-options': 'DENY',
        ...(behaviour.hsts ? { 'strict-transport-security': 'max-age=31536000' } : {}),
      })
      .end('<p>ok</p>');
  };
}

/** Production of auth-api is weaker (critical), token-service runs another version (warning), session-store is in parity. */
const SERVICES: Record<string, { staging: Behaviour; production: Behaviour }> = {
  'auth-api': {
    staging: { hsts: true, version: '1.0.0' },
    production: { hsts: false, version: '1.0.0', checks: { database: 'ok', cache: `password: ${password}` } },
  },
  'token-service': { staging: { hsts: true, version: '1.1.0' }, production: { hsts: true, version: '1.0.0' } },
  'session-store': { staging: { hsts: true, version: '1.0.0' }, production: { hsts: true, version: '1.0.0' } },
};

let site: SiteCopy;
const servers: Awaited<ReturnType<typeof listen>>[] = [];
let text: CommandResult;
let json: CommandResult;

beforeAll(async () => {
  site = copySite('secret-report');
  for (const [id, behaviours] of Object.entries(SERVICES)) {
    const staging = await listen(environment(id, 'staging', behaviours.staging));
    const production = await listen(environment(id, 'production', behaviours.production));
    servers.push(staging, production);
    writeService(site, id, [staging, production]);
  }
  text = await site.npm('snapshot');
  json = await site.npm('snapshot', ['--json']);
}, 600_000);

afterAll(() => stopAll(servers, site));

describe('the snapshot report', () => {
  it('keeps "<id>: <SEVERITY>" lines and redacts only the values', () => {
    expect(text.code, text.stderr).toBe(1);
    const lines = text.stdout.split('\n');
    expect(lines.filter((line) => /^\S/.test(line))).toEqual([
      'auth-api: CRITICAL',
      'session-store: OK',
      'token-service: WARNING',
    ]);
    expect(lines).toContainEqual(
      expect.stringMatching(/CRITICAL .* checks\.cache .* production="password: \[redacted\]"/),
    );
    expect(text.stdout).not.toContain(': [redacted]\n');

    expect(json.code, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout) as { services: { id: string; worst: string | null }[] };
    expect(report.services.map(({ id, worst }) => `${id} ${worst}`)).toEqual([
      'auth-api critical',
      'session-store null',
      'token-service warning',
    ]);

    expectNoCanaries(
      site,
      [password],
      {
        'text stdout': text.stdout,
        'text stderr': text.stderr,
        'json stdout': json.stdout,
        'json stderr': json.stderr,
      },
      ['.paritybook'],
    );
  });
});
