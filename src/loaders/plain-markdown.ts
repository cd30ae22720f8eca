/**
 * Tells whether an MDX note body is plain Markdown: no imports or exports, no JSX, no
 * expressions, no images. Such a body renders the same as Markdown, so it can be rendered
 * once while content syncs instead of being compiled into a JavaScript module for the bundler.
 * Errs on the side of MDX: a body this test is unsure of goes through the MDX compiler.
 */

const FENCE = /^\s*(`{3,}|~{3,})/;
const INLINE_CODE = /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;

/** The body with fenced code blocks removed, or undefined when a fence is never closed. */
function withoutFences(body: string): { text: string; fences: number } | undefined {
  const kept: string[] = [];
  let open: string | undefined;
  let fences = 0;
  for (const line of body.split(/\r?\n/)) {
    const fence = FENCE.exec(line)?.[1];
    if (open === undefined) {
      if (fence) {
        open = fence;
        fences++;
        kept.push('');
      } else kept.push(line);
    } else {
      // A closing fence uses the same character, at least as many times, and nothing else.
      if (fence && fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
      kept.push('');
    }
  }
  return open === undefined ? { text: kept.join('\n'), fences } : undefined;
}

export interface PlainMarkdown {
  /** Fenced code blocks in the body: the rendered HTML must hold exactly this many `<pre>`. */
  fences: number;
}

/**
 * Returns how many fenced code blocks the body has if it is plain Markdown, or undefined
 * if it needs the MDX compiler.
 */
export function plainMarkdown(body: string): PlainMarkdown | undefined {
  // A leading "---" would be read as a second frontmatter block by the Markdown renderer.
  if (/^\s*---/.test(body)) return undefined;
  const stripped = withoutFences(body);
  if (!stripped) return undefined;
  const prose = stripped.text.replace(INLINE_CODE, '');
  // JSX, HTML, autolinks, comments and expressions all need < or {; ESM needs import/export.
  if (/[<{}]/.test(prose)) return undefined;
  if (/^(import|export)\b/m.test(prose)) return undefined;
  // Images become asset imports in MDX; keep them on that path.
  if (prose.includes('![')) return undefined;
  return { fences: stripped.fences };
}

/**
 * MDX has no indented code blocks; Markdown does. A plain body whose Markdown rendering has
 * more code blocks than fences used indentation that MDX reads as text, so it must go through MDX.
 */
export function sameAsMdx(plain: PlainMarkdown, html: string): boolean {
  return (html.match(/<pre\b/g)?.length ?? 0) === plain.fences;
}
