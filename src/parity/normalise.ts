/**
 * Normalisation: turns raw probe answers into a comparable tree, so that two environments that
 * mean the same thing compare equal (header name case, CSP directive order, Cache-Control token
 * order, HSTS parameter order).
 */
import { parseList, Token } from 'structured-headers';
import type { CacheSource, CacheStatus, Tree } from '../schemas/snapshot.ts';

/** Security headers compared between environments; missing in production is critical. */
export const SECURITY_HEADERS = [
  'strict-transport-security',
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'cross-origin-embedder-policy',
] as const;

/** Cache headers compared between environments. */
export const CACHE_HEADERS = ['cache-control', 'cdn-cache-control', 'surrogate-control', 'vary'] as const;

export const COMPARED_HEADERS: readonly string[] = [...SECURITY_HEADERS, ...CACHE_HEADERS];

/** Lower-cases names and keeps only compared headers; repeated headers are joined as HTTP allows. */
export function pickHeaders(headers: Headers | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: [string, string][] =
    headers instanceof Headers
      ? [...headers.entries()]
      : Object.entries(headers).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v] as [string, string]],
        );
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (!COMPARED_HEADERS.includes(key)) continue;
    out[key] = out[key] ? `${out[key]}, ${value}` : value;
  }
  return out;
}

/** `default-src 'self'; img-src https: 'self'` -> { "default-src": "'self'", "img-src": "'self' https:" } */
export function normaliseCsp(value: string): Tree {
  const out: Tree = {};
  for (const directive of value.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/).filter(Boolean);
    if (!name) continue;
    const key = name.toLowerCase();
    // The first occurrence of a directive wins (CSP3 §2.2.1); sources are a set.
    if (key in out) continue;
    out[key] = [...new Set(sources)].sort().join(' ');
  }
  return out;
}

/** `max-age=31536000; includeSubDomains; preload` -> { "max-age": 31536000, includesubdomains: true, preload: true } */
export function normaliseHsts(value: string): Tree {
  const out: Tree = { 'max-age': null, includesubdomains: false, preload: false };
  for (const part of value.split(';')) {
    const [rawName, rawValue] = part.split('=');
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    if (name === 'max-age') {
      const seconds = Number.parseInt((rawValue ?? '').trim().replace(/^"|"$/g, ''), 10);
      out['max-age'] = Number.isFinite(seconds) ? seconds : null;
    } else if (name === 'includesubdomains' || name === 'preload') {
      out[name] = true;
    }
  }
  return out;
}

/** Cache-Control tokens lower-cased, de-duplicated and sorted: `Public, max-age=60` -> "max-age=60, public". */
export function normaliseCacheControl(value: string): string {
  const tokens = value
    .split(',')
    .map((token) =>
      token
        .trim()
        .replace(/\s*=\s*/, '=')
        .toLowerCase(),
    )
    .filter(Boolean);
  return [...new Set(tokens)].sort().join(', ');
}

/** Lists whose order does not matter (Vary): lower-case, sorted. */
function normaliseTokenList(value: string): string {
  return [
    ...new Set(
      value
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]
    .sort()
    .join(', ');
}

/** One header value as a comparable leaf or subtree. */
export function normaliseHeader(name: string, value: string): Tree[string] {
  switch (name) {
    case 'content-security-policy':
      return normaliseCsp(value);
    case 'strict-transport-security':
      return normaliseHsts(value);
    case 'cache-control':
    case 'cdn-cache-control':
    case 'surrogate-control':
      return normaliseCacheControl(value);
    case 'vary':
    case 'permissions-policy':
      return normaliseTokenList(value);
    default:
      return value.trim().toLowerCase();
  }
}

export function normaliseHeaders(headers: Record<string, string>): Tree {
  const out: Tree = {};
  for (const [name, value] of Object.entries(headers).sort(([a], [b]) => a.localeCompare(b))) {
    out[name] = normaliseHeader(name, value);
  }
  return out;
}

/** What a CDN said about one response. */
export interface CacheReading {
  status: CacheStatus;
  /** Which header told us. */
  source: CacheSource;
  /** The Age header, in seconds, when present. */
  age: number | null;
}

/**
 * Reads the CDN cache status of a response. RFC 9211 `Cache-Status` wins: its last member is the
 * cache closest to the client, `hit` marks a hit and `fwd` says why the request went on.
 */
export function readCacheStatus(headers: Headers): CacheReading {
  const ageHeader = headers.get('age');
  const ageNumber = ageHeader === null ? Number.NaN : Number.parseInt(ageHeader, 10);
  const age = Number.isFinite(ageNumber) ? ageNumber : null;
  const cacheStatus = headers.get('cache-status');
  if (cacheStatus) {
    try {
      const members = parseList(cacheStatus);
      const last = members.at(-1);
      if (last) {
        const params = last[1];
        if (params.get('hit') === true) return { status: 'hit', source: 'cache-status', age };
        const fwd = params.get('fwd');
        const reason = fwd instanceof Token ? fwd.toString() : typeof fwd === 'string' ? fwd : 'miss';
        return {
          status: reason === 'stale' ? 'stale' : reason === 'bypass' ? 'bypass' : 'miss',
          source: 'cache-status',
          age,
        };
      }
    } catch {
      // A malformed Cache-Status falls through to the older headers.
    }
  }
  const vendor: [CacheSource, string | null][] = [
    ['cf-cache-status', headers.get('cf-cache-status')],
    ['akamai-cache-status', headers.get('akamai-cache-status')],
    ['x-cache', headers.get('x-cache')],
  ];
  for (const [source, value] of vendor) {
    if (!value) continue;
    const word = value.trim().toLowerCase();
    const status = /\bhit\b/.test(word)
      ? 'hit'
      : /\b(miss|refresh_miss|tcp_miss)\b/.test(word)
        ? 'miss'
        : /\b(expired|stale|revalidated|updating)\b/.test(word)
          ? 'stale'
          : /\b(bypass|pass|dynamic|none|uncacheable)\b/.test(word)
            ? 'bypass'
            : 'unknown';
    return { status, source, age };
  }
  if (age !== null) return { status: age > 0 ? 'hit' : 'unknown', source: 'age', age };
  return { status: 'unknown', source: 'none', age };
}
