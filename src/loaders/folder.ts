/**
 * Loader of one registry collection: its folder of the knowledge base, resolved when content
 * syncs (from the project root Astro was given), read by the notes loader for Markdown and MDX
 * and by Astro's glob loader for YAML.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob, type Loader } from 'astro/loaders';
import { COLLECTIONS, resolveContentDir, type CollectionName } from '../collections.ts';
import { holdingStoreWrites } from './hold-store-writes.ts';
import { notes } from './notes.ts';

export function contentFolder(name: CollectionName): Loader {
  const spec = COLLECTIONS[name];
  const pattern = `**/[^_]*.{${spec.extensions.map((extension) => extension.slice(1)).join(',')}}`;
  // One inner loader per folder: under `astro dev` it keeps watching the files it loaded.
  const inner = new Map<string, Loader>();
  return {
    name: `paritybook-${name}`,
    load: (context) => {
      const base = path.join(resolveContentDir(fileURLToPath(context.config.root)), spec.folder);
      if (!inner.has(base)) inner.set(base, spec.body ? notes({ base }) : glob({ pattern, base }));
      return holdingStoreWrites(context.meta, () => inner.get(base)!.load(context));
    },
  };
}
