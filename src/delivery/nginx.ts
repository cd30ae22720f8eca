/**
 * nginx snippet of the delivery policy, to `include` inside a `server {}` whose `root` is the
 * published site. nginx drops inherited `add_header`s in any location that sets its own, so every
 * location repeats the security headers.
 */
import { cacheHeaders, securityHeaders, SERVER_ONLY_FILES, SERVICE_WORKER_PATH, type FileClass } from './policy.ts';
import type { ResolvedDeliveryOptions } from './options.ts';

const quote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

function headerLines(fileClass: FileClass, options: ResolvedDeliveryOptions, indent: string): string[] {
  const lines = securityHeaders(options).map(([name, value]) => `${indent}add_header ${name} ${quote(value)} always;`);
  for (const [name, value] of cacheHeaders(fileClass, options)) {
    // Without `always`, nginx adds the header to successful responses only: a 404 for a missing
    // hashed file must never be cached for a year.
    const always = fileClass === 'hashed' ? '' : ' always';
    lines.push(`${indent}add_header ${name} ${quote(value)}${always};`);
  }
  return lines;
}

function hashedBlock(match: string, options: ResolvedDeliveryOptions, indent: string): string[] {
  return [
    `${indent}location ${match} {`,
    ...headerLines('hashed', options, `${indent}  `),
    `${indent}  try_files $uri =404;`,
    `${indent}  error_page 404 = @paritybook_missing_asset;`,
    `${indent}}`,
  ];
}

export interface NginxSnippetInput {
  options: ResolvedDeliveryOptions;
  /** Whether the build has a /404.html page to show for unknown paths. */
  hasNotFoundPage: boolean;
  generatedBy: string;
}

export function renderNginxSnippet({ options, hasNotFoundPage, generatedBy }: NginxSnippetInput): string {
  const lines = [
    `# ${generatedBy}`,
    '# include inside server { root /path/to/site; ... } (see docs/deployment.md in paritybook).',
    '',
    'index index.html;',
    // Redirects (/runbooks/x -> /runbooks/x/) keep the host and port the client used, also behind a CDN.
    'absolute_redirect off;',
    'etag on;',
    hasNotFoundPage ? 'error_page 404 /404.html;' : '# (no /404.html in this build)',
    '',
    '# Build files meant for the web server, not for browsers.',
    ...SERVER_ONLY_FILES.map((file) => `location = ${file} { return 404; }`),
    'location ^~ /.paritybook/ { return 404; }',
    '',
    '# A hashed file that is missing: say so, and let no cache keep the answer.',
    'location @paritybook_missing_asset {',
    ...securityHeaders(options).map(([name, value]) => `  add_header ${name} ${quote(value)} always;`),
    '  add_header Cache-Control "no-store" always;',
    '  return 404;',
    '}',
    '',
    '# Hashed build assets: immutable for a year.',
    ...hashedBlock('^~ /_astro/', options, ''),
    '',
    '# Pagefind: hashed chunks are immutable, its entry files revalidate.',
    'location ^~ /pagefind/ {',
    ...hashedBlock('~ ^/pagefind/(?:index|fragment|filter)/[^/]+$', options, '  '),
    ...hashedBlock('~ ^/pagefind/pagefind\\.[^/]+\\.pf_meta$', options, '  '),
    ...headerLines('revalidate', options, '  '),
    '  try_files $uri =404;',
    '}',
    '',
    '# Service worker: always checked for a newer build.',
    `location = ${SERVICE_WORKER_PATH} {`,
    ...headerLines('service-worker', options, '  '),
    '  try_files $uri =404;',
    '}',
    '',
    '# Pages and other unhashed files revalidate on every use.',
    'location / {',
    ...headerLines('html', options, '  '),
    '  try_files $uri $uri/ =404;',
    '}',
    '',
  ];
  return lines.join('\n');
}
