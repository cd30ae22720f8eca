/**
 * What a page shows, prepared once per page from the knowledge base (src/lib/kb.ts). Pages pass
 * it to components as props. Components in a note's MDX body get no props from the page, so the
 * page also stores the part they read in `Astro.locals.paritybookRoute` before rendering the
 * body, the way Starlight's components read `Astro.locals.starlightRoute`.
 */
import { entryUrl, tagUrl } from '../routes.ts';
import { environmentState, type EnvironmentState } from '../parity/format.ts';
import { isUnexpected } from '../parity/view.ts';
import type { ParityView } from '../schemas/snapshot.ts';
import { runbookPagers, type RunbookPager } from './navigation.ts';
import {
  loadKnowledgeBase,
  relatedTo,
  type ChecklistEntry,
  type KnowledgeBase,
  type NoteEntry,
  type RelatedNote,
  type TeamEntry,
} from './kb.ts';

/** What components in an MDX body read from `Astro.locals.paritybookRoute`. */
export interface MdxRouteData {
  /** Every checklist by id, for `<Checklist use="…" />`. */
  checklists: ReadonlyMap<string, ChecklistEntry>;
}

/** A link as the meta box lists it. */
export interface RouteLink {
  text: string;
  href: string;
}

/** What a runbook or change page shows beside the note's own fields. */
export interface NoteRouteData {
  /** The owning team; undefined when no team file has the owner's id. */
  team: TeamEntry | undefined;
  /** The note's services by name, linked to their pages. */
  services: RouteLink[];
  tags: RouteLink[];
  /** The checklists the note lists in its frontmatter, by title. */
  checklists: RouteLink[];
  related: RelatedNote[];
  /** One line of parity per service of the note, linking to the service's full report. */
  parity: ParitySummaryRow[];
  /** Previous and next runbook, per service of a runbook (none for change notes). */
  pagers: RunbookPager[];
  /** For `Astro.locals.paritybookRoute`, set before the body renders. */
  mdx: MdxRouteData;
}

/** One service's parity in a line: the worst unexpected drift and each environment's state. */
export interface ParitySummaryRow {
  serviceId: string;
  name: string;
  /** The service page's parity report. */
  href: string;
  /** Worst unexpected drift; null in parity; undefined when no snapshot exists. */
  worst: ParityView['worst'] | undefined;
  /** Unexpected drift entries (what the report lists first). */
  unexpected: number;
  environments: { staging: EnvironmentState; production: EnvironmentState };
}

/** Summarises one service's parity view for the line under a note. */
export function paritySummaryRow(serviceId: string, name: string, view: ParityView | undefined): ParitySummaryRow {
  return {
    serviceId,
    name,
    href: `${entryUrl('services', serviceId)}#parity-${serviceId}`,
    worst: view ? view.worst : undefined,
    unexpected: view ? view.drift.filter(isUnexpected).length : 0,
    environments: {
      staging: view ? environmentState(view, 'staging') : 'missing',
      production: view ? environmentState(view, 'production') : 'missing',
    },
  };
}

/** The data MDX components read; the same for every page of a build. */
export const mdxRouteData = (kb: KnowledgeBase): MdxRouteData => ({ checklists: kb.checklists });

/** Prepares everything a note page shows around the note, from the knowledge base loaded once per build. */
export async function noteRouteData(note: NoteEntry): Promise<NoteRouteData> {
  const kb = await loadKnowledgeBase();
  const { data } = note;
  return {
    team: kb.teams.get(data.owner),
    services: data.services.map((id) => ({
      text: kb.services.get(id)?.data.name ?? id,
      href: entryUrl('services', id),
    })),
    tags: data.tags.map((tag) => ({ text: tag, href: tagUrl(tag) })),
    checklists: data.checklists.map((id) => ({
      text: kb.checklists.get(id)?.data.title ?? id,
      href: entryUrl('checklists', id),
    })),
    related: await relatedTo(note),
    parity: data.services.map((id) => paritySummaryRow(id, kb.services.get(id)?.data.name ?? id, kb.parity.get(id))),
    pagers: note.collection === 'runbooks' ? await runbookPagers(note) : [],
    mdx: mdxRouteData(kb),
  };
}

/**
 * The route data an MDX component reads. A page that renders MDX without setting it is a
 * mistake in the page, so it stops the build naming the component and the fix.
 */
export function readMdxRouteData(locals: App.Locals, component: string): MdxRouteData {
  const route = locals.paritybookRoute;
  if (!route)
    throw new Error(
      `${component} needs the page's route data: set Astro.locals.paritybookRoute (src/lib/route-data.ts) before rendering the note body.`,
    );
  return route;
}
