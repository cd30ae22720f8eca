/**
 * The site's navigation, prepared once per build from the knowledge base: the sidebar (kinds of
 * page, services, teams), the breadcrumb trail of a path, and the previous and next runbook of a
 * service. The layout and the note pages pass the parts to components as props.
 */
import { collectionUrl, entryUrl, pageUrl } from '../routes.ts';
import { loadKnowledgeBase, type RunbookEntry } from './kb.ts';

/** A link of the sidebar or the breadcrumb trail. */
export interface NavLink {
  text: string;
  href: string;
}

/** A titled group of the sidebar. */
export interface NavGroup {
  label: string;
  links: NavLink[];
}

/** First path segment of a page → how the sidebar and the breadcrumbs name its section. */
const SECTIONS: readonly { segment: string; text: string; href: string }[] = [
  { segment: 'runbooks', text: 'Runbooks', href: collectionUrl('runbooks') },
  { segment: 'alerts', text: 'Alerts', href: pageUrl('alerts') },
  { segment: 'guides', text: 'Guides', href: collectionUrl('guides') },
  { segment: 'changes', text: 'Changes', href: collectionUrl('changes') },
  { segment: 'checklists', text: 'Checklists', href: collectionUrl('checklists') },
  { segment: 'parity', text: 'Parity', href: pageUrl('parity') },
  { segment: 'reviews', text: 'Reviews', href: pageUrl('reviews') },
  { segment: 'tags', text: 'Tags', href: pageUrl('tags') },
  { segment: 'services', text: 'Services', href: collectionUrl('services') },
  { segment: 'teams', text: 'Teams', href: collectionUrl('teams') },
  { segment: 'search', text: 'Search', href: pageUrl('search') },
];

let sidebar: Promise<NavGroup[]> | undefined;

/**
 * The sidebar's groups: every kind of page, then each service and each team by name. No counts: the
 * sidebar is on every page, and a count would make one added note render every page again.
 */
export function sidebarGroups(): Promise<NavGroup[]> {
  sidebar ??= (async () => {
    const kb = await loadKnowledgeBase();
    const byName = <T extends { data: { name: string } }>(entries: Iterable<T>) =>
      [...entries].sort((a, b) => a.data.name.localeCompare(b.data.name));
    return [
      {
        label: 'Browse',
        links: SECTIONS.filter((section) => !['services', 'teams', 'search'].includes(section.segment)).map(
          (section) => ({ text: section.text, href: section.href }),
        ),
      },
      {
        label: 'Services',
        links: byName(kb.services.values()).map((service) => ({
          text: service.data.name,
          href: entryUrl('services', service.id),
        })),
      },
      {
        label: 'Teams',
        links: byName(kb.teams.values()).map((team) => ({ text: team.data.name, href: entryUrl('teams', team.id) })),
      },
    ];
  })();
  return sidebar;
}

/**
 * How a sidebar link relates to the page at `path`: the page itself, a page inside its section
 * (a runbook under Runbooks), or neither. The layout marks the first with aria-current="page".
 */
export function linkState(href: string, path: string): 'page' | 'section' | undefined {
  if (href === path) return 'page';
  if (href !== '/' && path.startsWith(href)) return 'section';
  return undefined;
}

/**
 * The trail above a page's title: Home, the page's section, then the page itself (unlinked).
 * Empty on the home page; a section's own index page ends at the section.
 */
export function breadcrumbs(path: string, title: string): NavLink[] {
  if (path === '/') return [];
  const home = { text: 'Home', href: '/' };
  const segment = path.split('/').filter(Boolean)[0];
  const section = SECTIONS.find((candidate) => candidate.segment === segment);
  if (!section) return [home, { text: title, href: path }];
  if (section.href === path) return [home, { text: section.text, href: path }];
  return [home, { text: section.text, href: section.href }, { text: title, href: path }];
}

/** Previous and next runbook of one service, for the pager under a runbook. */
export interface RunbookPager {
  service: NavLink;
  /** Position of the runbook among the service's runbooks, from 1. */
  position: number;
  total: number;
  previous?: NavLink;
  next?: NavLink;
}

/**
 * A pager per service of `runbook` that has other runbooks: the service's runbooks by title, around
 * this one. Every runbook of a service shows that service's pager, so Next keeps walking the same list.
 */
export async function runbookPagers(runbook: RunbookEntry): Promise<RunbookPager[]> {
  const kb = await loadKnowledgeBase();
  const link = (entry: RunbookEntry | undefined) =>
    entry && { text: entry.data.title, href: entryUrl('runbooks', entry.id) };
  return runbook.data.services.flatMap((serviceId) => {
    const siblings = kb.runbooks.filter((entry) => entry.data.services.includes(serviceId));
    if (siblings.length < 2) return [];
    const index = siblings.findIndex((entry) => entry.id === runbook.id);
    return [
      {
        service: { text: kb.services.get(serviceId)?.data.name ?? serviceId, href: entryUrl('services', serviceId) },
        position: index + 1,
        total: siblings.length,
        previous: link(siblings[index - 1]),
        next: link(siblings[index + 1]),
      },
    ];
  });
}
