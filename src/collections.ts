/**
 * The one registry of the knowledge base: per collection its schema, where its files live, the
 * URL of its pages, what it references, and how it is described for search. Astro's content
 * config, the content check, the search index, the importer and the pages all read it, so a new
 * collection is one entry here, a schema in src/schemas/ and a page in src/pages/.
 *
 * Plain TypeScript without Astro imports: `npm run check` and the other commands run it in Node.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { slug } from 'github-slugger';
import type { z } from 'astro/zod';
import {
  changeSchema,
  checklistSchema,
  guideSchema,
  runbookSchema,
  publishedServiceSchema,
  serviceSchema,
  teamSchema,
  type Change,
  type Checklist,
  type Guide,
  type Runbook,
  type Service,
} from './schemas/index.ts';

/** One entry of a collection, in identifiers: search results, JSON Schema files, CSS classes. */
export type EntryKind = 'runbook' | 'guide' | 'change' | 'checklist' | 'service' | 'team';

/** What the search result list shows of an entry without opening its page. */
export interface SearchDescription {
  title: string;
  summary: string;
  services: string[];
  severity?: string;
  owner?: string;
  status?: string;
  alerts: string[];
  tags: string[];
}

/**
 * What review reminders read of a note: its last review and interval, or (change notes, whose `status` is their
 * shipping state) only a review state.
 */
export type ReviewFields = { lastReviewed?: Date; reviewEvery?: number; status?: string } | { reviewStatus?: string };

/** A field that names entries of another collection by id. */
export interface Reference {
  field: string;
  /** The collection the ids belong to: a key of COLLECTIONS (a unit test holds every target to that). */
  target: string;
}

export interface CollectionSpec<T = unknown> {
  /** One entry, as an identifier; the JSON Schema for editors is schemas/<kind>.schema.json. */
  kind: EntryKind;
  /** Zod schema of an entry's frontmatter or YAML file, as authors write it (the check and editors use it). */
  schema: z.ZodType<T>;
  /** What Astro's data store keeps of an entry, when it must differ from what was written (no credentials). */
  published?: z.ZodType<T>;
  /** Folder under the content folder. */
  folder: string;
  /** File name endings read, with the dot. */
  extensions: readonly string[];
  /** Markdown or MDX with a frontmatter block (true), or a YAML data file (false). */
  body: boolean;
  /** One entry, in messages: "a runbook", "no such service". */
  noun: string;
  /** First path segment of the entry pages: /<route>/<id>/. */
  route: string;
  /** Fields holding ids of entries of other collections; the check makes sure they resolve. */
  references: readonly Reference[];
  /** Whether the entry's id must equal a field of the file (services and teams repeat their id). */
  idField?: string;
  /** The review fields of a note, for review reminders and the check; absent when entries are not reviewed. */
  review?(data: T): ReviewFields;
  /** How an entry appears in search; absent when the collection is not indexed. */
  search?: {
    describe(data: T): SearchDescription;
    /** A note waiting for review stays out of the ranking. */
    needsReview?(data: T): boolean;
  };
}

/** Identity helper that types each registry entry by its schema. */
const collection = <T>(spec: CollectionSpec<T>) => spec;

const NOTE_EXTENSIONS = ['.md', '.mdx'] as const;
const DATA_EXTENSIONS = ['.yaml', '.yml'] as const;
const notesRefs = [
  { field: 'owner', target: 'teams' },
  { field: 'services', target: 'services' },
  { field: 'checklists', target: 'checklists' },
] as const;

/** The search description of a note: its own fields, with what differs per collection in `extra`. */
const describeNote = (
  note: { title: string; services?: string[]; owner: string; status?: string; tags: string[] },
  extra: Pick<SearchDescription, 'summary'> & Partial<SearchDescription>,
): SearchDescription => ({
  title: note.title,
  services: note.services ?? [],
  owner: note.owner,
  status: note.status,
  alerts: [],
  tags: note.tags,
  ...extra,
});

/** What a note collection states itself; noteCollection fills in the rest. */
type NoteSpec<T> = Omit<CollectionSpec<T>, 'extensions' | 'body' | 'references' | 'search'> & {
  /** What the search result shows beyond the note's own fields (see describeNote). */
  describe(data: T): Parameters<typeof describeNote>[1];
  /** A note waiting for review stays out of the ranking. */
  needsReview(data: T): boolean;
};

/** A collection of Markdown or MDX notes: note file endings, a body, the shared references, described by describeNote. */
const noteCollection = <T extends Parameters<typeof describeNote>[0]>({
  describe,
  needsReview,
  ...spec
}: NoteSpec<T>) =>
  collection<T>({
    ...spec,
    extensions: NOTE_EXTENSIONS,
    body: true,
    references: notesRefs,
    search: { describe: (d) => describeNote(d, describe(d)), needsReview },
  });

/** Review reminders of runbooks and guides: `status` is their review state, read with their last review and interval. */
const reviewedByStatus = {
  needsReview: (d: { status: string }) => d.status === 'needs-review',
  review: (d: { lastReviewed: Date; reviewEvery: number; status: string }) => ({
    lastReviewed: d.lastReviewed,
    reviewEvery: d.reviewEvery,
    status: d.status,
  }),
};

export const COLLECTIONS = {
  runbooks: noteCollection<Runbook>({
    kind: 'runbook',
    schema: runbookSchema,
    folder: 'runbooks',
    noun: 'runbook',
    route: 'runbooks',
    describe: (d) => ({ summary: d.summary, severity: d.severity, alerts: d.alerts }),
    ...reviewedByStatus,
  }),
  guides: noteCollection<Guide>({
    kind: 'guide',
    schema: guideSchema,
    folder: 'guides',
    noun: 'guide',
    route: 'guides',
    describe: (d) => ({ summary: d.summary }),
    ...reviewedByStatus,
  }),
  changes: noteCollection<Change>({
    kind: 'change',
    schema: changeSchema,
    folder: 'changes',
    noun: 'change note',
    route: 'changes',
    describe: (d) => ({ summary: d.reason }),
    needsReview: (d) => d.reviewStatus === 'needs-review',
    // A change note's `status` is its shipping state; its review state is `reviewStatus`.
    review: (d) => ({ reviewStatus: d.reviewStatus }),
  }),
  checklists: collection<Checklist>({
    kind: 'checklist',
    schema: checklistSchema,
    folder: 'checklists',
    extensions: DATA_EXTENSIONS,
    body: false,
    noun: 'checklist',
    route: 'checklists',
    references: [{ field: 'owner', target: 'teams' }],
    search: {
      describe: (d) => describeNote(d, { summary: d.summary }),
    },
  }),
  services: collection<Service>({
    kind: 'service',
    schema: serviceSchema,
    // URLs without credentials: the data store is a file, and every page reads it.
    published: publishedServiceSchema,
    folder: 'services',
    extensions: DATA_EXTENSIONS,
    body: false,
    noun: 'service',
    route: 'services',
    references: [{ field: 'owner', target: 'teams' }],
    idField: 'id',
    search: {
      describe: (d) => ({
        title: d.name,
        summary: `Service ${d.name} (${d.id})`,
        services: [d.id],
        owner: d.owner,
        alerts: [],
        tags: [],
      }),
    },
  }),
  teams: collection({
    kind: 'team',
    schema: teamSchema,
    folder: 'teams',
    extensions: DATA_EXTENSIONS,
    body: false,
    noun: 'team',
    route: 'teams',
    references: [],
    idField: 'id',
  }),
};

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];

/** The registry entry of a collection, with its data type erased (for code that handles every collection alike). */
export const specOf = (name: CollectionName) => COLLECTIONS[name] as CollectionSpec<unknown>;

/** The schema Astro stores a collection's entries with. */
export const publishedSchema = (name: CollectionName) => specOf(name).published ?? specOf(name).schema;

/** Collections whose files are Markdown or MDX notes with a body. */
export const NOTE_COLLECTIONS = COLLECTION_NAMES.filter((name) => COLLECTIONS[name].body);

/** Collections whose entries are pages in the search index. */
export const SEARCHABLE_COLLECTIONS = COLLECTION_NAMES.filter((name) => specOf(name).search);

/**
 * The id Astro's glob loader gives a file (its page path inside the collection): each folder and the name without
 * extension slugged by github-slugger (lower case, spaces to dashes, dots, symbols and emoji dropped), a trailing
 * `/index` removed. Two files can share an id, and a name can have none (`...mdx`); see checkFileNames.
 */
export function entryId(relativePath: string): string {
  return relativePath
    .replace(/\\/g, '/')
    .replace(/\.(mdx?|markdown|ya?ml)$/i, '')
    .split('/')
    .map((segment) => slug(segment))
    .join('/')
    .replace(/\/index$/, '');
}

/**
 * The knowledge base folder, decided the same way by the build and by every command:
 * an explicit choice (a command's `--content`), else $PARITYBOOK_CONTENT_DIR, else the
 * `paritybook.contentDir` field of the project's package.json, else `content`.
 */
export function resolveContentDir(root: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(root, explicit || env.PARITYBOOK_CONTENT_DIR || packageSetting(root, 'contentDir') || 'content');
}

function packageSetting(root: string, key: string): string | undefined {
  const file = path.join(root, 'package.json');
  if (!existsSync(file)) return undefined;
  const settings = (JSON.parse(readFileSync(file, 'utf8')) as { paritybook?: Record<string, unknown> }).paritybook;
  const value = settings?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
