import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/content-check/read.ts';
import { validateReferences, validateSchemas } from '../../src/content-check/validate.ts';
import { formatProblem } from '../../src/content-check/problem.ts';

const runbook = (frontmatter: string) =>
  parseSource('runbooks', 'content/runbooks/x.mdx', `---\n${frontmatter}\n---\n\n## Meaning\n`, 'x');

describe('content check messages', () => {
  it('names the file, line, field, what was found and what is expected', () => {
    const file = runbook('title: X\nsummary: s\nseverity: urgent\nowner: platform\nlastReviewed: 2026-01-01');
    const { problems } = validateSchemas([file]);
    expect(problems.map(formatProblem)).toMatchInlineSnapshot(`
      [
        "content/runbooks/x.mdx:4 severity: found "urgent"; expected one of "critical", "high", "medium", "low", "info"",
      ]
    `);
  });
});
