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
  /** Why it is related, for the reader: "shares checkout-api", "alert X", "tag cdn". */
  reasons: string[];
}

/** A shared alert is the strongest link, then a shared service, then a shared tag. */
export const RELATED_WEIGHTS = { alert: 5, service: 3, tag: 1 } as const;

const shared = (a: string[] = [], b: string[] = []) => {
  const other = new Set(b.map((value) => value.toLowerCase()));
  return a.filter((value) => other.has(value.toLowerCase()));
};

/**
 * Ranks notes related to `target` by shared alerts, services and tags.
 * Rare tags are worth more than common ones, so "cdn" on three notes beats "production" on every note.
 */
export function relatedNotes<T extends Relatable>(target: Relatable, candidates: T[], limit = 5): RelatedNote<T>[] {
  const tagCounts = new Map<string, number>();
  for (const candidate of candidates) {
    for (const tag of candidate.tags) tagCounts.set(tag.toLowerCase(), (tagCounts.get(tag.toLowerCase()) ?? 0) + 1);
  }
  const scored: RelatedNote<T>[] = [];
  for (const candidate of candidates) {
    if (candidate.key === target.key) continue;
    const alerts = shared(target.alerts, candidate.alerts);
    const services = shared(target.services, candidate.services);
    const tags = shared(target.tags, candidate.tags);
    const tagScore = tags.reduce((sum, tag) => sum + RELATED_WEIGHTS.tag / Math.max(1, Math.log2(tagCounts.get(tag.toLowerCase()) ?? 1) || 1), 0);
    const score = alerts.length * RELATED_WEIGHTS.alert + services.length * RELATED_WEIGHTS.service + tagScore;
    if (score <= 0) continue;
    scored.push({
      note: candidate,
      score,
      reasons: [
        ...alerts.map((alert) => `alert ${alert}`),
        ...services.map((service) => `service ${service}`),
        ...tags.map((tag) => `tag ${tag}`),
      ],
    });
  }
  return scored
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.note.date?.getTime() ?? 0) - (a.note.date?.getTime() ?? 0) ||
        a.note.key.localeCompare(b.note.key),
    )
    .slice(0, limit);
}
