/**
 * Long notes: the check parses a long body in pieces. A piece-wise parse gives the same tree as one parse, and a
 * note of megabytes completes with its headings, links and definitions all found (its time is measured by
 * `npm run bench:check`, not here).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { parseInPieces, splitBody } from '../../src/content-check/chunks.ts';
import { runChecks } from '../../src/content-check/index.ts';
import { longNote } from '../../scripts/bench/long-note.ts';
import { BASE_CONTENT } from '../support/project-copy.ts';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();
const shape = (tree: ReturnType<typeof processor.parse>) => {
  const nodes: string[] = [];
  visit(tree, (node) => {
    nodes.push(`${node.type}@${node.position?.start.line}:${node.position?.start.offset}`);
  });
  return nodes;
};

describe('parsing long bodies in pieces', () => {
  it('gives the same tree as one parse, definitions from other pieces included', () => {
    const body = `${longNote(0.2)}\n\nSee [the panel][panel].\n\n[panel]: https://grafana.example.com/d/1\n`;
    expect(splitBody(body).pieces.length).toBeGreaterThan(3);
    expect(shape(parseInPieces(body, (text) => processor.parse(text)))).toEqual(shape(processor.parse(body)));
  });

  it('keeps a body in one piece when a block could span a cut', () => {
    const body = `<div>\n\n${longNote(0.1)}\n\n</div>\n`;
    expect(splitBody(body).pieces).toHaveLength(1);
  });

  it('checks a note of a megabyte to the end', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'paritybook-long-note-'));
    try {
      const content = path.join(root, 'content');
      cpSync(BASE_CONTENT, content, { recursive: true });
      const body = longNote(1);
      const frontmatter =
        '---\ntitle: Long note\nsummary: A very long runbook.\nseverity: low\nowner: platform\nlastReviewed: 2026-11-01\n---\n\n';
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
});
