/**
 * scripts/serve.ts, which every end-to-end test uses: it must answer with the build's own
 * _headers (the production CSP and cache classes), revalidate with 304 and hide server files.
 * (What it refuses to serve is in tests/security/serve-paths.test.ts.)
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawGet, startPreviewServer, type PreviewServer } from '../support/preview-server.ts';
import { buildFixtureSite } from './cdn-fixture.ts';

let site: Awaited<ReturnType<typeof buildFixtureSite>>;
let server: PreviewServer;
let origin: string;

beforeAll(async () => {
  site = await buildFixtureSite('serve');
  server = await startPreviewServer(site.root);
  origin = server.origin;
});

afterAll(async () => {
  await server?.stop();
  if (site) await rm(site.root, { recursive: true, force: true });
});

it('answers with the headers of dist/_headers and the platform default Cache-Control', async () => {
  const page = await fetch(`${origin}/runbooks/db-down/`);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(page.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
  const asset = await fetch(`${origin}/${site.cssName}`);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect((await fetch(`${origin}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
});

it('revalidates with 304 and hides the server files', async () => {
  const first = await fetch(`${origin}/`);
  const etag = first.headers.get('etag');
  expect(etag).toBeTruthy();
  // As a browser revalidates a cached page (fetch() would add "Cache-Control: no-cache", a forced reload).
  const revalidated = await rawGet(server.port, '/', { 'If-None-Match': etag! });
  expect(revalidated.status).toBe(304);
  expect(revalidated.headers['content-security-policy']).toContain("default-src 'self'");
  expect((await fetch(`${origin}/_headers`)).status).toBe(404);
  expect((await fetch(`${origin}/nginx-paritybook.conf`)).status).toBe(404);
  const missing = await fetch(`${origin}/_astro/gone.DEADBEEF.js`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get('cache-control')).toBe('no-store');
});

it('redirects a folder without its trailing slash as nginx does, keeping the query', async () => {
  const response = await rawGet(server.port, '/runbooks/db-down?from=alert');
  expect(response.status).toBe(301);
  expect(response.headers.location).toBe('/runbooks/db-down/?from=alert');
});
