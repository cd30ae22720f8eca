/**
 * Cache keys for Astro's incremental build (`experimental.incrementalBuild`): a page whose key and
 * code are the same as in the previous build is copied from it instead of rendered again. A key is
 * a hash of everything the page shows that does not come from its code: its own props, the parts
 * of the knowledge base around it (related notes, parity panels, checklists, teams, services), the
 * day reviews are measured against, and the note's git history. Whatever a page shows must go into
 * its key, or a changed note would leave a stale page behind; the incremental-build test compares
 * an incremental build with a cold one file by file to catch exactly that.
 */
import { createHash } from 'node:crypto';
import { environmentState } from '../parity/format.ts';
import type { ParityPanelView } from '../parity/view.ts';
import { loadKnowledgeBase, type KnowledgeBase, type NoteEntry } from './kb.ts';
import { sidebarGroups } from './navigation.ts';
import { noteHistory } from './note-history.ts';
import type { NoteRouteData } from './route-data.ts';
import { reviewToday } from './review.ts';

/**
 * Stable JSON for hashing: an entry's file digest stands for its body and rendered HTML (both are
 * made from the file, by the Markdown settings that Astro's config hash already covers); a parity
 * view's build time stands only through what a page shows of it, each environment's state.
 */
function keyJson(value: unknown): string {
  return JSON.stringify(value, function (key, field: unknown) {
    if (key === 'rendered' || key === 'body') return undefined;
    if (key === 'builtAt') {
      const view = this as ParityPanelView['view'];
      return view ? [environmentState(view, 'staging'), environmentState(view, 'production')] : undefined;
    }
    if (field instanceof Map) return [...field];
    return field;
  });
}

const hash = (...parts: string[]) => {
  const hasher = createHash('sha256');
  for (const part of parts) hasher.update(part).update('\0');
  return hasher.digest('base64url').slice(0, 24);
};

let shared: Promise<string> | undefined;

/**
 * What every keyed page may show besides its props: teams, services and checklists (contacts,
 * names, embedded lists), the sidebar, and the day reviews are due against. One hash per build; a change to
 * any of them renders every page again, which is rare and always right.
 */
function sharedKey(kb: Promise<KnowledgeBase>): Promise<string> {
  shared ??= Promise.all([kb, sidebarGroups()]).then(([loaded, sidebar]) =>
    hash(
      reviewToday().toISOString(),
      keyJson([...loaded.teams.values()]),
      keyJson([...loaded.services.values()]),
      keyJson([...loaded.checklists.values()]),
      keyJson(sidebar),
    ),
  );
  return shared;
}

/** Key of a page that shows only its props (alert redirects, tag lists). */
export async function propsKey(props: unknown): Promise<string> {
  return hash(await sharedKey(loadKnowledgeBase()), keyJson(props));
}

/**
 * Key of a runbook or change page: the note, what its page shows around it (`NoteRouteData`:
 * related notes, parity panels, links), the note file's last commit, and `extra` for what one
 * kind of page adds (a change page's parity checks).
 */
export async function notePageKey(entry: NoteEntry, route: NoteRouteData, extra: unknown = null): Promise<string> {
  const { mdx: _sharedByEveryPage, ...shown } = route;
  const history = entry.filePath ? noteHistory(entry.filePath) : null;
  return hash(await sharedKey(loadKnowledgeBase()), keyJson(entry), keyJson(shown), keyJson(history), keyJson(extra));
}
