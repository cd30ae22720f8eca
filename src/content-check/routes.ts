import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BodyHeading } from './markdown.ts';
import type { CollectionName, SourceFile } from './read.ts';

/**
 * Every page the built site will have, worked out from the content and `src/pages/` without building:
 * collection entries at /<collection>/<id>/, alerts at /alerts/<name>/, tags at /tags/<tag>/,
 * other pages from the file names in src/pages/, files from public/.
 */
export interface SiteMap {
  ids: Map<CollectionName, Map<string, SourceFile>>;
  alerts: Set<string>;
  tags: Set<string>;
  /** Headings of runbook and change pages, by page path. */
  headings: Map<string, () => BodyHeading[]>;
  /** Other ids in the bodies of runbook and change pages (from components), by page path. */
  bodyAnchors: Map<string, () => string[]>;
  /** Route patterns from src/pages/, as regular expressions over the path. */
  pages: RegExp[];
  /** Ids the page templates add to every note page. */
  anchors: { ids: Set<string>; prefixes: string[] };
  publicDir: string;
}

/** Page path of an entry: /runbooks/cdn-502-504/ */
export function entryPath(collection: CollectionName, id: string): string {
  return `/${collection}/${id}/`;
}

/** Collections with a page per entry, and the route prefix of each. */
const ENTRY_COLLECTIONS: CollectionName[] = ['runbooks', 'changes', 'checklists', 'services', 'teams'];

/** Ids present on every page the layout renders (skip link target). */
export const LAYOUT_ANCHORS = ['main'];

/**
 * Anchors that page templates add around the body (`id="related-notes"`, `id={`security-${area}`}`), read from
 * the .astro sources: literal ids, and the fixed prefix of template-literal ids.
 */
export function templateAnchors(rootDir: string): { ids: Set<string>; prefixes: string[] } {
  const ids = new Set(LAYOUT_ANCHORS);
  const prefixes = new Set<string>();
  for (const folder of ['pages', 'components', 'layouts']) {
    const dir = path.join(rootDir, 'src', folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.astro')) continue;
      const source = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
      for (const [, id] of source.matchAll(/\sid="([A-Za-z0-9_-]+)"/g)) ids.add(id);
      for (const [, prefix] of source.matchAll(/\sid=\{`([A-Za-z0-9_-]+)\$\{/g)) prefixes.add(prefix);
    }
  }
  return { ids, prefixes: [...prefixes] };
}

/** Turns src/pages/ file names into route patterns: index, [param] and [...rest] as Astro reads them. */
export function pageRoutes(pagesDir: string): RegExp[] {
  if (!existsSync(pagesDir)) return [];
  return readdirSync(pagesDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(astro|md|mdx|ts|js)$/.test(entry.name) && !entry.name.startsWith('_'))
    .map((entry) => {
      const relative = path.relative(pagesDir, path.join(entry.parentPath, entry.name)).replace(/\\/g, '/');
      const isEndpoint = /\.(ts|js)$/.test(relative);
      const route = relative.replace(/\.(astro|md|mdx|ts|js)$/, '').replace(/(^|\/)index$/, '');
      const source = route
        .split('/')
        .filter(Boolean)
        .map((segment) =>
          /^\[\.\.\.[^\]]+\]$/.test(segment)
            ? '(?:/[^/]+)*'
            : `/${segment
                .split(/(\[[^\]]+\])/)
                .map((part) => (/^\[.+\]$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|\\]/g, '\\$&')))
                .join('')}`,
        )
        .join('');
      // Pages end in a slash (trailingSlash: 'always'); endpoints such as /rss.xml do not.
      return new RegExp(`^${source}${isEndpoint ? '' : '/?'}$`);
    });
}

export function buildSiteMap(
  files: SourceFile[],
  valid: Map<SourceFile, unknown>,
  bodyOf: (file: SourceFile) => { headings: BodyHeading[]; anchors: string[] },
  rootDir: string,
): SiteMap {
  const ids = new Map<CollectionName, Map<string, SourceFile>>();
  const alerts = new Set<string>();
  const tags = new Set<string>();
  const headings = new Map<string, () => BodyHeading[]>();
  const bodyAnchors = new Map<string, () => string[]>();
  for (const file of files) {
    if (!ids.has(file.collection)) ids.set(file.collection, new Map());
    ids.get(file.collection)!.set(file.id, file);
    if (file.collection === 'runbooks' || file.collection === 'changes') {
      headings.set(entryPath(file.collection, file.id), () => bodyOf(file).headings);
      bodyAnchors.set(entryPath(file.collection, file.id), () => bodyOf(file).anchors);
    }
    // Alerts and tags from the raw data too, so one schema error elsewhere in a file does not cascade.
    const data = (valid.get(file) ?? file.data ?? {}) as { alerts?: unknown; tags?: unknown };
    for (const alert of [data.alerts].flat()) if (typeof alert === 'string') alerts.add(alert);
    for (const tag of [data.tags].flat()) if (typeof tag === 'string') tags.add(tag);
  }
  return {
    ids,
    alerts,
    tags,
    headings,
    bodyAnchors,
    pages: pageRoutes(path.join(rootDir, 'src', 'pages')),
    anchors: templateAnchors(rootDir),
    publicDir: path.join(rootDir, 'public'),
  };
}

/** Why a link does not resolve, as the two halves of a problem message; undefined when it does. */
export interface Unresolved {
  found: string;
  expected: string;
}

const quote = (text: string) => JSON.stringify(text);

/**
 * Checks one site-absolute path (already resolved against the page), with an optional #fragment.
 * `selfPath` is the page the link is on, for same-page anchors.
 */
export function resolvePath(
  site: SiteMap,
  pathname: string,
  fragment: string | undefined,
  original: string,
): Unresolved | undefined {
  let decoded: string;
  try {
    decoded = decodeURI(pathname);
  } catch {
    return { found: `${quote(original)}, which is not a valid URL`, expected: 'a path like /runbooks/cdn-502-504/' };
  }
  const segments = decoded.split('/').filter(Boolean);
  const [first, ...rest] = segments;
  const restPath = rest.join('/');
  if (ENTRY_COLLECTIONS.includes(first as CollectionName) && rest.length > 0) {
    const collection = first as CollectionName;
    const known = site.ids.get(collection) ?? new Map();
    if (!known.has(restPath)) {
      const close = closest(restPath, [...known.keys()]);
      return {
        found: `${quote(original)}, but there is no ${collection.replace(/s$/, '')} ${quote(restPath)}`,
        expected: close
          ? `an existing page, like ${entryPath(collection, close)}`
          : `a file content/${collection}/${restPath}.* to link to`,
      };
    }
    return checkFragment(site, entryPath(collection, restPath), fragment, original);
  }
  if ((first === 'alerts' || first === 'tags') && rest.length === 1) {
    const known = first === 'alerts' ? site.alerts : site.tags;
    if (known.has(rest[0])) return undefined;
    const close = closest(rest[0], [...known]);
    return {
      found: `${quote(original)}, but no runbook lists ${first === 'alerts' ? 'the alert' : 'the tag'} ${quote(rest[0])}`,
      expected: close
        ? `an existing page, like /${first}/${close}/`
        : `a ${first === 'alerts' ? 'alert' : 'tag'} that a runbook lists`,
    };
  }
  const route = `/${segments.join('/')}${decoded.endsWith('/') && segments.length > 0 ? '/' : ''}`;
  // The home page, collection indexes and generated folders always exist.
  if (
    segments.length === 0 ||
    (rest.length === 0 && [...ENTRY_COLLECTIONS, 'alerts', 'tags', 'reviews'].includes(first))
  )
    return undefined;
  if (first === '_astro' || first === 'pagefind') return undefined;
  if (site.pages.some((pattern) => pattern.test(route))) return undefined;
  if (existsSync(path.join(site.publicDir, ...segments))) return undefined;
  return {
    found: `${quote(original)}, which is no page of this site`,
    expected: 'a link to an existing page, like /runbooks/<id>/, or a full https:// URL for other sites',
  };
}

function checkFragment(
  site: SiteMap,
  pagePath: string,
  fragment: string | undefined,
  original: string,
): Unresolved | undefined {
  if (!fragment) return undefined;
  const headings = site.headings.get(pagePath);
  // Only runbooks and change notes have headings we can see; other pages' anchors are not checked.
  if (!headings) return undefined;
  const id = safeDecode(fragment);
  const list = headings();
  if (list.some((heading) => heading.slug === id) || site.anchors.ids.has(id)) return undefined;
  if (site.bodyAnchors.get(pagePath)?.().includes(id)) return undefined;
  if (site.anchors.prefixes.some((prefix) => id.startsWith(prefix) && id.length > prefix.length)) return undefined;
  const slugs = list.map((heading) => `#${heading.slug}`);
  const close = closest(
    id,
    list.map((heading) => heading.slug),
  );
  return {
    found: `${quote(original)}, but ${pagePath} has no heading with id ${quote(id)}`,
    expected: close
      ? `#${close}` + (slugs.length > 1 ? ` (headings there: ${slugs.join(', ')})` : '')
      : slugs.length > 0
        ? `one of ${slugs.join(', ')}`
        : 'a link to the page without an anchor',
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The known value closest to a misspelt one, when it is close enough to be a typo. */
export function closest(wanted: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(wanted.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(wanted.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
