/**
 * In-process timings of pure build-time helpers on the generated notes, to attribute build time
 * that the Astro phase markers lump into "render routes". Today: related notes, which every note
 * page computes against every other note (src/lib/kb.ts relatedTo -> src/lib/related.ts).
 */
import { relatedNotes, type Relatable } from '../../src/lib/related.ts';
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
 * Related notes for every note page, the way the pages call it (candidates rebuilt per page).
 * Each page costs O(notes), so above `maxPages` a spread sample is timed and scaled up.
 */
export function timeRelatedNotes(kb: KnowledgeBase, maxPages = 400): ComponentTiming {
  const notes = relatables(kb);
  const step = Math.max(1, Math.ceil(notes.length / maxPages));
  let calls = 0;
  const started = process.cpuUsage();
  for (let i = 0; i < notes.length; i += step) {
    const candidates = notes.map((candidate) => ({ ...candidate }));
    relatedNotes(notes[i], candidates, 5);
    calls++;
  }
  const seconds = cpuSince(started) * (notes.length / calls);
  return { name: 'related notes, every note page (src/lib/related.ts, as pages call it)', seconds, calls };
}

/**
 * A proposed replacement with the same ranking: lower-cased keys and tag counts computed once per
 * build, and an inverted index (alert, service, tag -> notes), so each page only scores notes that
 * share something with it instead of building three Sets for every pair of notes.
 * Measured here against the current helper; tests/unit/bench.test.ts checks both rank alike.
 */
export function createRelatedIndex<T extends Relatable>(candidates: T[]) {
  const lower = (values: string[] = []) => values.map((value) => value.toLowerCase());
  const keys = candidates.map((c) => ({
    alerts: new Set(lower(c.alerts)),
    services: new Set(lower(c.services)),
    tags: new Set(lower(c.tags)),
  }));
  const tagCounts = new Map<string, number>();
  const postings = {
    alert: new Map<string, number[]>(),
    service: new Map<string, number[]>(),
    tag: new Map<string, number[]>(),
  };
  candidates.forEach((candidate, i) => {
    for (const tag of lower(candidate.tags)) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
    for (const [kind, set] of [
      ['alert', keys[i].alerts],
      ['service', keys[i].services],
      ['tag', keys[i].tags],
    ] as const) {
      for (const value of set) {
        const list = postings[kind].get(value);
        if (list) list.push(i);
        else postings[kind].set(value, [i]);
      }
    }
  });
  const alertCount = new Float64Array(candidates.length);
  const serviceCount = new Float64Array(candidates.length);
  const tagScore = new Float64Array(candidates.length);
  const seen = new Uint8Array(candidates.length);
  // Same order as the current helper: score, then the more recent, then the key.
  const before = (a: { i: number; score: number }, b: { i: number; score: number }) =>
    b.score - a.score ||
    (candidates[b.i].date?.getTime() ?? 0) - (candidates[a.i].date?.getTime() ?? 0) ||
    candidates[a.i].key.localeCompare(candidates[b.i].key);
  return (target: Relatable, limit = 5) => {
    const touched: number[] = [];
    const add = (
      kind: 'alert' | 'service' | 'tag',
      values: string[] = [],
      into: Float64Array,
      weight: (value: string) => number,
    ) => {
      for (const value of values) {
        const w = weight(value);
        for (const i of postings[kind].get(value.toLowerCase()) ?? []) {
          into[i] += w;
          if (!seen[i]) {
            seen[i] = 1;
            touched.push(i);
          }
        }
      }
    };
    add('alert', target.alerts, alertCount, () => 1);
    add('service', target.services, serviceCount, () => 1);
    add('tag', target.tags, tagScore, (tag) => 1 / Math.max(1, Math.log2(tagCounts.get(tag.toLowerCase()) ?? 1) || 1));
    // Keep only the best `limit` while scanning: no sort of every note that shares a common tag.
    const top: { i: number; score: number }[] = [];
    for (const i of touched) {
      const score = alertCount[i] * 5 + serviceCount[i] * 3 + tagScore[i];
      alertCount[i] = serviceCount[i] = tagScore[i] = 0;
      seen[i] = 0;
      if (candidates[i].key === target.key || score <= 0) continue;
      const entry = { i, score };
      if (top.length === limit && before(entry, top[limit - 1]) >= 0) continue;
      let at = top.length;
      while (at > 0 && before(entry, top[at - 1]) < 0) at--;
      top.splice(at, 0, entry);
      if (top.length > limit) top.pop();
    }
    return top.map(({ i, score }) => ({ note: candidates[i], score }));
  };
}

export function timeRelatedIndex(kb: KnowledgeBase): ComponentTiming {
  const notes = relatables(kb);
  const started = process.cpuUsage();
  const related = createRelatedIndex(notes);
  for (const note of notes) related(note, 5);
  return {
    name: 'related notes with an inverted index (proposed)',
    seconds: cpuSince(started),
    calls: notes.length,
  };
}
