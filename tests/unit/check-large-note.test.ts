/**
 * Long notes: the check reads a body with the build's own parser, whatever its length; a
 * note of megabytes completes with its headings, links and definitions all found (its time is measured by
 * `npm run bench:check`, not here).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/content-check/index.ts';
import { longNote } from '../../scripts/bench/long-note.ts';
import { BASE_CONTENT } from '../support/project-copy.ts';

const frontmatter =
  '---\ntitle: Long note\nsummary: A very long runbook.\nseverity: low\nowner: platform\nlastReviewed: 2026-11-01\n---\n\n';

describe('long notes', () => {
  it('checks a note of a megabyte to the end', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'paritybook-long-note-'));
    try {
      const content = path.join(root, 'content');
      cpSync(BASE_CONTENT, content, { recursive: true });
      const body = longNote(1);
      // A broken link at the very end proves the whole body was read.
      writeFileSync(path.join(content, 'runbooks', 'long.md'), `${frontmatter}${body}\n\n[end](/runbooks/nowhere/)\n`);
      const { problems } = await runChecks({ contentDir: content, projectDir: root, today: new Date('2026-11-27') });
      const long = problems.filter((p) => p.file === 'content/runbooks/long.md');
      expect(long.map((p) => p.rule)).toEqual(['link']);
      expect(long[0].line).toBe(frontmatter.split('\n').length + body.split('\n').length + 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads a long MDX note to the end: a syntax error after a megabyte is found on its line', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'paritybook-long-mdx-'));
    try {
      const content = path.join(root, 'content');
      cpSync(BASE_CONTENT, content, { recursive: true });
      const body = `${longNote(1)}\n\n<Callout tone="info">Pods restart {5m} after the deploy.</Callout>\n`;
      writeFileSync(path.join(content, 'runbooks', 'long.mdx'), `${frontmatter}${body}`);
      const { problems } = await runChecks({ contentDir: content, projectDir: root, today: new Date('2026-11-27') });
      const long = problems.filter((p) => p.file === 'content/runbooks/long.mdx');
      expect(long.map((p) => p.rule)).toEqual(['mdx-syntax']);
      expect(long[0].line).toBe(frontmatter.split('\n').length + body.split('\n').length - 2);
      expect(long[0].found).toMatch(/Could not parse expression/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
