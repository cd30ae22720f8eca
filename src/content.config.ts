import { defineCollection } from 'astro:content';
import { COLLECTION_NAMES, COLLECTIONS, publishedSchema, type CollectionName } from './collections.ts';
import { contentFolder } from './loaders/folder.ts';
import { paritySnapshots } from './parity/loader.ts';

/** One Astro collection per registry entry (src/collections.ts), read from its folder of the knowledge base. */
const fromRegistry = (name: CollectionName) =>
  defineCollection({ loader: contentFolder(name), schema: publishedSchema(name) });

/** A registry collection as Astro sees it, typed by its own schema so entries keep their data types. */
type RegistryCollection<K extends CollectionName> = Omit<ReturnType<typeof fromRegistry>, 'schema'> & {
  schema: (typeof COLLECTIONS)[K]['schema'];
};

export const collections = {
  ...(Object.fromEntries(COLLECTION_NAMES.map((name) => [name, fromRegistry(name)])) as {
    [K in CollectionName]: RegistryCollection<K>;
  }),
  /** Parity of each service's staging and production, read from the snapshot store (`npm run snapshot`). */
  snapshots: defineCollection({ loader: paritySnapshots() }),
};
