/**
 * scripts/serve.ts, which every end-to-end test uses: it must answer with the build's own
 * _headers (the production CSP and cache classes), revalidate with 304 and hide server files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildFixtureSite } from './cdn-fixture.ts';

const repo = path.resolve(import.meta.dirname, '../..');
let site: Awaited<ReturnType<typeof buildFixtureSite>>;
let server: ChildProcess;
let origin: string;

beforeAll(async () => {
  site = await buildFixtureSite('serve');
  server = spawn(process.execPath, [path.join(repo, 'scripts/serve.ts'), '--dir', site.root, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  origin = await new Promise<string>((resolve, reject) => {
    let text = '';
    server.stderr!.on('data', (chunk) => {
      text += chunk;
      const match = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`serve.ts exited (${code}): ${text}`)));
  });
});

afterAll(async () => {
  server?.kill('SIGTERM');
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
  expect((await fetch(`${origin}/`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
  expect((await fetch(`${origin}/_headers`)).status).toBe(404);
  expect((await fetch(`${origin}/nginx-paritybook.conf`)).status).toBe(404);
  const missing = await fetch(`${origin}/_astro/gone.DEADBEEF.js`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get('cache-control')).toBe('no-store');
});
