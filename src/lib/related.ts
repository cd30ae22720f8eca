/** The parts of a note that relate it to others. */
export interface Relatable {
  /** Unique key, e.g. "runbooks/cdn-502-504". */
  key: string;
  services: string[];
  alerts?: string[];
  tags: string[];
  /** Used to break ties: the more recent note first. */
  date?: Date;
}

export interface RelatedNote<T extends Relatable> {
  note: T;
  score: number;
  /** Why it is related, for the reader: "alert X", "service Y", "tag Z". */
  reasons: string[];
}

/** A shared alert is the strongest link, then a shared service, then a shared tag. */
export const RELATED_WEIGHTS = { alert: 5, service: 3, tag: 1 } as const;

type Kind = keyof typeof RELATED_WEIGHTS;
const KINDS: Kind[] = ['alert', 'service', 'tag'];

const lower = (values: string[] = []) => [...new Set(values.map((value) => value.toLowerCase()))];
const valuesOf = (note: Relatable, kind: Kind) =>
  kind === 'alert' ? note.alerts : kind === 'service' ? note.services : note.tags;

/**
 * Builds, once per build, an index from each alert, service and tag to the notes that carry it, and returns a
 * function that ranks the notes related to one note. Only notes sharing something are visited, so a knowledge
 * base of N notes costs about N × (notes per shared value) instead of N² pair comparisons.
 * Rare tags are worth more than common ones, so "cdn" on three notes beats "production" on every note.
 */
export function createRelatedIndex<T extends Relatable>(candidates: T[]) {
  const postings: Record<Kind, Map<string, number[]>> = { alert: new Map(), service: new Map(), tag: new Map() };
  candidates.forEach((candidate, index) => {
    for (const kind of KINDS) {
      for (const value of lower(valuesOf(candidate, kind))) {
        const list = postings[kind].get(value);
        if (list) list.push(index);
        else postings[kind].set(value, [index]);
      }
    }
  });
  const weight = (kind: Kind, value: string) =>
    kind === 'tag'
      ? RELATED_WEIGHTS.tag / Math.max(1, Math.log2(postings.tag.get(value)?.length ?? 1))
      : RELATED_WEIGHTS[kind];
  const ranksBefore = (a: { index: number; score: number }, b: { index: number; score: number }) =>
    b.score - a.score ||
    (candidates[b.index].date?.getTime() ?? 0) - (candidates[a.index].date?.getTime() ?? 0) ||
    candidates[a.index].key.localeCompare(candidates[b.index].key);

  return function related(target: Relatable, limit = 5): RelatedNote<T>[] {
    const scores = new Map<number, { score: number; reasons: string[] }>();
    for (const kind of KINDS) {
      const original = new Map((valuesOf(target, kind) ?? []).map((value) => [value.toLowerCase(), value]));
      for (const [value, shown] of original) {
        const w = weight(kind, value);
        for (const index of postings[kind].get(value) ?? []) {
          if (candidates[index].key === target.key) continue;
          const entry = scores.get(index) ?? { score: 0, reasons: [] };
          entry.score += w;
          entry.reasons.push(`${kind} ${shown}`);
          scores.set(index, entry);
        }
      }
    }
    // Keep the best `limit` while scanning instead of sorting every note that shares a common tag.
    const top: { index: number; score: number; reasons: string[] }[] = [];
    for (const [index, { score, reasons }] of scores) {
      const entry = { index, score, reasons };
      if (top.length === limit && ranksBefore(entry, top[limit - 1]) >= 0) continue;
      let at = top.length;
      while (at > 0 && ranksBefore(entry, top[at - 1]) < 0) at--;
      top.splice(at, 0, entry);
      if (top.length > limit) top.pop();
    }
    return top.map(({ index, score, reasons }) => ({ note: candidates[index], score, reasons }));
  };
}

/** Ranks notes related to `target` by shared alerts, services and tags (one-off use; pages share one index). */
export function relatedNotes<T extends Relatable>(target: Relatable, candidates: T[], limit = 5): RelatedNote<T>[] {
  return createRelatedIndex(candidates)(target, limit);
}
