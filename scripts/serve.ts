/**
 * Serves a built site on 127.0.0.1 for previews and end-to-end tests, with the headers of the
 * build's own `_headers` file (as Cloudflare Pages applies them), so every page runs under the
 * production CSP and cache policy. Answers conditional requests with 304.
 * Usage: node scripts/serve.ts [--dir dist] [--port 4321]
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { headersForPath, parseHeadersFile, type ParsedRule } from '../src/delivery/headers-file.ts';
import { SERVER_ONLY_FILES } from '../src/delivery/policy.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
};

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '4321' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const root = path.resolve(values.dir);

/** What Netlify and Cloudflare Pages send when no rule sets Cache-Control. */
const PLATFORM_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** Rules of dist/_headers, re-read when the file changes (a rebuild swaps dist/ under a running server). */
let headerCache: { mtimeMs: number; rules: ParsedRule[] } | undefined;
async function headerRules(): Promise<ParsedRule[] | undefined> {
  const file = path.join(root, '_headers');
  const info = await stat(file).catch(() => undefined);
  if (!info) return undefined;
  if (headerCache?.mtimeMs !== info.mtimeMs)
    headerCache = {
      mtimeMs: info.mtimeMs,
      rules: parseHeadersFile(await readFile(file, 'utf8')),
    };
  return headerCache.rules;
}

async function policyHeaders(urlPath: string): Promise<Record<string, string>> {
  const rules = await headerRules();
  if (!rules) return {};
  const headers = headersForPath(rules, urlPath);
  headers['cache-control'] ??= PLATFORM_CACHE_CONTROL;
  return headers;
}

async function resolveFile(urlPath: string): Promise<string | undefined> {
  const decoded = decodeURIComponent(urlPath.split('?')[0]);
  const candidate = path.join(root, path.normalize(decoded));
  if (!candidate.startsWith(root)) return undefined;
  for (const file of [candidate, path.join(candidate, 'index.html')]) {
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile()) return file;
  }
  return undefined;
}

const server = createServer(async (request, response) => {
  try {
    const urlPath = (request.url ?? '/').split('?')[0];
    const hidden = (SERVER_ONLY_FILES as readonly string[]).includes(urlPath);
    const file = hidden ? undefined : await resolveFile(request.url ?? '/');
    const notFound = file ? undefined : path.join(root, '404.html');
    const target = file ?? notFound!;
    const info = await stat(target).catch(() => undefined);
    const policy = await policyHeaders(urlPath);
    if (!file) {
      // Like the nginx snippet: a missing file is never cacheable, least of all under an immutable rule.
      policy['cache-control'] = 'no-store';
    }
    if (!info) {
      response.writeHead(404, { ...policy, 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    if (file && request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ...policy, etag }).end();
      return;
    }
    response.writeHead(file ? 200 : 404, {
      ...policy,
      ...(file ? { etag } : {}),
      'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'content-length': info.size,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(target).pipe(response);
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});

server.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  process.stderr.write(`Serving ${path.relative(process.cwd(), root) || '.'} at http://${values.host}:${port}/\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
