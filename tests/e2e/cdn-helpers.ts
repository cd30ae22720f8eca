/**
 * Shared by the CDN and offline specs: a second build derived from dist/ in which every hashed
 * asset has a new name and every page a new word (so the Pagefind chunks change too), and page
 * discovery over dist/.
 */
import { createHash } from 'node:crypto';
import { cp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { emitDelivery } from '../../src/delivery/emit.ts';
import { deliveryOptionsSchema } from '../../src/delivery/options.ts';
import { urlOf } from '../../src/delivery/offline.ts';
import { listFiles } from '../../src/delivery/walk.ts';

export const dist = path.resolve(import.meta.dirname, '../../dist');

/** Page URLs of the build, one or two per kind (start page, each section, one page of each section). */
export async function pageKinds(root = dist, perKind = 1): Promise<string[]> {
  const urls = (await listFiles(root))
    .map((file) => urlOf(file.path))
    .filter((url) => url.endsWith('/') && !url.startsWith('/pagefind/'));
  const kinds = new Map<string, string[]>();
  for (const url of urls) {
    const segments = url.split('/').filter(Boolean);
    const kind = `${segments[0] ?? ''}/${segments.length}`;
    kinds.set(kind, [...(kinds.get(kind) ?? []), url]);
  }
  return [...kinds.values()].flatMap((list) => list.slice(0, perKind)).sort();
}

/** A runbook page if the build has one, else the start page. */
export async function aRunbook(root = dist): Promise<string> {
  const pages = await pageKinds(root, 3);
  return pages.find((url) => /^\/runbooks\/[^/]+\/$/.test(url)) ?? '/';
}

const TEXT = /\.(?:html|js|mjs|css|json|webmanifest|svg)$/;

/**
 * Copy of `from` as the next build would look: hashed /_astro names changed everywhere they are
 * referenced, `marker` added to every page, Pagefind re-indexed, delivery files regenerated.
 */
export async function deriveNextBuild(
  from: string,
  to: string,
  marker: string,
): Promise<{ renamed: Map<string, string> }> {
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true });
  const renamed = new Map<string, string>();
  for (const name of await readdir(path.join(to, '_astro'))) {
    const match = /^(.*)\.([A-Za-z0-9_-]{8})\.(\w+)$/.exec(name);
    if (!match) continue;
    const hash = createHash('sha256')
      .update(match[2] + marker)
      .digest('base64url')
      .slice(0, 8);
    renamed.set(name, `${match[1]}.${hash}.${match[3]}`);
  }
  for (const file of await listFiles(to)) {
    if (!TEXT.test(file.path) || file.path.startsWith(`pagefind${path.sep}`)) continue;
    const full = path.join(to, file.path);
    let text = await readFile(full, 'utf8');
    for (const [before, after] of renamed) text = text.split(before).join(after);
    if (file.path.endsWith('.html')) text = text.replace('</main>', `<p>${marker}</p></main>`);
    await writeFile(full, text);
  }
  for (const [before, after] of renamed) await rename(path.join(to, '_astro', before), path.join(to, '_astro', after));
  await rm(path.join(to, 'pagefind'), { recursive: true, force: true });
  const { index } = await pagefind.createIndex({});
  if (!index) throw new Error('pagefind.createIndex failed');
  await index.addDirectory({ path: to });
  await index.writeFiles({ outputPath: path.join(to, 'pagefind') });
  await pagefind.close();
  await emitDelivery(to, deliveryOptionsSchema.parse({}), {
    info: () => undefined,
    warn: () => undefined,
  });
  return { renamed };
}
