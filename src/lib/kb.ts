/**
 * The knowledge base as pages need it: every collection read once per build and indexed by id.
 * Pages import from here instead of calling getCollection themselves, so cross-references resolve the same way everywhere;
 * components take what they show as props (src/lib/route-data.ts prepares a note page's).
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { specOf } from '../collections.ts';
import { entryUrl } from '../routes.ts';
import type { ParityView } from '../schemas/snapshot.ts';
import { createRelatedIndex, type Relatable } from './related.ts';

export type RunbookEntry = CollectionEntry<'runbooks'>;
export type GuideEntry = CollectionEntry<'guides'>;
export type ChangeEntry = CollectionEntry<'changes'>;
export type ServiceEntry = CollectionEntry<'services'>;
export type TeamEntry = CollectionEntry<'teams'>;
export type ChecklistEntry = CollectionEntry<'checklists'>;
export type NoteEntry = RunbookEntry | GuideEntry | ChangeEntry;

export interface KnowledgeBase {
  runbooks: RunbookEntry[];
  /** How-tos, tutorials, references and overviews, by title. */
  guides: GuideEntry[];
  changes: ChangeEntry[];
  services: Map<string, ServiceEntry>;
  teams: Map<string, TeamEntry>;
  checklists: Map<string, ChecklistEntry>;
  /** Parity of each service's staging and production, by service id (the `snapshots` collection). */
  parity: Map<string, ParityView>;
}

let loaded: Promise<KnowledgeBase> | undefined;

export function loadKnowledgeBase(): Promise<KnowledgeBase> {
  loaded ??= (async () => {
    const [runbooks, guides, changes, services, teams, checklists, snapshots] = await Promise.all([
      getCollection('runbooks'),
      getCollection('guides'),
      getCollection('changes'),
      getCollection('services'),
      getCollection('teams'),
      getCollection('checklists'),
      getCollection('snapshots'),
    ]);
    return {
      runbooks: runbooks.sort((a, b) => a.data.title.localeCompare(b.data.title)),
      guides: guides.sort((a, b) => a.data.title.localeCompare(b.data.title)),
      changes: changes.sort((a, b) => b.data.date.getTime() - a.data.date.getTime() || a.id.localeCompare(b.id)),
      services: new Map(services.map((entry) => [entry.id, entry])),
      teams: new Map(teams.map((entry) => [entry.id, entry])),
      checklists: new Map(checklists.map((entry) => [entry.id, entry])),
      parity: new Map(snapshots.map((entry) => [entry.id, entry.data])),
    };
  })();
  return loaded;
}

export const noteKey = (note: NoteEntry) => `${note.collection}/${note.id}`;
export const noteHref = (note: NoteEntry) => entryUrl(note.collection, note.id);
export const noteKind = (note: NoteEntry) => specOf(note.collection).kind;

/** What lists show of a note without opening it (title, summary, services), as search describes it. */
export const noteDescription = (note: NoteEntry) => specOf(note.collection).search!.describe(note.data);

function relatable(note: NoteEntry): Relatable & { entry: NoteEntry } {
  return {
    key: noteKey(note),
    services: note.data.services,
    alerts: noteDescription(note).alerts,
    tags: note.data.tags,
    date: note.collection === 'changes' ? note.data.date : note.data.lastReviewed,
    entry: note,
  };
}

let relatedIndex: Promise<ReturnType<typeof createRelatedIndex<ReturnType<typeof relatable>>>> | undefined;

/** A note related to another, with why ("alert X", "service Y", "tag Z"). */
export interface RelatedNote {
  entry: NoteEntry;
  reasons: string[];
}

/** Notes that share alerts, services or tags with `note`, best first; the index is built once per build. */
export async function relatedTo(note: NoteEntry, limit = 5): Promise<RelatedNote[]> {
  relatedIndex ??= loadKnowledgeBase().then((kb) =>
    createRelatedIndex([...kb.runbooks, ...kb.guides, ...kb.changes].map(relatable)),
  );
  const related = await relatedIndex;
  return related(relatable(note), limit).map(({ note: candidate, reasons }) => ({ entry: candidate.entry, reasons }));
}

/** Every tag with the notes that carry it, sorted by name. */
export async function tagIndex(): Promise<Map<string, NoteEntry[]>> {
  const kb = await loadKnowledgeBase();
  const tags = new Map<string, NoteEntry[]>();
  for (const note of [...kb.runbooks, ...kb.guides, ...kb.changes]) {
    for (const tag of note.data.tags) tags.set(tag, [...(tags.get(tag) ?? []), note]);
  }
  return new Map([...tags].sort(([a], [b]) => a.localeCompare(b)));
}
