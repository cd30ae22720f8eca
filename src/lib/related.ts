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
  const valueSets = candidates.map((candidate, index) => {
    const sets = {} as Record<Kind, Set<string>>;
    for (const kind of KINDS) {
      sets[kind] = new Set(lower(valuesOf(candidate, kind)));
      for (const value of sets[kind]) {
        const list = postings[kind].get(value);
        if (list) list.push(index);
        else postings[kind].set(value, [index]);
      }
    }
    return sets;
  });
  const weight = (kind: Kind, value: string) =>
    kind === 'tag'
      ? RELATED_WEIGHTS.tag / Math.max(1, Math.log2(postings.tag.get(value)?.length ?? 1))
      : RELATED_WEIGHTS[kind];
  const ranksBefore = (a: { index: number; score: number }, b: { index: number; score: number }) =>
    b.score - a.score ||
    (candidates[b.index].date?.getTime() ?? 0) - (candidates[a.index].date?.getTime() ?? 0) ||
    candidates[a.index].key.localeCompare(candidates[b.index].key);

  // Keeps the best `limit` while scanning instead of sorting every note that shares something.
  const best = (scores: Map<number, number>, limit: number) => {
    const top: { index: number; score: number }[] = [];
    for (const [index, score] of scores) {
      const entry = { index, score };
      if (top.length === limit && ranksBefore(entry, top[limit - 1]) >= 0) continue;
      let at = top.length;
      while (at > 0 && ranksBefore(entry, top[at - 1]) < 0) at--;
      top.splice(at, 0, entry);
      if (top.length > limit) top.pop();
    }
    return top;
  };

  return function related(target: Relatable, limit = 5): RelatedNote<T>[] {
    const wanted = Object.fromEntries(
      KINDS.map((kind) => [kind, new Map((valuesOf(target, kind) ?? []).map((v) => [v.toLowerCase(), v]))]),
    ) as Record<Kind, Map<string, string>>;
    const isTarget = (index: number) => candidates[index].key === target.key;
    const scores = new Map<number, number>();
    for (const kind of ['alert', 'service'] as const) {
      for (const value of wanted[kind].keys()) {
        const w = weight(kind, value);
        for (const index of postings[kind].get(value) ?? [])
          if (!isTarget(index)) scores.set(index, (scores.get(index) ?? 0) + w);
      }
    }
    const tagWeights = [...wanted.tag.keys()].map((value) => [value, weight('tag', value)] as const);
    for (const [index, score] of scores) {
      let total = score;
      for (const [value, w] of tagWeights) if (valueSets[index].tag.has(value)) total += w;
      scores.set(index, total);
    }
    let top = best(scores, limit);
    // A note sharing only tags scores at most the sum of the tag weights; tags are shared by many
    // notes, so their lists are walked only when such a note could still make the list.
    const tagOnlyBound = tagWeights.reduce((sum, [, w]) => sum + w, 0);
    if (tagWeights.length > 0 && (top.length < limit || top[limit - 1].score <= tagOnlyBound)) {
      const tagOnly = new Map<number, number>();
      for (const [value, w] of tagWeights)
        for (const index of postings.tag.get(value) ?? [])
          if (!scores.has(index) && !isTarget(index)) tagOnly.set(index, (tagOnly.get(index) ?? 0) + w);
      top = best(new Map([...top.map(({ index, score }) => [index, score] as const), ...tagOnly]), limit);
    }
    return top.map(({ index, score }) => ({
      note: candidates[index],
      score,
      reasons: KINDS.flatMap((kind) =>
        [...wanted[kind]].filter(([value]) => valueSets[index][kind].has(value)).map(([, shown]) => `${kind} ${shown}`),
      ),
    }));
  };
}

/** Ranks notes related to `target` by shared alerts, services and tags (one-off use; pages share one index). */
export function relatedNotes<T extends Relatable>(target: Relatable, candidates: T[], limit = 5): RelatedNote<T>[] {
  return createRelatedIndex(candidates)(target, limit);
}
