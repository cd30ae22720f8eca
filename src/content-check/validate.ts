import type { z } from 'astro/zod';
import { COLLECTIONS, specOf, type CollectionName } from '../collections.ts';
import { fieldHint } from './hints.ts';
import { describeValue, type Problem } from './problem.ts';
import type { SourceFile } from './read.ts';

type Issue = z.core.$ZodIssue & { input?: unknown };

function getAt(data: unknown, fieldPath: PropertyKey[]): unknown {
  let value: unknown = data;
  for (const key of fieldPath) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key as string];
  }
  return value;
}

function dotted(fieldPath: PropertyKey[]): string {
  return fieldPath.length === 0 ? '(frontmatter)' : fieldPath.map(String).join('.');
}

/** Turns one zod issue into a sentence pair an author can act on. */
function explain(issue: Issue, data: unknown): { field: PropertyKey[]; found: string; expected: string }[] {
  // Describe what the author wrote, not what zod coerced it into (an unparseable date becomes "Invalid Date").
  const raw = getAt(data, issue.path);
  const found = describeValue(raw !== undefined ? raw : 'input' in issue ? issue.input : undefined);
  const custom = !issue.message.startsWith('Invalid input');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        field: [...issue.path, key],
        found: 'an unknown field',
        expected: 'no such field: check the spelling against the authoring guide, or remove it',
      }));
    case 'invalid_type':
      if (getAt(data, issue.path) === undefined && !('input' in issue && issue.input !== undefined)) {
        return [
          { field: issue.path, found: 'nothing', expected: `a value (${issue.expected}): this field is required` },
        ];
      }
      return [{ field: issue.path, found, expected: custom ? issue.message : article(issue.expected) }];
    case 'invalid_value':
      return [
        { field: issue.path, found, expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` },
      ];
    case 'too_small':
      return [
        {
          field: issue.path,
          found,
          expected: issue.message.startsWith('Too small')
            ? `${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`
            : issue.message,
        },
      ];
    default:
      return [{ field: issue.path, found, expected: issue.message }];
  }
}

/**
 * A required reference (a note's owner) left out: name the ids it may take, so the author picks one
 * without opening another folder, and say where the line goes.
 */
function missingReferenceHint(
  file: SourceFile,
  field: PropertyKey[],
  value: unknown,
  idsOf: (collection: string) => string[],
): { rule: string; expected: string } | undefined {
  if (field.length !== 1 || (value !== undefined && value !== null && value !== '')) return undefined;
  const reference = COLLECTIONS[file.collection].references.find((candidate) => candidate.field === field[0]);
  if (!reference) return undefined;
  const target = COLLECTIONS[reference.target as CollectionName];
  const known = idsOf(reference.target).sort();
  const where = COLLECTIONS[file.collection].body ? 'a line in the frontmatter, before its closing "---"' : 'a line';
  const choices = known.length
    ? `one of ${known.map((id) => JSON.stringify(id)).join(', ')} (files in content/${target.folder}/)`
    : `an id from content/${target.folder}/ (none exist yet: add a ${target.noun} file first)`;
  return {
    rule: 'reference',
    expected: `${article(target.noun)} id, ${choices}: add ${where}, e.g. ${String(field[0])}: ${known[0] ?? '<id>'}`,
  };
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Validates each file against its collection's schema; returns the parsed data of the valid ones. */
export function validateSchemas(files: SourceFile[]): { problems: Problem[]; valid: Map<SourceFile, unknown> } {
  const problems: Problem[] = [];
  const idsOf = (collection: string) => files.filter((file) => file.collection === collection).map((file) => file.id);
  const valid = new Map<SourceFile, unknown>();
  for (const file of files) {
    if (file.syntaxError) {
      problems.push({
        file: file.file,
        line: file.syntaxError.line,
        field: '(frontmatter)',
        rule: 'yaml-syntax',
        severity: 'error',
        found: `invalid YAML (${file.syntaxError.message})`,
        expected: 'valid YAML between "---" lines: quote values that contain ": " or start with a special character',
      });
      continue;
    }
    const result = specOf(file.collection).schema.safeParse(file.data, { reportInput: true });
    if (result.success) {
      valid.set(file, result.data);
      continue;
    }
    for (const issue of result.error.issues as Issue[]) {
      for (const { field, found, expected } of explain(issue, file.data)) {
        const value = getAt(file.data, field);
        const hint = fieldHint(file.collection, field, value) ?? missingReferenceHint(file, field, value, idsOf);
        problems.push({
          file: file.file,
          line: file.lineOf(field as (string | number)[]),
          field: dotted(field),
          found,
          expected: hint?.expected ?? expected,
          severity: 'error',
          rule: hint?.rule ?? 'schema',
        });
      }
    }
  }
  return { problems, valid };
}

/**
 * Cross-file rules: references resolve, ids match file names, alerts belong to one runbook.
 * Files that failed their schema are checked too (with their raw values), so one run reports every problem.
 */
export function validateReferences(files: SourceFile[], valid: Map<SourceFile, unknown>): Problem[] {
  const problems: Problem[] = [];
  const ids = new Map<string, string[]>();
  const readable = files.filter((file) => !file.syntaxError && file.data && typeof file.data === 'object');
  for (const file of readable) {
    ids.set(file.collection, [...(ids.get(file.collection) ?? []), file.id]);
  }
  const dataOf = (file: SourceFile) => (valid.get(file) ?? file.data) as Record<string, unknown>;
  for (const file of readable) {
    const data = dataOf(file);
    const record = data as Record<string, unknown>;
    const { idField, references } = COLLECTIONS[file.collection];
    if (idField && record[idField] !== file.id) {
      problems.push({
        file: file.file,
        line: file.lineOf([idField]),
        field: idField,
        rule: 'id-matches-file',
        severity: 'error',
        found: describeValue(record[idField]),
        expected: `${JSON.stringify(file.id)}, the file name without extension (or rename the file to ${String(record[idField])}.yaml)`,
      });
    }
    for (const reference of references) {
      const value = record[reference.field];
      const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
      const known = ids.get(reference.target) ?? [];
      values.forEach((id, index) => {
        if (typeof id !== 'string' || known.includes(id)) return;
        const fieldPath = Array.isArray(value) ? [reference.field, index] : [reference.field];
        problems.push({
          file: file.file,
          line: file.lineOf(fieldPath),
          field: fieldPath.join('.'),
          rule: 'reference',
          severity: 'error',
          found: `${JSON.stringify(id)}, which is not a ${COLLECTIONS[reference.target as CollectionName].noun} id`,
          expected:
            known.length > 0
              ? `one of ${known.map((k) => JSON.stringify(k)).join(', ')} (files in content/${COLLECTIONS[reference.target as CollectionName].folder}/)`
              : `a ${COLLECTIONS[reference.target as CollectionName].noun} id: add content/${COLLECTIONS[reference.target as CollectionName].folder}/${String(id)}.yaml first`,
        });
      });
    }
  }
  const alertOwners = new Map<string, SourceFile>();
  for (const file of readable) {
    if (file.collection !== 'runbooks') continue;
    const alerts = dataOf(file).alerts;
    (Array.isArray(alerts) ? alerts : []).forEach((alert: unknown, index) => {
      if (typeof alert !== 'string') return;
      const first = alertOwners.get(alert);
      if (!first) {
        alertOwners.set(alert, file);
        return;
      }
      problems.push({
        file: file.file,
        line: file.lineOf(['alerts', index]),
        field: `alerts.${index}`,
        rule: 'duplicate-alert',
        severity: 'error',
        found: `${JSON.stringify(alert)}, already answered by ${first.file}`,
        expected: 'each alert in exactly one runbook: remove it here or there, so /alerts/ links stay unambiguous',
      });
    });
  }
  return problems;
}
