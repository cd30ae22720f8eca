/**
 * Hostile environments: a 50 MB parity document, a body that drips past the timeout, invalid
 * JSON, a redirect to another host, HTML and script in every string field, secrets in fields
 * and headers. Each must be recorded as the right failure (or value), no secret may reach a
 * written file or a logged line, and a site built from those snapshots must escape everything.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_BUDGET_MS } from '../support/budgets.ts';
import { storeArgs, streamMegabytes } from '../support/parity.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const XSS = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
/** Every secret planted; none may appear anywhere we write or print. */
const SECRETS = [
  'hunter2-db-pass',
  'sk_live_51HostileStripeKey00000',
  'AKIAHOSTILEEXAMPLE00',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIn0.c2lnbmF0dXJlLWhvc3RpbGU',
  'SECRET-COOKIE-VALUE',
  'ghp_HostileGithubToken000000000000000000',
  'tok-flag-secret-77',
  'csp-token-secret-88',
];

const goodDocument = (environment: string) => ({
  schema: 'parity/1',
  service: 'x',
  environment,
  version: { version: '1.0.0', commit: 'abc' },
  packages: { fastapi: '0.92.0' },
  config: { flags: { beta: false }, secrets_present: { DATABASE_URL: true } },
  limits: { max_upload_bytes: 1048576 },
  checks: { database: 'ok' },
});

const htmlDocument = {
  schema: 'parity/1',
  service: XSS,
  environment: XSS,
  generated_at: XSS,
  version: { source: XSS, version: XSS, commit: XSS, build: XSS },
  runtime: { [XSS]: XSS },
  packages: { fastapi: XSS, [XSS]: '1.0' },
  migrations: { tool: XSS, code_heads: [XSS], db_heads: [XSS] },
  config: { flags: { beta: XSS, [XSS]: true }, secrets_present: { [XSS]: true } },
  limits: { [XSS]: 1 },
  checks: { database: XSS },
};

const secretDocument = {
  ...goodDocument('production'),
  version: { version: '1.0.0', commit: 'abc', build: `https://ci:${'hunter2-db-pass'}@ci.example.com/build/1` },
  runtime: { python: '3.11.2', AWS_ACCESS_KEY_ID: 'AKIAHOSTILEEXAMPLE00' },
  config: {
    flags: { beta: false, payment_token: 'tok-flag-secret-77', note: `stripe sk_live_51HostileStripeKey00000` },
    secrets_present: { DATABASE_URL: true },
  },
  checks: {
    database: `ok via postgres://app:hunter2-db-pass@db/x`,
    auth: `Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIn0.c2lnbmF0dXJlLWhvc3RpbGU`,
  },
  packages: { fastapi: '0.92.0', ghp_HostileGithubToken000000000000000000: '1.0' },
};

type Mode = 'good' | 'huge' | 'slow' | 'badjson' | 'redirect' | 'html' | 'secrets';

/** One real HTTP server per hostile behaviour. */
function hostileServer(mode: Mode, environment: string, service: string): http.Server {
  return http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-frame-options': 'DENY',
      'strict-transport-security': 'max-age=31536000',
    };
    if (mode === 'html') {
      headers['content-security-policy'] = `default-src 'self' ${XSS.replace(/[\r\n]/g, '')}`;
      headers['referrer-policy'] = XSS;
    }
    if (mode === 'secrets') {
      headers['set-cookie'] = 'session=SECRET-COOKIE-VALUE; HttpOnly';
      headers['content-security-policy'] =
        `default-src 'self' https://cdn.example.com/?access_token=csp-token-secret-88`;
      headers['x-api-key'] = 'sk_live_51HostileStripeKey00000';
    }
    if (mode === 'redirect' && url.pathname !== '/healthz') {
      response.writeHead(302, { location: 'http://attacker.invalid/collect' }).end();
      return;
    }
    if (url.pathname === '/healthz') {
      response
        .writeHead(200, headers)
        .end(mode === 'secrets' ? '{"db":"postgres://app:hunter2-db-pass@db/x"}' : '{"status":"ok"}');
      return;
    }
    if (url.pathname === '/__parity') {
      if (mode === 'huge') {
        response.writeHead(200, headers);
        streamMegabytes(response, 50, ' ');
        return;
      }
      if (mode === 'slow') {
        response.writeHead(200, headers);
        response.write('{"schema":"parity/1",');
        const timer = setInterval(() => response.write(' '), 200);
        response.on('close', () => clearInterval(timer));
        return;
      }
      if (mode === 'badjson') {
        response.writeHead(200, headers).end('{"schema": "parity/1", "service": <html>');
        return;
      }
      // Well-behaved documents name the service and environment they belong to; the HTML one names neither.
      const body =
        mode === 'html'
          ? htmlDocument
          : {
              ...(mode === 'secrets' ? secretDocument : goodDocument(environment)),
              service,
              environment,
            };
      response.writeHead(200, headers).end(JSON.stringify(body));
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': 'text/html' }).end('<p>home</p>');
  });
}

const servers: http.Server[] = [];
let dir: string;
let cli: { code: number | null; stdout: string; stderr: string };
let build: { code: number | null; stdout: string; stderr: string };
const MODES: Exclude<Mode, 'good'>[] = ['huge', 'slow', 'badjson', 'redirect', 'html', 'secrets'];
/** Only the dripping answer waits this long; every other answer must come well within it, on a busy machine too. */
const PROBE_TIMEOUT_MS = 5000;

/** Async on purpose: the hostile servers live in this process and must keep answering. */
function run(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('hostile environments', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paritybook-hostile-'));
    mkdirSync(path.join(dir, 'content', 'services'), { recursive: true });
    mkdirSync(path.join(dir, 'content', 'teams'), { recursive: true });
    writeFileSync(path.join(dir, 'content', 'teams', 'ops.yaml'), 'id: ops\nname: Ops\ncontact: { chat: "#ops" }\n');
    for (const mode of MODES) {
      const staging = await listen(hostileServer(mode === 'html' ? 'html' : 'good', 'staging', `hostile-${mode}`));
      const production = await listen(hostileServer(mode, 'production', `hostile-${mode}`));
      writeFileSync(
        path.join(dir, 'content', 'services', `hostile-${mode}.yaml`),
        `id: hostile-${mode}
name: Hostile ${mode}
owner: ops
environments:
  staging: { url: "${staging}" }
  production: { url: "${production}" }
probe: { probes: [health, parity, headers], timeoutMs: ${PROBE_TIMEOUT_MS} }
`,
      );
    }
    cli = await run(['scripts/snapshot.ts', ...storeArgs(dir), '--demo', 'none', '--json']);
    build = await run(
      [
        path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'),
        'build',
        '--root',
        path.join(ROOT, 'tests', 'fixtures', 'parity-site'),
      ],
      {
        ...process.env,
        ASTRO_TELEMETRY_DISABLED: '1',
        PARITYBOOK_CONTENT_DIR: path.join(dir, 'content'),
        PARITYBOOK_SNAPSHOT_DIR: path.join(dir, 'store'),
        PARITY_FIXTURE_OUT: path.join(dir, 'dist'),
        PARITY_FIXTURE_CACHE: path.join(dir, 'astro-cache'),
      },
    );
  }, BUILD_BUDGET_MS);

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    for (const s of servers) s.closeAllConnections();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const service = (mode: string) =>
    JSON.parse(cli.stdout).services.find((s: { id: string }) => s.id === `hostile-${mode}`);
  const failures = (mode: string) =>
    service(mode).errors.map(
      (e: { environment: string; probe: string; code: string }) => `${e.environment} ${e.probe} ${e.code}`,
    );

  it('records each hostile answer as the right failure', () => {
    expect(cli.code).toBe(1);
    expect(failures('huge')).toEqual(['production parity too-large']);
    expect(failures('slow')).toEqual(['production parity timeout']);
    expect(failures('badjson')).toEqual(['production parity invalid-json']);
    expect(failures('redirect')).toEqual([
      'production parity redirect-other-host',
      'production headers redirect-other-host',
    ]);
    expect(failures('html')).toEqual([]);
    expect(failures('secrets')).toEqual([]);
    for (const mode of ['huge', 'slow', 'badjson']) {
      expect(service(mode).drift.map((e: { class: string; path: string }) => `${e.class} ${e.path}`)).toEqual([
        'probe-failed parity',
      ]);
    }
  });

  it('keeps HTML as data: same on both sides is no drift, and nothing breaks', () => {
    // A document that names another service and environment is misrouted (first); a dependency check
    // that is not "ok" is production broken, even when staging agrees.
    expect(
      service('html').drift.map(
        (e: { severity: string; class: string; path: string }) => `${e.severity} ${e.class} ${e.path}`,
      ),
    ).toEqual([
      'critical misrouted parity.environment',
      'critical misrouted parity.service',
      'warning misrouted parity.service',
      'critical same checks.database',
    ]);
    expect(service('html').same).toBeGreaterThan(10);
  });

  it('writes no secret to any file and logs none', () => {
    const written = filesUnder(path.join(dir, 'store'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const built = filesUnder(path.join(dir, 'dist'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const secret of SECRETS) {
      expect(written, `store contains ${secret}`).not.toContain(secret);
      expect(cli.stdout + cli.stderr, `output contains ${secret}`).not.toContain(secret);
      expect(built, `site contains ${secret}`).not.toContain(secret);
      expect(build.stdout + build.stderr).not.toContain(secret);
    }
    // The secrets service's values are still there, redacted.
    const drift = service('secrets').drift.map(
      (e: { path: string; production?: unknown }) => `${e.path}=${String(e.production)}`,
    );
    expect(drift).toContain('config.flags.payment_token=[redacted]');
    expect(drift).toContain('version.build=https://[redacted]@ci.example.com/build/1');
    expect(written).not.toMatch(/set-cookie/i);
  });

  it('builds a site from those snapshots in which every value is escaped', () => {
    expect(build.code, build.stderr + build.stdout).toBe(0);
    const pages = filesUnder(path.join(dir, 'dist')).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBe(MODES.length + 1);
    const html = readFileSync(path.join(dir, 'dist', 'hostile-html', 'index.html'), 'utf8');
    // The hostile value is on the page, escaped...
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // ...and nowhere raw: not in any page of the site.
    for (const page of pages) {
      const text = readFileSync(page, 'utf8');
      expect(text, page).not.toContain('<script>alert');
      expect(text, page).not.toMatch(/<img[^>]*onerror/i);
      expect(statSync(page).size).toBeLessThan(2_000_000);
    }
    const secretsPage = readFileSync(path.join(dir, 'dist', 'hostile-secrets', 'index.html'), 'utf8');
    expect(secretsPage).toContain('[redacted]');
  });

  it('shows failed environments with their reason on the pages', () => {
    const page = readFileSync(path.join(dir, 'dist', 'hostile-redirect', 'index.html'), 'utf8');
    expect(page).toContain('redirected to another host');
    expect(page).not.toContain('attacker.invalid/collect');
  });
});
