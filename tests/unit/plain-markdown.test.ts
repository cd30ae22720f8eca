import { describe, expect, it } from 'vitest';
import { plainMarkdown, sameAsMdx } from '../../src/loaders/plain-markdown.ts';

const plain = `## Diagnosis

Check the pool with \`SELECT count(*) FROM pg_stat_activity\` and compare it with \`max_connections\`.

| metric | before | after |
| --- | --- | --- |
| p95 | 840 ms | 120 ms |

- [ ] page the owner
- [x] scale the workers

\`\`\`sh
kubectl get pods -o jsonpath='{.items[*].metadata.name}' | grep '<none>'
\`\`\`

1. Roll back:

   \`\`\`python
   settings = {"pool_size": 20}
   \`\`\`
`;

describe('plain Markdown in an MDX note', () => {
  it('is recognised when braces and angle brackets only occur in code', () => {
    expect(plainMarkdown(plain)).toEqual({ fences: 2 });
  });

  it.each([
    ['a component', 'Before\n\n<Callout type="warning">Careful</Callout>\n'],
    ['an HTML element', 'Open <details><summary>more</summary>text</details>\n'],
    ['an expression', 'Pool size is {props.size}.\n'],
    ['a stray closing brace', 'Use a dict like a: 1}.\n'],
    ['an import', "import Metric from '../components/Metric.astro';\n\nText\n"],
    ['an export', 'export const meta = 1;\n\nText\n'],
    ['an autolink', 'See <https://example.com>.\n'],
    ['an HTML comment', 'Text <!-- hidden -->\n'],
    ['an image', 'Dashboard: ![latency](./latency.png)\n'],
    ['an unclosed fence', '```sh\nkubectl get pods\n'],
    ['a leading thematic break', '---\n\nText\n'],
  ])('is not assumed with %s', (_label, body) => {
    expect(plainMarkdown(body)).toBeUndefined();
  });

  it('closes a fence only with the same character, at least as long', () => {
    expect(plainMarkdown('````md\n```\n{not an expression}\n```\n````\n')).toEqual({ fences: 1 });
    expect(plainMarkdown('~~~\n```\n{x}\n~~~\nafter\n')).toEqual({ fences: 1 });
    expect(plainMarkdown('```\n~~~\n```\n{x}\n')).toBeUndefined();
  });

  it('ignores braces inside inline code of any length', () => {
    expect(plainMarkdown("Run ``jq '.a | {b}'`` and `{x}` then stop.\n")).toEqual({ fences: 0 });
  });

  it('falls back to MDX when Markdown found an indented code block that MDX reads as text', () => {
    expect(sameAsMdx({ fences: 1 }, '<p>a</p><pre class="language-sh"><code>x</code></pre>')).toBe(true);
    expect(sameAsMdx({ fences: 0 }, '<p>a</p><pre><code>indented</code></pre>')).toBe(false);
    expect(sameAsMdx({ fences: 1 }, '<pre><code>a</code></pre><pre><code>b</code></pre>')).toBe(false);
  });
});
