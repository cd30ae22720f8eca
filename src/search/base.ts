/**
 * Where Pagefind's index and the typo vocabulary are served from, under the output folder too.
 * A module of its own, importing nothing, so the search box's page script can use it without
 * bundling the collection registry and its schemas; src/routes.ts re-exports it with the other URLs.
 */
export const PAGEFIND_BASE = '/pagefind/';
