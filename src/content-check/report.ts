import { count as plural } from '../lib/plural.ts';
import { formatProblem, type Problem } from './problem.ts';

/** With --strict every warning counts as an error. */
export function applyStrict(problems: Problem[], strict: boolean): Problem[] {
  return strict ? problems.map((p) => (p.severity === 'warning' ? { ...p, severity: 'error' } : p)) : problems;
}

export function countBySeverity(problems: Problem[]): { errors: number; warnings: number } {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { errors, warnings: problems.length - errors };
}

/** Problems grouped under their file, each line `file:line field: found X; expected Y`. */
function fileGroups(problems: Problem[]): string[] {
  const byFile = new Map<string, Problem[]>();
  for (const problem of problems) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(file);
    for (const problem of list) {
      lines.push(
        `  ${problem.severity === 'error' ? 'error  ' : 'warning'} ${formatProblem(problem)} [${problem.rule}]`,
      );
    }
    lines.push('');
  }
  return lines;
}

/**
 * The report an author reads: every error first (what CI rejects), then the warnings, each part
 * grouped by file, and one summary line at the end. Warnings of notes marked needs-review are
 * counted in one line unless `listNeedsReview` is set, so an import of hundreds of notes does not
 * bury the errors.
 */
export function formatReport(problems: Problem[], filesChecked: number, listNeedsReview = false): string {
  const held = listNeedsReview ? [] : problems.filter((p) => p.needsReview && p.severity === 'warning');
  const errorList = problems.filter((p) => p.severity === 'error');
  const warningList = problems.filter((p) => p.severity !== 'error' && !held.includes(p));
  const lines: string[] = [];
  if (errorList.length > 0) lines.push(`Errors (CI rejects these)`, '', ...fileGroups(errorList));
  if (warningList.length > 0) lines.push(`Warnings`, '', ...fileGroups(warningList));
  if (held.length > 0) {
    const notes = new Set(held.map((p) => p.file)).size;
    lines.push(
      `${plural(held.length, 'warning')} in ${plural(notes, 'note')} marked needs-review (dead links, missing sections and the like, errors once reviewed); list them: npm run check -- --needs-review`,
    );
  }
  const files = new Set(problems.map((p) => p.file)).size;
  const { errors, warnings } = countBySeverity(problems);
  if (errors > 0) {
    lines.push(
      `✖ ${plural(errors, 'error')}${warnings ? ` and ${plural(warnings, 'warning')}` : ''} in ${plural(files, 'file')} (${filesChecked} checked).`,
    );
  } else if (warnings > 0) {
    lines.push(`✓ No errors in ${plural(filesChecked, 'file')}; ${plural(warnings, 'warning')} to look at.`);
  } else {
    lines.push(`✓ No problems in ${plural(filesChecked, 'file')}.`);
  }
  return lines.join('\n');
}

/** Escapes for GitHub workflow commands: the message, and (stricter) property values. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * One `::error` / `::warning` workflow command per problem, so GitHub shows them on the pull request's diff.
 * @see https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export function githubAnnotations(problems: Problem[]): string {
  return problems
    .map((problem) => {
      const properties = [`file=${escapeProperty(problem.file)}`];
      if (problem.line) properties.push(`line=${problem.line}`);
      properties.push(`title=${escapeProperty(`paritybook check: ${problem.rule}`)}`);
      const message = `${problem.field}: found ${problem.found}; expected ${problem.expected}`;
      return `::${problem.severity} ${properties.join(',')}::${escapeData(message)}`;
    })
    .join('\n');
}

/** The --json document. */
export function jsonReport(problems: Problem[], filesChecked: number, strict: boolean) {
  const { errors, warnings } = countBySeverity(problems);
  return {
    ok: errors === 0,
    strict,
    filesChecked,
    errors,
    warnings,
    problems: problems.map((problem) => ({ ...problem, message: formatProblem(problem) })),
  };
}
