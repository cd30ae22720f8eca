/**
 * The content check resolves links against the site's route model (src/routes.ts) instead of
 * reading src/pages/; these tests hold the model to what the build really writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { COLLECTION_NAMES, COLLECTIONS } from '../../src/collections.ts';
import { loadContext } from '../../src/content-check/index.ts';
import { resolvePath } from '../../src/content-check/routes.ts';
import { PAGE_ANCHOR_PREFIXES, PAGE_ANCHORS } from '../../src/routes.ts';

const DIST = path.resolve('dist');

function builtPages(): string[] {
  return readdirSync(DIST, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('index.html'))
    .map((file) => `/${file.replace(/\\/g, '/').replace(/index\.html$/, '')}`);
}

const idsOn = (page: string) =>
  [...readFileSync(path.join(DIST, page, 'index.html'), 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);

test('every page the build writes is a route the content check knows', async () => {
  const { context } = await loadContext({ contentDir: path.resolve('content') });
  const pages = builtPages();
  expect(pages.length).toBeGreaterThan(50);
  const unknown = pages.filter((page) => resolvePath(context.site, encodeURI(page), undefined, page) !== undefined);
  expect(unknown).toEqual([]);
});

test('every anchor the model promises on note pages is on some built page of that collection', () => {
  const pages = builtPages();
  for (const name of COLLECTION_NAMES) {
    const ids = new Set(pages.filter((page) => page.startsWith(`/${COLLECTIONS[name].route}/`)).flatMap(idsOn));
    for (const id of [...PAGE_ANCHORS.every, ...(PAGE_ANCHORS[name] ?? [])])
      expect(ids, `${name} #${id}`).toContain(id);
    for (const prefix of PAGE_ANCHOR_PREFIXES[name] ?? [])
      expect(
        [...ids].some((id) => id.startsWith(prefix)),
        `${name} #${prefix}…`,
      ).toBe(true);
  }
});
