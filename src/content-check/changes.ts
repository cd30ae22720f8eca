import { FIELD_HINTS, isPlaceholder } from './hints.ts';
import { describeValue, type Problem } from './problem.ts';
import type { SourceFile } from './read.ts';

/**
 * The schema already requires a rollback and an expected result; this catches the ones that only
 * look filled in ("TBD", "n/a", "-").
 */
export function checkChangeNotes(valid: Map<SourceFile, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const [file, data] of valid) {
    if (file.collection !== 'changes') continue;
    for (const [field, hint] of Object.entries(FIELD_HINTS.changes ?? {})) {
      const value = (data as Record<string, unknown>)[field];
      if (!isPlaceholder(value)) continue;
      problems.push({
        file: file.file,
        line: file.lineOf([field]),
        field,
        rule: hint.rule,
        severity: 'error',
        found: `${describeValue(value)}, a placeholder`,
        expected: hint.expected,
      });
    }
  }
  return problems;
}
