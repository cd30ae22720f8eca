import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { notes } from './loaders/notes.ts';
import { paritySnapshots } from './parity/loader.ts';
import { changeSchema, checklistSchema, publishedServiceSchema, runbookSchema, teamSchema } from './schemas/index.ts';

/**
 * The knowledge base lives in the top-level content/ folder, one folder per collection.
 * PARITYBOOK_CONTENT_DIR points a build at another knowledge base (imports, benchmarks, test fixtures).
 */
const CONTENT = process.env.PARITYBOOK_CONTENT_DIR ?? './content';

export const collections = {
  runbooks: defineCollection({
    loader: notes({ base: `${CONTENT}/runbooks` }),
    schema: runbookSchema,
  }),
  changes: defineCollection({
    loader: notes({ base: `${CONTENT}/changes` }),
    schema: changeSchema,
  }),
  checklists: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{yaml,yml}', base: `${CONTENT}/checklists` }),
    schema: checklistSchema,
  }),
  services: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{yaml,yml}', base: `${CONTENT}/services` }),
    // URLs without credentials: the data store is a file, and every page reads it.
    schema: publishedServiceSchema,
  }),
  /** Parity of each service's staging and production, read from the snapshot store (`npm run snapshot`). */
  snapshots: defineCollection({ loader: paritySnapshots() }),
  teams: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{yaml,yml}', base: `${CONTENT}/teams` }),
    schema: teamSchema,
  }),
};
