/* global self, caches, fetch, Response, URL, crypto */
// Runtime of the paritybook service worker. The build prepends `self.__PARITYBOOK__` (this
// build's id, time and file list) and serves the result as /sw.js.
//
// - One cache per build, filled completely (and checked byte for byte) before it is used, so a
//   reader never gets a mix of two builds; the previous build's cache stays for pages opened
//   before the switch.
// - Pages: network first (bounded in time), the stored copy when the network fails, hangs or
//   the CDN answers 5xx; a page from the copy carries data-paritybook-offline="<build time>".
// - Hashed files: the stored copy first (they never change), else the network.
// - Other files: network first, the stored copy when offline.
'use strict';

const config = self.__PARITYBOOK__;
const PREFIX = 'paritybook-';
// Build id (content digest) plus build time: a rebuild of the same content gets a cache of its own,
// so installing it never touches the cache the running worker answers from.
const CACHE = `${PREFIX}${config.buildId}-${Date.parse(config.builtAt).toString(36)}`;
const META = '/__paritybook/offline-meta';
const HASHED = [
  /^\/_astro\//,
  /^\/pagefind\/(?:index|fragment|filter)\/[^/]+$/,
  /^\/pagefind\/pagefind\.[^/]+\.pf_meta$/,
];

if (!config.enabled) {
  // Offline copy switched off: remove what earlier builds stored and step aside.
  self.addEventListener('install', () => self.skipWaiting());
  self.addEventListener('activate', (event) => {
    event.waitUntil(
      (async () => {
        for (const key of await caches.keys()) if (key.startsWith(PREFIX)) await caches.delete(key);
        await self.registration.unregister();
      })(),
    );
  });
} else {
  self.addEventListener('install', (event) => event.waitUntil(precache().then(() => self.skipWaiting())));
  self.addEventListener('activate', (event) => event.waitUntil(activate()));
  self.addEventListener('fetch', onFetch);
  self.addEventListener('message', onMessage);
}

async function digest(buffer) {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function precache() {
  await caches.delete(CACHE); // leftovers of an interrupted install are never trusted
  const cache = await caches.open(CACHE);
  const queue = config.files.slice();
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [url, sha256] = item;
      // Unhashed files bypass the HTTP cache: they must be this build's bytes.
      const response = await fetch(url, {
        cache: sha256 ? 'no-cache' : 'default',
        credentials: 'same-origin',
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`offline copy: ${url} answered ${response.status}`);
      if (sha256) {
        const actual = await digest(await response.clone().arrayBuffer());
        if (!actual.startsWith(sha256))
          throw new Error(`offline copy: ${url} is not from build ${config.buildId} (a newer deploy is rolling out)`);
      }
      await cache.put(url, response);
    }
  };
  try {
    await Promise.all(Array.from({ length: 4 }, worker));
    const meta = {
      buildId: config.buildId,
      builtAt: config.builtAt,
      savedAt: new Date().toISOString(),
    };
    // Written last: a cache without it is incomplete and never read.
    await cache.put(
      META,
      new Response(JSON.stringify(meta), {
        headers: { 'content-type': 'application/json' },
      }),
    );
  } catch (error) {
    await caches.delete(CACHE);
    throw error;
  }
}

async function metaOf(key) {
  const cache = await caches.open(key);
  const response = await cache.match(META);
  return response ? { key, ...(await response.json()) } : undefined;
}

/** Complete caches, this build's first, then the newest others. */
async function completeCaches() {
  const keys = (await caches.keys()).filter((key) => key.startsWith(PREFIX));
  const metas = (await Promise.all(keys.map(metaOf))).filter(Boolean);
  return metas.sort((a, b) => (a.key === CACHE ? -1 : b.key === CACHE ? 1 : b.savedAt.localeCompare(a.savedAt)));
}

async function activate() {
  const complete = await completeCaches();
  // Keep this build and the one before it (pages opened earlier still ask for their own files).
  const keep = new Set(complete.slice(0, 2).map((meta) => meta.key));
  for (const key of await caches.keys()) if (key.startsWith(PREFIX) && !keep.has(key)) await caches.delete(key);
  await self.clients.claim();
}

function keyOf(url) {
  let pathname = url.pathname;
  if (pathname.endsWith('/index.html')) pathname = pathname.slice(0, -'index.html'.length);
  return pathname;
}

/** The stored response for a URL (query ignored: Pagefind adds ?ts= to its entry file) and the copy's metadata. */
async function lookup(url, navigation) {
  const candidates = [keyOf(url)];
  if (navigation && !candidates[0].endsWith('/') && !/\.[a-z0-9]+$/i.test(candidates[0]))
    candidates.push(candidates[0] + '/');
  for (const meta of await completeCaches()) {
    const cache = await caches.open(meta.key);
    for (const key of candidates) {
      const response = await cache.match(key);
      if (response) return { response, meta };
    }
  }
  return undefined;
}

/** The network, or `undefined` when it fails or takes longer than the configured time. */
function network(request, timeoutMs) {
  const pending = fetch(request);
  if (self.navigator && self.navigator.onLine === false)
    return {
      fast: Promise.resolve(undefined),
      pending: pending.catch(() => undefined),
    };
  const fast = Promise.race([
    pending.catch(() => undefined),
    new Promise((resolve) => setTimeout(() => resolve(undefined), timeoutMs)),
  ]);
  return { fast, pending: pending.catch(() => undefined) };
}

function onFetch(event) {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === '/sw.js') return;
  if (request.mode === 'navigate') event.respondWith(page(request, url));
  else if (HASHED.some((pattern) => pattern.test(url.pathname))) event.respondWith(hashed(request, url));
  else event.respondWith(unhashed(request, url));
}

async function page(request, url) {
  const { fast, pending } = network(request, config.networkTimeoutMs);
  const live = await fast;
  // A CDN whose origin is down answers 5xx: the stored copy is more useful then.
  if (live && live.status < 500) return live;
  const stored = await lookup(url, true);
  if (stored) return markOffline(stored.response, stored.meta);
  const late = live || (await pending);
  if (late) return late;
  return new Response(
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Not in the offline copy</title><h1>Not in the offline copy</h1><p>This page was not stored for offline use. <a href="/">Open the start page</a>.</p></html>',
    {
      status: 503,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      },
    },
  );
}

async function markOffline(response, meta) {
  const html = await response.text();
  const marked = html.replace(
    /<html(?=[\s>])/i,
    `<html data-paritybook-offline="${meta.builtAt}" data-paritybook-saved="${meta.savedAt}"`,
  );
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(marked, { status: 200, headers });
}

async function hashed(request, url) {
  const stored = await lookup(url, false);
  return stored ? stored.response : fetch(request);
}

async function unhashed(request, url) {
  const { fast, pending } = network(request, config.networkTimeoutMs);
  const live = await fast;
  if (live && live.ok) return live;
  const stored = await lookup(url, false);
  if (stored) return stored.response;
  return live || (await pending) || Response.error();
}

async function onMessage(event) {
  if (!event.data || event.data.type !== 'paritybook:status') return;
  const [current] = await completeCaches();
  const reply = current
    ? {
        buildId: current.buildId,
        builtAt: current.builtAt,
        savedAt: current.savedAt,
      }
    : null;
  if (event.ports && event.ports[0]) event.ports[0].postMessage(reply);
}
