import { describe, expect, it } from 'vitest';
import {
  normaliseCacheControl,
  normaliseCsp,
  normaliseHeaders,
  normaliseHsts,
  pickHeaders,
  readCacheStatus,
} from '../../src/parity/normalise.ts';

describe('header normalisation', () => {
  it('keeps only compared headers, with lower-case names, and never cookies', () => {
    const headers = new Headers({
      'Strict-Transport-Security': 'max-age=1',
      'Set-Cookie': 'sid=1',
      Date: 'now',
      'Cache-Control': 'no-store',
    });
    expect(pickHeaders(headers)).toEqual({ 'strict-transport-security': 'max-age=1', 'cache-control': 'no-store' });
  });

  it('treats CSP directives in any order, and sources in any order, as equal', () => {
    const a = normaliseCsp("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    const b = normaliseCsp("frame-ancestors 'none';img-src data: 'self' ;  DEFAULT-SRC 'self';");
    expect(a).toEqual(b);
    expect(a).toEqual({ 'default-src': "'self'", 'frame-ancestors': "'none'", 'img-src': "'self' data:" });
  });

  it('keeps the first of a repeated CSP directive, as browsers do', () => {
    expect(normaliseCsp("script-src 'self'; script-src *")).toEqual({ 'script-src': "'self'" });
  });

  it('splits HSTS into its parts', () => {
    expect(normaliseHsts('max-age=31536000; includeSubDomains; preload')).toEqual({
      'max-age': 31536000,
      includesubdomains: true,
      preload: true,
    });
    expect(normaliseHsts('includesubdomains ;max-age="300"')).toEqual({
      'max-age': 300,
      includesubdomains: true,
      preload: false,
    });
  });

  it('sorts Cache-Control tokens', () => {
    expect(normaliseCacheControl('Public, max-age = 60')).toBe(normaliseCacheControl('max-age=60, public'));
  });

  it('normalises a whole header set', () => {
    expect(normaliseHeaders({ 'x-frame-options': 'DENY', vary: 'Cookie, Accept-Encoding' })).toEqual({
      'x-frame-options': 'deny',
      vary: 'accept-encoding, cookie',
    });
  });
});

describe('CDN cache status', () => {
  it.each([
    [{ 'cache-status': 'paritycdn; hit' }, 'hit', 'cache-status'],
    [{ 'cache-status': 'origin; fwd=uri-miss, edge; fwd=miss; stored' }, 'miss', 'cache-status'],
    [{ 'cache-status': 'origin; hit, edge; fwd=stale' }, 'stale', 'cache-status'],
    [{ 'cf-cache-status': 'HIT', age: '30' }, 'hit', 'cf-cache-status'],
    [{ 'cf-cache-status': 'DYNAMIC' }, 'bypass', 'cf-cache-status'],
    [{ 'x-cache': 'Miss from cloudfront' }, 'miss', 'x-cache'],
    [{ 'akamai-cache-status': 'Hit from child' }, 'hit', 'akamai-cache-status'],
    [{ age: '12' }, 'hit', 'age'],
    [{}, 'unknown', 'none'],
    [{ 'cache-status': '"broken', 'x-cache': 'HIT' }, 'hit', 'x-cache'],
  ])('%j reads as %s', (headers, status, source) => {
    const reading = readCacheStatus(new Headers(headers as Record<string, string>));
    expect(reading.status).toBe(status);
    expect(reading.source).toBe(source);
  });
});

describe('clip', () => {
  it('bounds long values, long keys and huge objects so a snapshot always validates', async () => {
    const { clip } = await import('../../src/parity/probe.ts');
    const { treeSchema } = await import('../../src/schemas/snapshot.ts');
    const csp = normaliseCsp(
      `script-src ${Array.from({ length: 200 }, (_, i) => `https://cdn${i}.example.com`).join(' ')}`,
    );
    const huge = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const clipped = clip({ headers: { '/': { 'content-security-policy': csp } }, huge, ['x'.repeat(1000)]: 'v' });
    expect(treeSchema.safeParse(clipped).success).toBe(true);
    expect(
      String((clipped.headers['/']['content-security-policy'] as Record<string, string>)['script-src']),
    ).toHaveLength(500);
    expect(Object.keys(clipped.huge)).toHaveLength(400);
  });
});
