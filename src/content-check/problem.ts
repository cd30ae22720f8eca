/** One thing wrong with one content file, phrased so an author can fix it. */
export interface Problem {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based line in the file, where known. */
  line?: number;
  /** Dotted field path, or "(file)" / "(body)" for whole-file problems. */
  field: string;
  /** What was found, already quoted or described. */
  found: string;
  /** What is expected, phrased as the fix. */
  expected: string;
  severity: 'error' | 'warning';
  /** Short machine-readable name of the rule. */
  rule: string;
  /** Set on problems of a note marked needs-review that would not break the build: a warning until review. */
  needsReview?: boolean;
}

export function formatProblem(problem: Problem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  return `${where} ${problem.field}: found ${problem.found}; expected ${problem.expected}`;
}

/** Quote a found value for a message, short enough for one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString().slice(0, 10);
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export class ContentError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      `${errors.length} problem${errors.length === 1 ? '' : 's'} in content:\n` +
        errors.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ContentError';
    this.problems = problems;
  }
}
