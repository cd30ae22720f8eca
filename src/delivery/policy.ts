/**
 * The delivery policy: which cache class each file of the built site belongs to and which
 * headers each class gets. `_headers`, the nginx snippet, the deploy order and the offline
 * copy are all derived from this one module, so they cannot disagree.
 */
import { ONE_YEAR, type ResolvedDeliveryOptions } from './options.ts';

/** Cache classes, from "never changes" to "always ask". */
export type FileClass = 'hashed' | 'html' | 'revalidate' | 'service-worker';

/** Path of the service worker; at the root so its scope is the whole site. */
export const SERVICE_WORKER_PATH = '/sw.js';
/** Files the build writes for the web server, never served to browsers. */
export const SERVER_ONLY_FILES = ['/_headers', '/nginx-paritybook.conf'] as const;

export const CACHE_CONTROL: Record<FileClass, string> = {
  hashed: `public, max-age=${ONE_YEAR}, immutable`,
  html: 'public, max-age=0, must-revalidate',
  revalidate: 'public, max-age=0, must-revalidate',
  // `no-cache`: every use asks the server, and shared caches (nginx proxy_cache among them) keep no copy.
  'service-worker': 'no-cache',
};

/** Pagefind 1.6 names its index, fragment and filter chunks and its metadata file after their content hash. */
const HASHED = [
  /^\/_astro\//,
  /^\/pagefind\/(?:index|fragment|filter)\/[^/]+$/,
  /^\/pagefind\/pagefind\.[^/]+\.pf_meta$/,
];

/** Cache class of a URL path (or a path of a file inside dist/, written with a leading slash). */
export function classify(urlPath: string): FileClass {
  const path = urlPath.split('?')[0];
  if (path === SERVICE_WORKER_PATH) return 'service-worker';
  if (HASHED.some((pattern) => pattern.test(path))) return 'hashed';
  if (path.endsWith('/') || path.endsWith('.html')) return 'html';
  return 'revalidate';
}

/** Serialise CSP directives in a stable order. */
export function contentSecurityPolicy(options: Pick<ResolvedDeliveryOptions, 'cspExtra'>): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // Pagefind compiles its WebAssembly search engine at run time; nothing else needs more than 'self'.
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    // Pagefind runs its search in /pagefind/pagefind-worker.js; the offline copy is /sw.js.
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'object-src': ["'none'"],
  };
  for (const [name, sources] of Object.entries(options.cspExtra)) {
    const current = directives[name] ?? [];
    directives[name] = [...current, ...sources.filter((source) => !current.includes(source))];
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers every response gets, whatever its class. */
export function securityHeaders(options: ResolvedDeliveryOptions): [string, string][] {
  const headers: [string, string][] = [['Content-Security-Policy', contentSecurityPolicy(options)]];
  if (options.hsts) {
    const parts = [`max-age=${options.hsts.maxAge}`];
    if (options.hsts.includeSubDomains) parts.push('includeSubDomains');
    if (options.hsts.preload) parts.push('preload');
    headers.push(['Strict-Transport-Security', parts.join('; ')]);
  }
  headers.push(
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', options.referrerPolicy],
    ['Permissions-Policy', options.permissionsPolicy],
    // For browsers that predate CSP frame-ancestors.
    ['X-Frame-Options', 'DENY'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
  );
  return headers;
}

/** Cache headers of one class (Cache-Control, and CDN-Cache-Control where an edge TTL applies). */
export function cacheHeaders(fileClass: FileClass, options: ResolvedDeliveryOptions): [string, string][] {
  const headers: [string, string][] = [['Cache-Control', CACHE_CONTROL[fileClass]]];
  if (options.edgeTtl && (fileClass === 'html' || fileClass === 'revalidate')) {
    headers.push(['CDN-Cache-Control', `public, max-age=${options.edgeTtl}`]);
  }
  return headers;
}

/** A path rule of `_headers`: a pattern and the headers it attaches. */
export interface HeaderRule {
  pattern: string;
  headers: [string, string][];
  comment: string;
}

/**
 * Rules for `_headers` (Netlify and Cloudflare Pages). Cloudflare joins the values of a header
 * set by several matching rules with commas, Netlify lets the later rule win; so no two rules
 * that can match one path set the same header. Security headers go on `/*`; Cache-Control only on
 * rules that never overlap. HTML and other unhashed files get both platforms' default,
 * `public, max-age=0, must-revalidate`, which is exactly the revalidate class.
 */
export function headerRules(options: ResolvedDeliveryOptions): HeaderRule[] {
  const hashed = cacheHeaders('hashed', options).filter(([name]) => name === 'Cache-Control');
  const revalidate = [['Cache-Control', CACHE_CONTROL.revalidate]] as [string, string][];
  return [
    {
      pattern: '/*',
      headers: securityHeaders(options),
      comment: 'Security headers on every response',
    },
    {
      pattern: '/_astro/*',
      headers: hashed,
      comment: 'Hashed build assets: immutable for a year',
    },
    {
      pattern: '/pagefind/index/*',
      headers: hashed,
      comment: 'Pagefind hashed index chunks',
    },
    {
      pattern: '/pagefind/fragment/*',
      headers: hashed,
      comment: 'Pagefind hashed fragments',
    },
    {
      pattern: '/pagefind/filter/*',
      headers: hashed,
      comment: 'Pagefind hashed filter chunks',
    },
    {
      pattern: '/pagefind/*.pf_meta',
      headers: hashed,
      comment: 'Pagefind hashed metadata',
    },
    {
      pattern: '/pagefind/pagefind.js',
      headers: revalidate,
      comment: 'Pagefind entry script: unhashed, revalidate',
    },
    {
      pattern: '/pagefind/pagefind-*',
      headers: revalidate,
      comment: 'Pagefind worker, entry JSON and UI files: unhashed, revalidate',
    },
    {
      pattern: '/pagefind/wasm.*',
      headers: revalidate,
      comment: 'Pagefind WebAssembly: unhashed, revalidate',
    },
    {
      pattern: SERVICE_WORKER_PATH,
      headers: [['Cache-Control', CACHE_CONTROL['service-worker']]],
      comment: 'Service worker: always checked for updates',
    },
  ];
}
