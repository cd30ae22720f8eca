import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { formatProblem } from '../../src/content-check/problem.ts';
import { runChecks } from '../../src/content-check/checks.ts';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'check');
export const TODAY = new Date('2026-11-27T00:00:00Z');

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A project root with the base knowledge base plus the files of one case (pass or fail). */
export function fixtureRoot(rule?: string, kind?: 'pass' | 'fail'): string {
  const root = mkdtempSync(path.join(tmpdir(), 'paritybook-check-'));
  roots.push(root);
  cpSync(path.join(FIXTURES, 'base'), root, { recursive: true });
  if (rule && kind) cpSync(path.join(FIXTURES, 'cases', rule, kind), root, { recursive: true });
  return root;
}

/** Runs every check on a case and returns the messages, `[rule] severity message`. */
export async function checkCase(rule: string, kind: 'pass' | 'fail'): Promise<string[]> {
  const root = fixtureRoot(rule, kind);
  const { problems } = await runChecks({
    contentDir: path.join(root, 'content'),
    rootDir: root,
    projectDir: root,
    today: TODAY,
  });
  return problems.map((p) => `[${p.rule}] ${p.severity} ${formatProblem(p)}`);
}
