import GithubSlugger from 'github-slugger';
import type { Heading, Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { markdownToMdast, mdxToMdast } from 'satteri';
import type { SourceFile } from './read.ts';

/** A heading of a note body, with the id Astro gives it on the page. */
export interface BodyHeading {
  depth: number;
  text: string;
  /** The element id: github-slugger over the heading's text, one slugger per page, as Astro 7 does. */
  slug: string;
  /** 1-based line in the file. */
  line: number;
}

/** The parsed body of a runbook or change note. */
export interface ParsedBody {
  tree?: Root;
  /** Every node of the tree in document order: the checks loop over this instead of walking the tree each. */
  nodes: Nodes[];
  headings: BodyHeading[];
  /** The heading ids, for lookups by id. */
  slugs: Set<string>;
  /** Ids that components in the body add (`<Checklist use="x">` renders `id="checklist-x"`). */
  anchors: string[];
  /** Why the body could not be parsed (MDX syntax), with its line in the file. */
  error?: { line: number; message: string };
  /** Converts a body-relative line (from a node position) to a line in the file. */
  fileLine(bodyLine: number | undefined): number;
}

/**
 * The build renders .md and .mdx with satteri (Astro's `markdown.processor`, src/integration.ts) and these
 * features, so the check reads a body with the same parser: what it accepts, the build accepts. It is native
 * code and linear in the length of the body (docs/benchmarks.md, `npm run bench:check`).
 */
const options = { features: { gfm: true, smartPunctuation: true, frontmatter: false } };
const parseMarkdown = (body: string) => markdownToMdast(body, options) as unknown as Root;
const parseMdx = (body: string) => mdxToMdast(body, options) as unknown as Root;
const cache = new WeakMap<SourceFile, ParsedBody>();

/** satteri's syntax errors read `13:30: reason (rule)`, the line counted in the body. */
const SYNTAX_ERROR = /^(\d+):\d+: ([\s\S]*?)(?: \([\w:-]+\))?$/;

/**
 * Parses a note body once per file (several checks share the tree): GFM always, MDX for .mdx files.
 * Never throws: an MDX syntax error becomes `error`, which the body check reports, and the tree is then
 * the plain-Markdown reading, so the other checks still run.
 */
export function parseBody(file: SourceFile): ParsedBody {
  const cached = cache.get(file);
  if (cached) return cached;
  const fileLine = (line: number | undefined) => (line ?? 1) + file.bodyLine - 1;
  let parsed: ParsedBody;
  try {
    const tree = (file.file.endsWith('.mdx') ? parseMdx : parseMarkdown)(file.body);
    const nodes = nodesOf(tree);
    const headings = headingsOf(nodes, fileLine);
    parsed = { tree, nodes, headings, slugs: slugsOf(headings), anchors: componentAnchors(nodes), fileLine };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const [, line, reason] = SYNTAX_ERROR.exec(message) ?? [undefined, undefined, message];
    // Still check links, images and sections: parsed as plain Markdown, JSX reads as HTML or text.
    const tree = parseMarkdown(file.body);
    const nodes = nodesOf(tree);
    const headings = headingsOf(nodes, fileLine);
    parsed = {
      tree,
      nodes,
      headings,
      slugs: slugsOf(headings),
      anchors: [],
      error: { line: fileLine(line === undefined ? undefined : Number(line)), message: reason },
      fileLine,
    };
  }
  cache.set(file, parsed);
  return parsed;
}

/** The nodes of a tree in document order (pre-order), without the root. */
export function nodesOf(tree: Root): Nodes[] {
  const nodes: Nodes[] = [];
  const stack: Nodes[] = [...tree.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]);
  }
  return nodes;
}

const slugsOf = (headings: BodyHeading[]) => new Set(headings.map((heading) => heading.slug));

function headingsOf(nodes: Nodes[], fileLine: (line: number | undefined) => number): BodyHeading[] {
  const slugger = new GithubSlugger();
  return nodes
    .filter((node): node is Heading => node.type === 'heading')
    .map((heading) => {
      const text = toString(heading);
      return { depth: heading.depth, text, slug: slugger.slug(text), line: fileLine(heading.position?.start.line) };
    });
}

/** The heading ids of `<Checklist>` components, as src/user-components/Checklist.astro makes them. */
function componentAnchors(nodes: Nodes[]): string[] {
  const anchors: string[] = [];
  for (const node of nodes) {
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Checklist') {
      const literal = (name: string) => {
        const attribute = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
        return typeof attribute?.value === 'string' ? attribute.value : undefined;
      };
      anchors.push(`checklist-${literal('id') ?? literal('use') ?? 'checklist'}`);
    }
  }
  return anchors;
}
