/**
 * Every URL of the site, built in one place: entry pages from the collection registry, alert
 * and tag pages, and the pages that exist whatever the content. Pages link with these builders,
 * the search index files its records under them, and the link check asks `siteRoutes()` which
 * pages and anchors a link may point at, so a renamed route changes here and nowhere else.
 */
import { COLLECTION_NAMES, COLLECTIONS, type CollectionName } from './collections.ts';
import { PAGEFIND_BASE } from './search/base.ts';

/** Absolute path of a page from its segments, each URL-encoded, with the trailing slash the site uses. */
export function pageUrl(...segments: string[]): string {
  const joined = segments
    .flatMap((segment) => segment.split('/'))
    .filter(Boolean)
    .map(encodeURIComponent)
    .join('/');
  return joined ? `/${joined}/` : '/';
}

/** Page of an entry: /runbooks/cdn-502-504/ */
export const entryUrl = (name: CollectionName, id: string) => pageUrl(COLLECTIONS[name].route, id);

/** Built file of an entry's page, relative to the output folder: runbooks/cdn-502-504/index.html */
export const entryFile = (name: CollectionName, id: string) => `${COLLECTIONS[name].route}/${id}/index.html`;

/** Index page of a collection: /runbooks/ */
export const collectionUrl = (name: CollectionName) => pageUrl(COLLECTIONS[name].route);

/** Stable page of an alert name, which leads to its runbook: /alerts/KubePodCrashLooping/ */
export const alertUrl = (alert: string) => pageUrl('alerts', alert);

/** URL segment of a tag: lower-case words joined by dashes. */
export const tagSlug = (tag: string) =>
  tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'tag';

/** Page listing the notes with a tag: /tags/cdn/ */
export const tagUrl = (tag: string) => pageUrl('tags', tagSlug(tag));

/** Where Pagefind's index and the typo vocabulary are served from (a module of its own, for browser code). */
export { PAGEFIND_BASE };

/** Pages that exist whatever the content holds. */
export const FIXED_PAGES = ['/', '/alerts/', '/tags/', '/parity/', '/reviews/', '/search/'] as const;

/** Folders of generated files (hashed assets, the search index) that links may point into. */
export const GENERATED_FOLDERS = ['/_astro/', PAGEFIND_BASE] as const;

/**
 * Ids the page templates put on every page of a collection, beside the headings of the body,
 * so a link like /changes/x/#rollback can be checked without building.
 */
export const PAGE_ANCHORS: { every: readonly string[] } & Partial<Record<CollectionName, readonly string[]>> = {
  every: ['main'],
  runbooks: ['related-notes'],
  changes: [
    'reason',
    'metric',
    'outcome',
    'outcome-owner',
    'outcome-expected',
    'outcome-rollback',
    'files-touched',
    'commands',
    'security',
    'related-notes',
  ],
};

/** Ids made of a fixed prefix and a value (`security-secrets`), by collection. */
export const PAGE_ANCHOR_PREFIXES: Partial<Record<CollectionName, readonly string[]>> = {
  changes: ['security-'],
};

/** Index pages of the collections, in registry order. */
export const collectionUrls = () => COLLECTION_NAMES.map(collectionUrl);
