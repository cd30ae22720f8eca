import { existsSync } from 'node:fs';
import path from 'node:path';
import { COLLECTION_NAMES, COLLECTIONS, type CollectionName } from '../collections.ts';
import { closest } from '../lib/edit-distance.ts';
import {
  collectionUrl,
  entryUrl,
  FIXED_PAGES,
  GENERATED_FOLDERS,
  PAGE_ANCHOR_PREFIXES,
  PAGE_ANCHORS,
  tagSlug,
} from '../routes.ts';
import type { BodyHeading } from './markdown.ts';
import type { SourceFile } from './read.ts';

export { closest };

/**
 * Every page the built site will have, worked out from the content and the site's route model
 * (src/routes.ts) without building: entries, alerts, tags, fixed pages, files from public/.
 */
export interface SiteMap {
  ids: Map<CollectionName, Map<string, SourceFile>>;
  alerts: Set<string>;
  tags: Set<string>;
  /** Headings of runbook and change pages, and their ids as a set, by page path. */
  headings: Map<string, () => { headings: BodyHeading[]; slugs: Set<string> }>;
  /** Other ids in the bodies of runbook and change pages (from components), by page path. */
  bodyAnchors: Map<string, () => string[]>;
  publicDir: string;
}

export function buildSiteMap(
  files: SourceFile[],
  valid: Map<SourceFile, unknown>,
  bodyOf: (file: SourceFile) => { headings: BodyHeading[]; slugs: Set<string>; anchors: string[] },
  rootDir: string,
): SiteMap {
  const ids = new Map<CollectionName, Map<string, SourceFile>>();
  const alerts = new Set<string>();
  const tags = new Set<string>();
  const headings: SiteMap['headings'] = new Map();
  const bodyAnchors = new Map<string, () => string[]>();
  for (const file of files) {
    if (!ids.has(file.collection)) ids.set(file.collection, new Map());
    ids.get(file.collection)!.set(file.id, file);
    if (COLLECTIONS[file.collection].body) {
      headings.set(entryUrl(file.collection, file.id), () => bodyOf(file));
      bodyAnchors.set(entryUrl(file.collection, file.id), () => bodyOf(file).anchors);
    }
    // Alerts and tags from the raw data too, so one schema error elsewhere in a file does not cascade.
    const data = (valid.get(file) ?? file.data ?? {}) as { alerts?: unknown; tags?: unknown };
    for (const alert of [data.alerts].flat()) if (typeof alert === 'string') alerts.add(alert);
    for (const tag of [data.tags].flat()) if (typeof tag === 'string') tags.add(tagSlug(tag));
  }
  return { ids, alerts, tags, headings, bodyAnchors, publicDir: path.join(rootDir, 'public') };
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
  const collection = COLLECTION_NAMES.find((name) => COLLECTIONS[name].route === first);
  if (collection && rest.length > 0) {
    const known = site.ids.get(collection) ?? new Map();
    if (!known.has(restPath)) {
      const close = closest(restPath, known.keys());
      const { noun, folder } = COLLECTIONS[collection];
      return {
        found: `${quote(original)}, but there is no ${noun} ${quote(restPath)}`,
        expected: close
          ? `an existing page, like ${entryUrl(collection, close)}`
          : `a file content/${folder}/${restPath}.* to link to`,
      };
    }
    return checkFragment(site, collection, entryUrl(collection, restPath), fragment, original);
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
  const page = `/${segments.map((segment) => `${segment}/`).join('')}`;
  if (FIXED_PAGES.some((fixed) => fixed === page)) return undefined;
  if (COLLECTION_NAMES.some((name) => collectionUrl(name) === page)) return undefined;
  if (GENERATED_FOLDERS.some((folder) => page.startsWith(folder) && page !== folder)) return undefined;
  if (existsSync(path.join(site.publicDir, ...segments))) return undefined;
  return {
    found: `${quote(original)}, which is no page of this site`,
    expected: 'a link to an existing page, like /runbooks/<id>/, or a full https:// URL for other sites',
  };
}

function checkFragment(
  site: SiteMap,
  collection: CollectionName,
  pagePath: string,
  fragment: string | undefined,
  original: string,
): Unresolved | undefined {
  if (!fragment) return undefined;
  const headings = site.headings.get(pagePath);
  // Only runbooks and change notes have headings we can see; other pages' anchors are not checked.
  if (!headings) return undefined;
  const id = safeDecode(fragment);
  const { headings: list, slugs: ids } = headings();
  const templateIds = [...PAGE_ANCHORS.every, ...(PAGE_ANCHORS[collection] ?? [])];
  if (ids.has(id) || templateIds.includes(id)) return undefined;
  if (site.bodyAnchors.get(pagePath)?.().includes(id)) return undefined;
  const prefixes = PAGE_ANCHOR_PREFIXES[collection] ?? [];
  if (prefixes.some((prefix) => id.startsWith(prefix) && id.length > prefix.length)) return undefined;
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
