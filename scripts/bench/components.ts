/**
 * In-process timings of pure build-time helpers on the generated notes, to attribute build time
 * that the Astro phase markers lump into "render routes". Today: related notes (src/lib/kb.ts relatedTo).
 */
import { createRelatedIndex, type Relatable } from '../../src/lib/related.ts';
import type { KnowledgeBase } from './generate.ts';

export interface ComponentTiming {
  name: string;
  /** Total CPU seconds (this process, user + system) for all pages of the site: steadier than wall time on a shared machine. */
  seconds: number;
  /** Pages actually timed; when fewer than the notes, `seconds` is extrapolated (every page costs alike). */
  calls: number;
}

const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

function relatables(kb: KnowledgeBase): Relatable[] {
  return kb.notes.map((note) => ({
    key: `${note.kind === 'runbook' ? 'runbooks' : 'changes'}/${note.id}`,
    services: note.data.services as string[],
    alerts: note.kind === 'runbook' ? (note.data.alerts as string[]) : [],
    tags: note.data.tags as string[],
    date: new Date(String(note.kind === 'runbook' ? note.data.lastReviewed : note.data.date)),
  }));
}

/**
 * Related notes for every note page, the way the pages get them: one index per build
 * (src/lib/related.ts createRelatedIndex, shared through src/lib/kb.ts relatedTo), then one ranking per page.
 */
export function timeRelatedNotes(kb: KnowledgeBase): ComponentTiming {
  const notes = relatables(kb);
  const started = process.cpuUsage();
  const related = createRelatedIndex(notes);
  for (const note of notes) related(note, 5);
  return {
    name: 'related notes, every note page (src/lib/related.ts index)',
    seconds: cpuSince(started),
    calls: notes.length,
  };
}
