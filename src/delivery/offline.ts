/**
 * The offline copy: which files of a build the service worker stores, in which order, within
 * the byte budget; and the service worker itself, a plain script with this build's manifest.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import { classify, SERVER_ONLY_FILES, SERVICE_WORKER_PATH } from './policy.ts';
import { PUBLISHED_URL } from '../parity/published.ts';
import type { ResolvedDeliveryOptions } from './options.ts';
import type { BuiltFile } from './walk.ts';

export interface OfflineEntry {
  /** URL the service worker fetches and stores, e.g. `/runbooks/db-down/`. */
  url: string;
  bytes: number;
  /** SHA-256 (hex, first 16 characters) of unhashed files, checked on install so a copy never mixes builds. */
  sha256?: string;
}

export interface OfflineManifest {
  buildId: string;
  builtAt: string;
  budgetBytes: number;
  totalBytes: number;
  entries: OfflineEntry[];
  /** Files left out because the budget was spent. */
  omitted: { url: string; bytes: number }[];
  /** Why the offline copy is off, when it is. */
  disabledReason?: string;
}

/** `/runbooks/x/index.html` → `/runbooks/x/`, the URL readers navigate to. */
export function urlOf(file: string): string {
  const url = `/${file.split(path.sep).join('/')}`;
  return url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url;
}

/** Pagefind UI bundles are only worth storing when the site loads them. */
const OPTIONAL_PAGEFIND = /^\/pagefind\/pagefind-(?:ui|component-ui|modular-ui|highlight)\.(?:js|css)$/;

/** Page URL of each Pagefind fragment (gzip, "pagefind_dcd" signature, JSON), to store a page's fragment with the page. */
function fragmentUrls(body: Buffer): string[] {
  try {
    const text = gunzipSync(body).subarray('pagefind_dcd'.length).toString('utf8');
    const data: unknown = JSON.parse(text);
    const list = Array.isArray(data) ? data : [data];
    return list.flatMap((item) =>
      item && typeof item === 'object' && typeof (item as { url?: unknown }).url === 'string'
        ? [(item as { url: string }).url]
        : [],
    );
  } catch {
    return [];
  }
}

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 16);

export async function planOfflineCopy(
  outDir: string,
  files: BuiltFile[],
  options: ResolvedDeliveryOptions['offline'],
  now = new Date(),
): Promise<OfflineManifest> {
  const candidates = files.filter((file) => {
    const url = urlOf(file.path);
    return (
      url !== SERVICE_WORKER_PATH &&
      !(SERVER_ONLY_FILES as readonly string[]).includes(url) &&
      !url.endsWith('.map') &&
      !url.startsWith('/.paritybook/') &&
      // Rewritten in place by `npm run snapshot -- --publish`: a stored copy would fail its checksum.
      url !== PUBLISHED_URL
    );
  });
  const read = (file: BuiltFile) => readFile(path.join(outDir, file.path));

  // Which optional Pagefind UI files the pages or scripts mention. Read only if the build has such a
  // file: at ten thousand pages, reading every page costs seconds and hundreds of megabytes.
  let texts: Promise<string[]> | undefined;
  const used = async (url: string) => {
    texts ??= Promise.all(
      candidates
        .filter((f) => /\.(?:html|js)$/.test(f.path) && !f.path.startsWith(`pagefind${path.sep}`))
        .map(async (f) => (await read(f)).toString('utf8')),
    );
    return (await texts).some((text) => text.includes(path.posix.basename(url)));
  };

  // Small files, one per page: read many at a time, or at ten thousand pages the reads queue one by one.
  const limit = pLimit(32);
  const fragmentFiles = candidates.filter((file) => urlOf(file.path).startsWith('/pagefind/fragment/'));
  const owned = await Promise.all(fragmentFiles.map((file) => limit(async () => fragmentUrls(await read(file)))));

  const shell: BuiltFile[] = [];
  const engine: BuiltFile[] = [];
  const fragments = new Map<string, BuiltFile[]>();
  const orphanFragments: BuiltFile[] = [];
  const pages: BuiltFile[] = [];
  for (const [i, file] of fragmentFiles.entries()) {
    if (owned[i].length === 0) orphanFragments.push(file);
    for (const owner of owned[i]) fragments.set(owner, [...(fragments.get(owner) ?? []), file]);
  }
  for (const file of candidates) {
    const url = urlOf(file.path);
    if (url.startsWith('/pagefind/fragment/')) continue;
    else if (url.startsWith('/pagefind/')) {
      if (!OPTIONAL_PAGEFIND.test(url) || (await used(url))) engine.push(file);
    } else if (classify(url) === 'html') pages.push(file);
    else shell.push(file);
  }

  const rank = (url: string) => {
    if (url === '/') return -1;
    const preferred = options.prefer.findIndex((prefix) => url.startsWith(prefix));
    return preferred === -1 ? options.prefer.length : preferred;
  };
  pages.sort((a, b) => rank(urlOf(a.path)) - rank(urlOf(b.path)) || urlOf(a.path).localeCompare(urlOf(b.path)));

  const entries: OfflineEntry[] = [];
  const omitted: { url: string; bytes: number }[] = [];
  const taken = new Set<string>();
  /** The file of each entry, in the same order. */
  const chosen: BuiltFile[] = [];
  let total = 0;
  const add = (group: BuiltFile[], required: boolean): boolean => {
    const fresh = group.filter((file) => !taken.has(file.path));
    const bytes = fresh.reduce((sum, file) => sum + file.bytes, 0);
    if (total + bytes > options.budgetBytes) {
      if (!required) for (const file of fresh) omitted.push({ url: urlOf(file.path), bytes: file.bytes });
      return false;
    }
    for (const file of fresh) {
      const url = urlOf(file.path);
      taken.add(file.path);
      total += file.bytes;
      entries.push({ url, bytes: file.bytes });
      chosen.push(file);
    }
    return true;
  };
  /** Unhashed files carry their hash, checked on install; hashed in parallel once the copy is chosen. */
  const hashUnhashed = () =>
    Promise.all(
      entries.map((entry, i) =>
        classify(entry.url) === 'hashed'
          ? undefined
          : limit(async () => {
              entry.sha256 = sha256(await read(chosen[i]));
            }),
      ),
    );

  const builtAt = now.toISOString();
  const base = { budgetBytes: options.budgetBytes, builtAt };
  const disabled = (reason: string): OfflineManifest => ({
    ...base,
    buildId: 'disabled',
    totalBytes: 0,
    entries: [],
    omitted: [],
    disabledReason: reason,
  });
  if (!options.enabled) return disabled('offline.enabled is false');
  // Without its stylesheet and scripts no stored page reads well, and without the engine no search works: all or nothing.
  if (!add([...shell, ...engine], true)) {
    const need = [...shell, ...engine].reduce((sum, file) => sum + file.bytes, 0);
    return disabled(
      `assets and search index need ${need} bytes, more than offline.budgetBytes (${options.budgetBytes})`,
    );
  }
  // A page and its search fragment go in together, so every stored page can also be found and shown in results.
  for (const page of pages) add([page, ...(fragments.get(urlOf(page.path)) ?? [])], false);
  for (const fragment of orphanFragments) add([fragment], false);
  await hashUnhashed();

  const buildId = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 12);
  return { ...base, buildId, totalBytes: total, entries, omitted };
}

/** The service worker script: this build's manifest, then the runtime from service-worker.js. */
export async function renderServiceWorker(
  manifest: OfflineManifest,
  options: ResolvedDeliveryOptions['offline'],
): Promise<string> {
  const runtime = await readFile(new URL('./service-worker.js', import.meta.url), 'utf8');
  const config = {
    enabled: !manifest.disabledReason,
    buildId: manifest.buildId,
    builtAt: manifest.builtAt,
    networkTimeoutMs: options.networkTimeoutMs,
    files: manifest.entries.map(({ url, sha256: hash }) => (hash ? [url, hash] : [url])),
  };
  return `// paritybook offline copy, build ${manifest.buildId} (${manifest.builtAt}). Generated; do not edit.\nself.__PARITYBOOK__ = ${JSON.stringify(config)};\n${runtime}`;
}
