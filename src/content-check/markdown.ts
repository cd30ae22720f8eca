import GithubSlugger from 'github-slugger';
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parseInPieces } from './chunks.ts';
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
  headings: BodyHeading[];
  /** Ids that components in the body add (`<Checklist use="x">` renders `id="checklist-x"`). */
  anchors: string[];
  /** Why the body could not be parsed (MDX syntax), with its line in the file. */
  error?: { line: number; message: string };
  /** Converts a body-relative line (from a node position) to a line in the file. */
  fileLine(bodyLine: number | undefined): number;
}

const markdown = unified().use(remarkParse).use(remarkGfm).freeze();
const mdx = unified().use(remarkParse).use(remarkGfm).use(remarkMdx).freeze();
const cache = new WeakMap<SourceFile, ParsedBody>();

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
    const processor = file.file.endsWith('.mdx') ? mdx : markdown;
    const tree = parseInPieces(file.body, (text) => processor.parse(text));
    parsed = { tree, headings: headingsOf(tree, fileLine), anchors: componentAnchors(tree), fileLine };
  } catch (error) {
    const cause = error as {
      line?: number;
      place?: { line?: number; start?: { line?: number } };
      reason?: string;
      message: string;
    };
    const line = cause.line ?? cause.place?.line ?? cause.place?.start?.line;
    // Still check links, images and sections: parsed as plain Markdown, JSX reads as HTML or text.
    const tree = parseInPieces(file.body, (text) => markdown.parse(text));
    parsed = {
      tree,
      headings: headingsOf(tree, fileLine),
      anchors: [],
      error: { line: fileLine(line), message: cause.reason ?? cause.message },
      fileLine,
    };
  }
  cache.set(file, parsed);
  return parsed;
}

function headingsOf(tree: Root, fileLine: (line: number | undefined) => number): BodyHeading[] {
  const slugger = new GithubSlugger();
  return tree.children
    .flatMap(function collect(node): Heading[] {
      if (node.type === 'heading') return [node];
      return 'children' in node ? (node.children as Root['children']).flatMap(collect) : [];
    })
    .map((heading) => {
      const text = toString(heading);
      return { depth: heading.depth, text, slug: slugger.slug(text), line: fileLine(heading.position?.start.line) };
    });
}

/** The heading ids of `<Checklist>` components, as src/user-components/Checklist.astro makes them. */
function componentAnchors(tree: Root): string[] {
  const anchors: string[] = [];
  visit(tree, (node) => {
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Checklist') {
      const literal = (name: string) => {
        const attribute = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
        return typeof attribute?.value === 'string' ? attribute.value : undefined;
      };
      anchors.push(`checklist-${literal('id') ?? literal('use') ?? 'checklist'}`);
    }
  });
  return anchors;
}
