import type { CollectionName } from './read.ts';

/** A friendlier message for a required field an author left out, and the rule name it reports under. */
export interface FieldHint {
  rule: string;
  expected: string;
}

/**
 * Fields whose absence deserves more than "this field is required": the reviewer's reason, in the message.
 * Keyed by collection, then top-level field.
 */
export const FIELD_HINTS: Partial<Record<CollectionName, Record<string, FieldHint>>> = {
  changes: {
    rollback: {
      rule: 'change-rollback',
      expected:
        'how to undo the change, step by step, like "Revert the PR, then run the same command": a change note without a rollback is not merged',
    },
    expectedResult: {
      rule: 'change-expected-result',
      expected:
        'what should be true after the change, so whoever watches the release can tell it worked, like "Uploads up to 25 MiB succeed; larger ones get 413"',
    },
  },
};

/** Values that only look like an answer. */
const PLACEHOLDER = /^\s*(?:tbd|tba|todo|fixme|xxx|n\/?a|-+|\?+|\.{3}|…)\s*[.!]?\s*$/i;

export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && PLACEHOLDER.test(value);
}

/** The hint for a missing or empty top-level field, if it has one. */
export function fieldHint(collection: CollectionName, fieldPath: PropertyKey[], value: unknown): FieldHint | undefined {
  if (fieldPath.length !== 1) return undefined;
  const hint = FIELD_HINTS[collection]?.[String(fieldPath[0])];
  if (!hint) return undefined;
  const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  return empty ? hint : undefined;
}
