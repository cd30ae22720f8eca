/**
 * The preview server (`npm run serve`, the end-to-end tests' web server) serves the built site
 * and nothing else: no file of a sibling folder, not the files written for the web server
 * however their name is spelled, and no error details. Each attack goes to the real server
 * process over a raw socket, exactly as written.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureSite } from '../integration/cdn-fixture.ts';
import { rawGet, startPreviewServer, type PreviewServer, type RawResponse } from '../support/preview-server.ts';

const SECRET = 'secret-of-a-sibling-folder-3f9a';
let work: string;
let site: string;
let server: PreviewServer;
let notFoundPage: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paritybook-serve-'));
  site = path.join(work, 'dist');
  await buildFixtureSite('serve-paths', {}, site);
  // A sibling whose name starts with the site folder's: what a prefix check without a separator lets through.
  await mkdir(path.join(work, 'dist-secret'));
  await writeFile(path.join(work, 'dist-secret', 's.txt'), SECRET);
  notFoundPage = await readFile(path.join(site, '404.html'), 'utf8');
  server = await startPreviewServer(site);
});

afterAll(async () => {
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The answer for a missing file: the site's 404 page, under the production CSP, never cached. */
function expectNotFoundPage(response: RawResponse) {
  expect(response.status, response.raw.slice(0, 300)).toBe(404);
  expect(response.body).toBe(notFoundPage);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['content-security-policy']).toContain("default-src 'self'");
}

describe('the preview server keeps to the site folder', () => {
  it('answers an absolute-form request target with a path above the site with no file outside it', async () => {
    const response = await rawGet(server.port, 'http://x/../../../dist-secret/s.txt');
    expect(response.raw).not.toContain(SECRET);
    expectNotFoundPage(response);
    // The same escape in a path is refused outright, encoded or not.
    for (const target of ['/../dist-secret/s.txt', '/%2e%2e/dist-secret/s.txt', '/..%2Fdist-secret/s.txt']) {
      const refused = await rawGet(server.port, target);
      expect(refused.raw, target).not.toContain(SECRET);
      expect(refused.status, target).toBe(400);
    }
  });

  it('keeps _headers back when its name is percent-encoded (/%5Fheaders)', async () => {
    const response = await rawGet(server.port, '/%5Fheaders');
    expect(response.raw).not.toContain('Netlify and Cloudflare Pages format');
    expectNotFoundPage(response);
  });

  it('keeps _headers back when the path starts with two slashes (//_headers)', async () => {
    const response = await rawGet(server.port, '//_headers');
    expect(response.raw).not.toContain('Netlify and Cloudflare Pages format');
    expectNotFoundPage(response);
  });

  it('keeps the nginx snippet back when its name is percent-encoded (/%6Eginx-paritybook.conf)', async () => {
    const response = await rawGet(server.port, '/%6Eginx-paritybook.conf');
    expect(response.raw).not.toContain('try_files');
    expectNotFoundPage(response);
    // The plain name is hidden as before.
    expectNotFoundPage(await rawGet(server.port, '/nginx-paritybook.conf'));
  });

  it('answers a malformed percent escape (/%) with 400 and no error details, and goes on serving', async () => {
    const response = await rawGet(server.port, '/%');
    expect(response.status).toBe(400);
    expect(response.raw).not.toMatch(/URIError|malformed URI|at .*\.ts:\d+/i);
    expect(server.log()).not.toContain('URIError');
    const page = await rawGet(server.port, '/runbooks/db-down/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Database down');
  });
});
