/**
 * What the authors' security tests share: a project copy with the check fixtures' knowledge base, notes written
 * into it, and the problem lines that `npm run check` and `npm run build` print.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';
import { copyProject, removeProjectCopy } from '../support/project-copy.ts';

/** A project copy for one test file, removed when the file's tests are done. */
export function authorsProject(name: string): string {
  const project = copyProject(`paritybook-${name}-`);
  afterAll(() => removeProjectCopy(project));
  return project;
}

/** Writes a file under the project, folders included; returns its text. */
export function write(project: string, file: string, text: string): string {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
  return text;
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`${JSON.stringify(needle)} is not in the text`);
  return index + 1;
}

/**
 * A runbook that passes the check, for the fixtures' checkout-api and payments team: `frontmatter` lines are added
 * after lastReviewed (replacing a field of the same name), `meaning` is the body of its first section.
 */
export function runbook(
  alert: string,
  { frontmatter = [], meaning = 'Orders wait.' }: { frontmatter?: string[]; meaning?: string } = {},
): string {
  const fields = new Map([
    ['title', `Runbook for ${alert}`],
    ['summary', 'Orders wait in the queue.'],
    ['services', '[checkout-api]'],
    ['alerts', `[${alert}]`],
    ['severity', 'high'],
    ['owner', 'payments'],
    ['lastReviewed', '2026-11-01'],
  ]);
  for (const line of frontmatter) fields.set(line.split(':')[0], line.slice(line.indexOf(':') + 1).trim());
  const sections = [
    ['Meaning', meaning],
    ['Impact', 'Confirmations arrive late.'],
    ['Diagnosis', 'Look at the queue depth.'],
    ['Mitigation', 'Scale the workers.'],
    ['Rollback', 'Nothing to roll back.'],
    ['Escalation', 'Page payments.'],
  ];
  return [
    '---',
    ...[...fields].map(([key, value]) => `${key}: ${value}`),
    '---',
    '',
    ...sections.flatMap(([heading, text]) => [`## ${heading}`, '', text, '']),
  ].join('\n');
}

/** The error lines of `npm run check`'s report, without the leading "  error   ". */
export function checkErrors(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('  error   '))
    .map((line) => line.slice('  error   '.length));
}

/** The problem lines of a build that the content check stopped, as `file:line field: found ...; expected ...`. */
export function buildProblems(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /^ {2}content\//.test(line))
    .map((line) => line.trim());
}

/** Every file under `dir` whose bytes contain `marker`, following no link (node_modules is a link in a copy). */
export function filesContaining(dir: string, marker: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesContaining(file, marker);
    return entry.isFile() && readFileSync(file).includes(marker) ? [file] : [];
  });
}
