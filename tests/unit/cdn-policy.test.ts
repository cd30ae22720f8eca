import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headersForPath, parseHeadersFile, renderHeadersFile } from '../../src/delivery/headers-file.ts';
import { renderNginxSnippet } from '../../src/delivery/nginx.ts';
import { planOfflineCopy, renderServiceWorker } from '../../src/delivery/offline.ts';
import { deliveryOptionsSchema } from '../../src/delivery/options.ts';
import { classify, contentSecurityPolicy, headerRules } from '../../src/delivery/policy.ts';
import { listFiles } from '../../src/delivery/walk.ts';
import { optionsSchema } from '../../src/integration.ts';

const defaults = deliveryOptionsSchema.parse({});

describe('cache classes', () => {
  it.each([
    ['/', 'html'],
    ['/runbooks/db-down/', 'html'],
    ['/404.html', 'html'],
    ['/_astro/index.Cz0BUx2e.css', 'hashed'],
    ['/pagefind/index/en_651f949.pf_index', 'hashed'],
    ['/pagefind/fragment/en_445d814.pf_fragment', 'hashed'],
    ['/pagefind/filter/en_23f7f36.pf_filter', 'hashed'],
    ['/pagefind/pagefind.en_eef37d739e.pf_meta', 'hashed'],
    ['/pagefind/pagefind.js', 'revalidate'],
    ['/pagefind/pagefind-worker.js', 'revalidate'],
    ['/pagefind/pagefind-entry.json?ts=abc', 'revalidate'],
    ['/pagefind/wasm.en.pagefind', 'revalidate'],
    ['/pagefind/pagefind-ui.css', 'revalidate'],
    ['/favicon.svg', 'revalidate'],
    ['/sw.js', 'service-worker'],
  ])('%s is %s', (url, expected) => {
    expect(classify(url)).toBe(expected);
  });
});

describe('options', () => {
  it('fills every default from an empty object, in the integration options too', () => {
    expect(optionsSchema.parse({}).delivery).toEqual(defaults);
    expect(defaults.offline).toEqual({
      enabled: true,
      budgetBytes: 25 * 1024 * 1024,
      prefer: ['/runbooks/', '/alerts/'],
      networkTimeoutMs: 4000,
    });
  });

  it('says what to do about a budget too small to hold anything', () => {
    const result = optionsSchema.safeParse({
      delivery: { offline: { budgetBytes: 1000 } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toMatchInlineSnapshot(`
      [
        "delivery.offline.budgetBytes: offline.budgetBytes below 64 KiB cannot hold even the stylesheet; raise it or set offline.enabled: false",
      ]
    `);
  });

  it('adds extra CSP sources without dropping the built-in ones, and refuses directive injection', () => {
    const csp = contentSecurityPolicy(
      deliveryOptionsSchema.parse({
        cspExtra: { 'img-src': ['https://grafana.example.com'] },
      }),
    );
    expect(csp).toContain("img-src 'self' data: https://grafana.example.com");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(
      deliveryOptionsSchema.safeParse({
        cspExtra: { 'img-src': ["'self'; script-src *"] },
      }).success,
    ).toBe(false);
  });
});

describe('_headers', () => {
  it('round-trips: what the file gives each path is the policy of its class', () => {
    const rules = parseHeadersFile(renderHeadersFile(headerRules(defaults), 'test'));
    expect(headersForPath(rules, '/_astro/a.B1c2D3e4.js')['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(headersForPath(rules, '/pagefind/pagefind.en_1.pf_meta')['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(headersForPath(rules, '/pagefind/pagefind-entry.json')['cache-control']).toBe(
      'public, max-age=0, must-revalidate',
    );
    expect(headersForPath(rules, '/sw.js')['cache-control']).toBe('no-cache');
    // HTML gets the platforms' default Cache-Control, so no rule may set it.
    expect(headersForPath(rules, '/runbooks/x/')['cache-control']).toBeUndefined();
    expect(headersForPath(rules, '/runbooks/x/')['strict-transport-security']).toBe(
      'max-age=63072000; includeSubDomains',
    );
  });

  it('applies Cloudflare semantics: repeated headers join, "! Name" detaches', () => {
    const rules = parseHeadersFile(
      '/*\n  X-Robots-Tag: noindex\n  X-A: 1\n/static/*\n  X-Robots-Tag: nosnippet\n  ! X-A\n',
    );
    expect(headersForPath(rules, '/static/a.css')).toEqual({
      'x-robots-tag': 'noindex, nosnippet',
    });
    expect(headersForPath(rules, '/x')).toEqual({
      'x-robots-tag': 'noindex',
      'x-a': '1',
    });
  });

  it('turns off HSTS for plain-HTTP hosts when asked', () => {
    const rules = parseHeadersFile(
      renderHeadersFile(headerRules(deliveryOptionsSchema.parse({ hsts: false })), 'test'),
    );
    expect(headersForPath(rules, '/')['strict-transport-security']).toBeUndefined();
  });
});

describe('nginx snippet', () => {
  it('never marks an error response immutable and sends the edge TTL only on revalidating classes', () => {
    const snippet = renderNginxSnippet({
      options: deliveryOptionsSchema.parse({ edgeTtl: 60 }),
      hasNotFoundPage: true,
      generatedBy: 'test',
    });
    const immutable = snippet.split('\n').filter((line) => line.includes('immutable'));
    expect(immutable.length).toBeGreaterThan(0);
    expect(immutable.every((line) => !line.includes('always'))).toBe(true);
    expect(snippet).toContain('add_header CDN-Cache-Control "public, max-age=60" always;');
    expect(snippet).toContain('error_page 404 /404.html;');
    const start = snippet.indexOf('location = /sw.js');
    const serviceWorker = snippet.slice(start, snippet.indexOf('}', start));
    expect(serviceWorker).toContain('add_header Cache-Control "no-cache" always;');
    expect(serviceWorker).not.toContain('CDN-Cache-Control');
  });
});

describe('offline copy plan', () => {
  it('stores assets and the index first, preferred pages next, and lists what the budget left out', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'paritybook-plan-'));
    try {
      const write = async (file: string, bytes: number) => {
        await mkdir(path.dirname(path.join(root, file)), { recursive: true });
        await writeFile(path.join(root, file), 'x'.repeat(bytes));
      };
      await write('_astro/index.A1b2C3d4.css', 30_000);
      await write('pagefind/pagefind.js', 20_000);
      await write('index.html', 5_000);
      await write('changes/big/index.html', 30_000);
      await write('runbooks/db/index.html', 5_000);
      await write('_headers', 100);
      const options = deliveryOptionsSchema.parse({
        offline: { budgetBytes: 65_536 },
      }).offline;
      const plan = await planOfflineCopy(root, await listFiles(root), options);
      expect(plan.entries.map((entry) => entry.url)).toEqual([
        '/_astro/index.A1b2C3d4.css',
        '/pagefind/pagefind.js',
        '/',
        '/runbooks/db/',
      ]);
      expect(plan.omitted).toEqual([{ url: '/changes/big/', bytes: 30_000 }]);
      expect(plan.entries.find((entry) => entry.url === '/')?.sha256).toMatch(/^[0-9a-f]{16}$/);
      expect(plan.entries.find((entry) => entry.url.startsWith('/_astro/'))?.sha256).toBeUndefined();

      const off = await planOfflineCopy(root, await listFiles(root), { ...options, enabled: false });
      expect(off.disabledReason).toBe('offline.enabled is false');
      // The switched-off worker still ships: it removes copies earlier builds stored.
      const script = await renderServiceWorker(off, options);
      expect(script).toContain('"enabled":false');
      expect(script).toContain('self.registration.unregister()');

      const tooSmall = await planOfflineCopy(root, await listFiles(root), {
        ...options,
        budgetBytes: 40_000,
      });
      expect(tooSmall.disabledReason).toMatch(/need 50000 bytes, more than offline.budgetBytes \(40000\)/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
