/**
 * The preview server behind `npm run serve`, `npm start` and the end-to-end tests: a built site
 * served by `send` (the file server of Express's `serve-static`), with the headers of the build's
 * own `_headers` file as Cloudflare Pages applies them, its 404 page for unknown paths, and the
 * files meant for the web server kept back.
 *
 * Every request target is first reduced to one site path (see `sitePath`); the hidden files, the
 * header rules and the file served are all decided on that same path, so an encoded or doubled
 * character cannot make them disagree. `send` then resolves it inside the site folder again and
 * refuses anything else, as a second line.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import send from 'send';
import { headersForPath, parseHeadersFile, type ParsedRule } from '../../src/delivery/headers-file.ts';
import { SERVER_ONLY_FILES } from '../../src/delivery/policy.ts';

/** What Netlify and Cloudflare Pages send when no rule sets Cache-Control. */
const PLATFORM_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** A request target the server refuses, with the status to answer. */
export interface Refused {
  status: 400;
  reason: string;
}

/** The site path of a request target, with its query string kept apart for redirects. */
export interface SitePath {
  /** Decoded, starting with `/`, without empty or `.` segments; ends with `/` when the target did. */
  path: string;
  search: string;
}

/**
 * Reduces a request target to the one site path it names. The absolute form
 * (`GET http://host/x`, which HTTP/1.1 servers must accept) is read as a URL, which resolves its
 * dot segments inside the site as a browser would. In a path, percent escapes are decoded once,
 * empty and `.` segments dropped (`//_headers` is `/_headers`, as nginx merges slashes), and a
 * `..` segment, a malformed escape or a NUL byte is refused: no client that resolves its URLs
 * sends them.
 */
export function sitePath(target: string): SitePath | Refused {
  let raw = target;
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(target)) {
    try {
      const url = new URL(target);
      raw = url.pathname + url.search;
    } catch {
      return { status: 400, reason: 'malformed absolute URL' };
    }
  }
  if (!raw.startsWith('/')) return { status: 400, reason: 'request target is not a path' };
  const query = raw.indexOf('?');
  const encoded = query === -1 ? raw : raw.slice(0, query);
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return { status: 400, reason: 'malformed percent escape' };
  }
  if (decoded.includes('\0')) return { status: 400, reason: 'NUL byte in path' };
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { status: 400, reason: '".." in path' };
  const trailing = decoded.endsWith('/') || decoded.endsWith('/.');
  return {
    path: `/${segments.join('/')}${trailing && segments.length > 0 ? '/' : ''}`,
    search: query === -1 ? '' : raw.slice(query),
  };
}

/** A site path in the form `send` takes (it decodes once more). */
const encodePath = (sitePathname: string) => sitePathname.split('/').map(encodeURIComponent).join('/');

/** Rules of `<root>/_headers`, read again when the file changes (a rebuild swaps dist/ under a running server). */
function headerRulesOf(root: string): () => Promise<ParsedRule[] | undefined> {
  let cache: { mtimeMs: number; rules: ParsedRule[] } | undefined;
  return async () => {
    const file = path.join(root, '_headers');
    const info = await stat(file).catch(() => undefined);
    if (!info) return undefined;
    if (cache?.mtimeMs !== info.mtimeMs)
      cache = { mtimeMs: info.mtimeMs, rules: parseHeadersFile(await readFile(file, 'utf8')) };
    return cache.rules;
  };
}

export interface PreviewServerOptions {
  /** The built site. */
  root: string;
  /** Where unexpected errors are reported; their details never go to the client. */
  onError?: (error: unknown) => void;
}

/** An HTTP server (not yet listening) for the built site in `root`. */
export function createPreviewServer({ root, onError = () => undefined }: PreviewServerOptions): Server {
  const siteRoot = path.resolve(root);
  const headerRules = headerRulesOf(siteRoot);

  async function policyHeaders(sitePathname: string): Promise<Record<string, string>> {
    const rules = await headerRules();
    if (!rules) return {};
    const headers = headersForPath(rules, sitePathname);
    headers['cache-control'] ??= PLATFORM_CACHE_CONTROL;
    return headers;
  }

  async function notFound(request: IncomingMessage, response: ServerResponse, policy: Record<string, string>) {
    // Like the nginx snippet: a missing file is never cacheable, least of all under an immutable rule.
    const headers = { ...policy, 'cache-control': 'no-store' };
    const page = path.join(siteRoot, '404.html');
    const info = await stat(page).catch(() => undefined);
    if (!info?.isFile()) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    response.writeHead(404, { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-length': info.size });
    if (request.method === 'HEAD') response.end();
    else createReadStream(page).pipe(response);
  }

  function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
    response
      .writeHead(status, { ...headers, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' })
      .end(`${text}\n`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = sitePath(request.url ?? '/');
    if ('status' in target) {
      plain(response, target.status, `Bad request: ${target.reason}`);
      return;
    }
    const policy = await policyHeaders(target.path);
    if ((SERVER_ONLY_FILES as readonly string[]).includes(target.path)) {
      await notFound(request, response, policy);
      return;
    }
    send(request, encodePath(target.path), {
      root: siteRoot,
      // Dot folders (the deploy state in .paritybook/) are answered as missing.
      dotfiles: 'ignore',
      index: ['index.html'],
      cacheControl: false,
    })
      .on('headers', (res: ServerResponse) => {
        for (const [name, value] of Object.entries(policy)) res.setHeader(name, value);
      })
      .on('directory', (res: ServerResponse) => {
        // What nginx does with `try_files $uri $uri/` and `absolute_redirect off`.
        res
          .writeHead(301, { ...policy, location: `${encodePath(target.path)}/${target.search}`, 'content-length': 0 })
          .end();
      })
      .on('error', (error: { status?: number; headers?: Record<string, string> }) => {
        const status = error.status ?? 500;
        if (status === 404) void notFound(request, response, policy).catch((cause) => fail(response, cause));
        else if (status >= 500) fail(response, error);
        else plain(response, status, `${status}`, { ...policy, ...error.headers });
      })
      .pipe(response);
  }

  function fail(response: ServerResponse, error: unknown) {
    onError(error);
    if (response.headersSent) response.destroy();
    else plain(response, 500, 'Internal server error');
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => fail(response, error));
  });
}
