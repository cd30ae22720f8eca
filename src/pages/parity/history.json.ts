/**
 * `/parity/history.json`: the parity data this deploy publishes (src/parity/published.ts). The
 * next build reads it with `--previous`, `npm run snapshot -- --publish` rewrites it in place,
 * and parity panels upgrade from it in the browser.
 */
import type { APIRoute } from 'astro';
import { loadKnowledgeBase } from '../../lib/kb.ts';
import { toPublished } from '../../parity/published.ts';

export const GET: APIRoute = async () => {
  const kb = await loadKnowledgeBase();
  const views = [...kb.parity.values()].sort((a, b) => a.service.localeCompare(b.service));
  const lastRuns = views.flatMap((view) => (view.history?.state ? [view.history.state.lastRun] : [])).sort();
  const baseline = views.find((view) => view.history?.source === 'previous')?.history?.baseline ?? null;
  const published = toPublished(views, {
    builtRun: lastRuns.at(-1) ?? null,
    baseline,
    now: new Date(views[0]?.builtAt ?? Date.now()),
  });
  return new Response(JSON.stringify(published), { headers: { 'content-type': 'application/json' } });
};
