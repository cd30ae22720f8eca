/**
 * Shared by the relevance harness, the search benchmark and tests: build a site from a
 * content folder in a temporary root, serve it on a free loopback port, and drive the
 * real search dialog in Chromium.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './system.ts';

export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

export class HarnessError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
  }
}

export interface TempSite {
  root: string;
  contentDir: string;
  dist: string;
  remove(): Promise<void>;
}

/**
 * A temporary project root with a copy of the project's code and config (node_modules linked),
 * so a build of other content never touches the project's own .astro/ or dist/.
 */
export async function makeTempSite(prefix = 'paritybook-site-'): Promise<TempSite> {
  const root = await mkdtemp(path.join(os.tmpdir(), prefix));
  // Copies, not links: Astro resolves real paths and would mix the two roots up.
  for (const name of ['src', 'public'])
    await cp(path.join(PROJECT_ROOT, name), path.join(root, name), { recursive: true });
  await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  for (const name of ['astro.config.mjs', 'package.json', 'tsconfig.json'])
    await copyFile(path.join(PROJECT_ROOT, name), path.join(root, name));
  const contentDir = path.join(root, 'content');
  await mkdir(contentDir, { recursive: true });
  return { root, contentDir, dist: path.join(root, 'dist'), remove: () => rm(root, { recursive: true, force: true }) };
}

/** Runs `astro build` for a temporary site; resolves with the build log. */
export function buildSite(site: TempSite, log: (line: string) => void = () => {}): Promise<string> {
  const astro = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'astro');
  return new Promise((resolve, reject) => {
    const child = spawn(astro, ['build', '--root', site.root], {
      cwd: site.root,
      env: {
        ...process.env,
        ASTRO_TELEMETRY_DISABLED: '1',
        PARITYBOOK_CONTENT_DIR: site.contentDir,
        PATH: `${path.dirname(astro)}:${process.env.PATH}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (/paritybook-search|\[ERROR\]/.test(line)) log(line.trim());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => reject(new HarnessError('could not start astro build', { cause: error })));
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new HarnessError(`astro build failed (exit ${code}):\n${output.split('\n').slice(-30).join('\n')}`));
    });
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.json', '.svg']);

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves a built site on 127.0.0.1 at a port the OS picks, gzip-compressing text as a CDN
 * would, with the production CSP so tests see what users get.
 */
export async function serveStatic(dir: string, options: { csp?: string } = {}): Promise<StaticServer> {
  const root = path.resolve(dir);
  const csp =
    options.csp ??
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";
  const server: Server = createServer(async (request, response) => {
    try {
      const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      let file = path.join(root, path.normalize(urlPath));
      if (!file.startsWith(root)) throw new Error('outside root');
      const info = await stat(file).catch(() => undefined);
      if (info?.isDirectory()) file = path.join(file, 'index.html');
      const found = await stat(file).catch(() => undefined);
      if (!found?.isFile()) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const ext = path.extname(file);
      const headers: Record<string, string | number> = {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'content-security-policy': csp,
      };
      if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
        const body = gzipSync(await readFile(file));
        response.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
        return;
      }
      response.writeHead(200, { ...headers, 'content-length': found.size });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS }).catch((error) => {
    throw new HarnessError('could not start Chromium (set PARITYBOOK_CHROMIUM to its path)', { cause: error });
  });
}

/** Types a query into the open search dialog and returns the result URLs, in order. */
export async function searchInPage(page: Page, query: string): Promise<string[]> {
  const dialog = page.locator('dialog.pb-search');
  if (!(await dialog.isVisible().catch(() => false))) {
    await page.keyboard.press('Control+k');
    await dialog.waitFor({ state: 'visible' });
  }
  const input = dialog.locator('input[type="search"]');
  await input.fill(query);
  return resultsFor(page, query);
}

/** Waits until the open dialog has drawn the results of `query`, and returns their URLs, in order. */
export async function resultsFor(page: Page, query: string, timeout = 20_000): Promise<string[]> {
  await page.waitForFunction(
    (q) => {
      const d = document.querySelector<HTMLDialogElement>('dialog.pb-search');
      return d?.dataset.state === 'done' && d.dataset.query === q;
    },
    query,
    { timeout },
  );
  return listedResults(page);
}

/** The result URLs the open dialog lists, in order. */
export function listedResults(page: Page): Promise<string[]> {
  return page
    .locator('dialog.pb-search li[data-url]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-url') ?? ''));
}
