/**
 * The delivery policy behind a real cache: the generated nginx snippet in an origin nginx,
 * a second nginx with proxy_cache in front (the CDN), requests on 127.0.0.1.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersForPath, MAX_RULES, parseHeadersFile } from '../../src/delivery/headers-file.ts';
import { classify, type FileClass } from '../../src/delivery/policy.ts';
import { buildFixtureSite } from './cdn-fixture.ts';
import { startCdnStack, testOriginConfig, type CdnStack } from './cdn-nginx.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';
const SECURITY = [
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
];

let site: Awaited<ReturnType<typeof buildFixtureSite>>;
let stack: CdnStack;

beforeAll(async () => {
  site = await buildFixtureSite('a', { edgeTtl: 30 });
  stack = await startCdnStack(site.root);
});

afterAll(async () => {
  await stack?.stop();
  if (site) await rm(site.root, { recursive: true, force: true });
});

const get = (url: string, init?: RequestInit) => fetch(`${stack.cdn.url}${url}`, { redirect: 'manual', ...init });

/** One URL of each kind the site serves, with the class the policy gives it. */
async function samples(): Promise<{ url: string; fileClass: FileClass; label: string }[]> {
  const entry = JSON.parse(await readFile(path.join(site.root, 'pagefind/pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { hash: string }>;
  };
  const hash = Object.values(entry.languages)[0].hash;
  const pick = (prefix: string) => site.manifest.entries.find((e) => e.url.startsWith(prefix))!.url;
  const list = [
    { url: '/', label: 'HTML (start page)' },
    { url: '/runbooks/db-down/', label: 'HTML (runbook)' },
    { url: `/${site.cssName}`, label: '/_astro CSS' },
    { url: `/${site.jsName}`, label: '/_astro JS' },
    { url: pick('/pagefind/index/'), label: 'Pagefind index chunk' },
    { url: pick('/pagefind/fragment/'), label: 'Pagefind fragment' },
    { url: pick('/pagefind/filter/'), label: 'Pagefind filter chunk' },
    { url: `/pagefind/pagefind.${hash}.pf_meta`, label: 'Pagefind metadata' },
    { url: '/pagefind/pagefind.js', label: 'pagefind.js' },
    { url: '/pagefind/pagefind-worker.js', label: 'pagefind-worker.js' },
    {
      url: '/pagefind/pagefind-entry.json?ts=build-a',
      label: 'pagefind-entry.json',
    },
    { url: '/pagefind/wasm.en.pagefind', label: 'wasm.*.pagefind' },
    { url: '/pagefind/pagefind-ui.js', label: 'Pagefind UI' },
    { url: '/favicon.svg', label: 'public file' },
    { url: '/sw.js', label: 'service worker' },
  ];
  return list.map((item) => ({ ...item, fileClass: classify(item.url) }));
}

describe('generated delivery files', () => {
  it('_headers stays within the Cloudflare Pages limits and no two rules set one header on one path', async () => {
    const text = await readFile(path.join(site.root, '_headers'), 'utf8');
    const rules = parseHeadersFile(text);
    expect(rules.length).toBeLessThanOrEqual(MAX_RULES);
    expect(text.split('\n').every((line) => line.length <= 2000)).toBe(true);
    for (const { url } of await samples()) {
      const seen = new Map<string, string>();
      for (const rule of rules.filter((r) => r.regexp.test(url.split('?')[0]))) {
        for (const [name] of rule.attach) {
          expect(
            seen.get(name.toLowerCase()),
            `${url}: ${name} set by ${seen.get(name.toLowerCase())} and ${rule.pattern}`,
          ).toBeUndefined();
          seen.set(name.toLowerCase(), rule.pattern);
        }
      }
    }
  });

  it('the nginx snippet passes nginx -t', async () => {
    const result = await testOriginConfig(site.root);
    expect(result.output).toContain('syntax is ok');
    expect(result.ok).toBe(true);
  });
});

describe('behind the CDN', () => {
  it('serves every file class with its cache and security headers, the same as _headers says', async () => {
    const rules = parseHeadersFile(await readFile(path.join(site.root, '_headers'), 'utf8'));
    const table: string[] = [];
    for (const { url, fileClass, label } of await samples()) {
      const response = await get(url);
      await response.arrayBuffer();
      expect(response.status, url).toBe(200);
      const cacheControl = response.headers.get('cache-control');
      const expected = {
        hashed: IMMUTABLE,
        html: REVALIDATE,
        revalidate: REVALIDATE,
        'service-worker': 'no-cache',
      }[fileClass];
      expect(cacheControl, url).toBe(expected);
      expect(response.headers.get('cdn-cache-control'), url).toBe(
        fileClass === 'html' || fileClass === 'revalidate' ? 'public, max-age=30' : null,
      );
      for (const name of SECURITY) expect(response.headers.get(name), `${url} ${name}`).toBeTruthy();
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      // One source of truth: what Netlify/Cloudflare would send from _headers equals what nginx sends.
      const fromFile = headersForPath(rules, url.split('?')[0]);
      for (const [name, value] of Object.entries(fromFile))
        expect(response.headers.get(name), `${url} ${name} (_headers vs nginx)`).toBe(value);
      if (!fromFile['cache-control']) expect(cacheControl, `${url}: platform default`).toBe(REVALIDATE);
      table.push(`${label.padEnd(24)} ${url.padEnd(48)} ${cacheControl}`);
    }
    process.stderr.write(`\n${table.join('\n')}\n`);
  });

  it('a hashed asset is a MISS on the first request and a HIT on the second', async () => {
    // A query string of its own gives this test fresh cache keys.
    for (const url of [
      `/${site.cssName}?t=hit`,
      `${site.manifest.entries.find((e) => e.url.startsWith('/pagefind/index/'))!.url}?t=hit`,
    ]) {
      const first = await get(url);
      await first.arrayBuffer();
      const second = await get(url);
      await second.arrayBuffer();
      expect(first.headers.get('x-cache-status'), url).toBe('MISS');
      expect(second.headers.get('x-cache-status'), url).toBe('HIT');
      expect(second.headers.get('cache-control')).toBe(IMMUTABLE);
    }
  });

  it('HTML is never answered from the cache without the origin, and revalidates with its ETag', async () => {
    const statuses: (string | null)[] = [];
    let etag: string | null = null;
    for (let i = 0; i < 3; i++) {
      const response = await get('/runbooks/disk-full/');
      await response.text();
      statuses.push(response.headers.get('x-cache-status'));
      etag = response.headers.get('etag');
    }
    expect(statuses).not.toContain('HIT');
    expect(etag).toBeTruthy();
    // Browsers revalidate with the ETag; the origin answers 304 when nothing changed. (nginx as a
    // CDN does not store max-age=0 responses, so it forwards every request in full.)
    const conditional = await fetch(`${stack.origin.url}/runbooks/disk-full/`, {
      headers: { 'if-none-match': etag! },
    });
    expect(conditional.status).toBe(304);
    expect(conditional.headers.get('cache-control')).toBe(REVALIDATE);
  });

  it('a changed page is served at once (no stale HTML at the edge)', async () => {
    const before = await (await get('/runbooks/db-down/')).text();
    await buildFixtureSite('b', { edgeTtl: 30 }, site.root);
    const after = await (await get('/runbooks/db-down/')).text();
    expect(before).toContain('(build a)');
    expect(after).toContain('(build b)');
  });

  it('a missing hashed asset is a 404 that no cache keeps', async () => {
    const first = await get('/_astro/gone.DEADBEEF.js');
    const second = await get('/_astro/gone.DEADBEEF.js');
    expect(first.status).toBe(404);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(second.headers.get('x-cache-status')).not.toBe('HIT');
    expect(first.headers.get('content-security-policy')).toBeTruthy();
  });

  it('keeps build files for the server out of reach and redirects to the trailing slash relatively', async () => {
    expect((await get('/_headers')).status).toBe(404);
    expect((await get('/nginx-paritybook.conf')).status).toBe(404);
    expect((await get('/.paritybook/deploys.json')).status).toBe(404);
    const redirect = await get('/runbooks/db-down');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/runbooks/db-down/');
    const missing = await get('/runbooks/nope/');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Not found');
  });
});
