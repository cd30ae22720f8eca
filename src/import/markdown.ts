/**
 * Turns one foreign Markdown runbook (Hugo, plain CommonMark, GitHub) into the body and
 * metadata of a paritybook runbook. Pure: no file system, so every quirk is unit-testable.
 */
import type {
  Heading,
  Html,
  ImageReference,
  Link,
  LinkReference,
  Nodes,
  Parent,
  PhrasingContent,
  Root,
  RootContent,
  Text,
} from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';

/** What the converter found in one file. */
export interface ConvertedRunbook {
  /** Title from frontmatter, else the first H1, else the file name. */
  title: string;
  /** Alert names the runbook answers (frontmatter `alert`/`alerts`, else the file name or H1 when they look like one). */
  alerts: string[];
  /** Plain-text summary: the first paragraph of "Meaning", else the first paragraph. */
  summary: string;
  /** Markdown body, without the H1 (the page template shows the title). */
  body: string;
  /** Texts of the H2 headings, in order. */
  sections: string[];
  /** Frontmatter keys kept from the source that map onto the runbook schema. */
  frontmatter: Record<string, unknown>;
  /** Things changed or dropped, phrased for the person running the import. */
  notes: string[];
}

export interface ConvertContext {
  /** Path of the file inside the imported folder, with forward slashes. */
  relativePath: string;
  /**
   * Maps a link to another Markdown file of the same folder (relative to the current file)
   * onto the page URL it becomes; returns undefined when no such file was imported.
   */
  resolveLink: (target: string, fromRelativePath: string) => string | undefined;
}

/** Prometheus alert names as the runbook schema accepts them. */
export const ALERT_NAME = /^[A-Za-z_][A-Za-z0-9_:.-]*$/;

/** Raw HTML that survives the import; everything else is shown as text. */
const SAFE_HTML = /^<\/?(details|summary)(\s+open)?\s*>$/i;

const HUGO_REF = /\{\{[<%]\s*(?:rel)?ref\s+"?([^"\s>%]+)"?\s*[>%]\}\}/g;
const HUGO_OTHER = /\{\{[<%]\s*\/?[a-zA-Z][\w-]*(?:\s[^>%]*)?[>%]\}\}/g;

/** Replaces Hugo `ref`/`relref` shortcodes with the path they point to, and drops other shortcode markers. */
export function replaceHugoShortcodes(text: string): { text: string; replaced: number } {
  let replaced = 0;
  const out = text
    .replace(HUGO_REF, (_match, target: string) => {
      replaced += 1;
      return target;
    })
    .replace(HUGO_OTHER, () => {
      replaced += 1;
      return '';
    });
  return { text: out, replaced };
}

const FENCE = /^( {0,3}|\s*(?:[-*+]|\d+[.)])\s+|\s+)(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^ {0,3}#{1,6}(\s|$)/;

/**
 * Closes code fences left open at the end of the file. CommonMark would swallow the rest
 * of the file into the code block; we end the block before the first heading that follows
 * it instead, so the sections after it survive as Markdown. Nothing is removed.
 */
export function closeUnclosedFences(text: string): { text: string; closed: number } {
  const lines = text.split('\n');
  let closed = 0;
  let start = 0;
  for (;;) {
    const open = findUnclosedFence(lines, start);
    if (!open) break;
    let at = lines.findIndex((line, i) => i > open.line && ATX_HEADING.test(line));
    if (at < 0) at = lines.length;
    lines.splice(at, 0, `${open.indent}${open.marker}`, '');
    closed += 1;
    start = at + 2;
  }
  return { text: lines.join('\n'), closed };
}

/** Scans fences from `start`; returns the fence still open at the end of the file, if any. */
function findUnclosedFence(
  lines: string[],
  start: number,
): { marker: string; indent: string; line: number } | undefined {
  let open: { marker: string; indent: string; line: number } | undefined;
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i];
    if (open) {
      const trimmed = line.trim();
      if (/^(`{3,}|~{3,})\s*$/.test(trimmed) && trimmed[0] === open.marker[0] && trimmed.length >= open.marker.length)
        open = undefined;
      continue;
    }
    const match = FENCE.exec(line);
    if (match && !(match[2][0] === '`' && match[3].includes('`'))) {
      open = { marker: match[2], indent: match[1].replace(/\S/g, ' '), line: i };
    }
  }
  return open;
}

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.type === 'html' ? '' : node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** First sentences of a paragraph, at most `max` characters, cut at a sentence or word end. */
export function summarise(text: string, max = 220): string {
  const clean = collapse(text);
  if (clean.length <= max) return clean;
  const sentences = clean.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [];
  let out = '';
  for (const sentence of sentences) {
    if ((out + sentence).length > max) break;
    out += sentence;
  }
  if (out.trim()) return out.trim();
  return `${clean.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

function walk(
  node: Nodes,
  visit: (node: Nodes, parent: Parent | undefined, index: number) => void,
  parent?: Parent,
  index = 0,
) {
  visit(node, parent, index);
  if ('children' in node) {
    // Copy: visitors may replace children in place.
    [...(node.children as Nodes[])].forEach((child, i) => walk(child, visit, node as Parent, i));
  }
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Normalises line ends and the byte-order mark, replaces Hugo shortcodes and closes unclosed fences. */
function normaliseSource(source: string, notes: string[]): string {
  let text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const hugo = replaceHugoShortcodes(text);
  text = hugo.text;
  if (hugo.replaced > 0) notes.push(`replaced ${hugo.replaced} Hugo shortcode(s)`);
  const fences = closeUnclosedFences(text);
  if (fences.closed > 0) notes.push(`closed ${fences.closed} unclosed code fence(s)`);
  return fences.text;
}

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** Removes the frontmatter block from the tree and returns its data (empty when absent or invalid). */
function takeFrontmatter(tree: Root, notes: string[]): Record<string, unknown> {
  let frontmatter: Record<string, unknown> = {};
  const yamlNode = tree.children.find((child) => child.type === 'yaml');
  if (yamlNode && 'value' in yamlNode) {
    try {
      const parsed = parseYaml(yamlNode.value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        frontmatter = parsed as Record<string, unknown>;
    } catch (error) {
      notes.push(`frontmatter is not valid YAML and was ignored (${(error as Error).message.split('\n')[0]})`);
    }
  }
  tree.children = tree.children.filter((child) => child.type !== 'yaml');
  return frontmatter;
}

/**
 * Removes the first H1 and returns its text: the page shows the title itself. Further H1s would
 * compete with the page title, so they are demoted to sections.
 */
function takeTitleHeading(tree: Root): string | undefined {
  let h1: string | undefined;
  const h1Index = tree.children.findIndex((child) => child.type === 'heading' && child.depth === 1);
  if (h1Index >= 0) {
    h1 = collapse(plainText(tree.children[h1Index]));
    tree.children.splice(h1Index, 1);
  }
  for (const child of tree.children) if (child.type === 'heading' && child.depth === 1) child.depth = 2;
  return h1;
}

/** Link labels of the file: defined ones, and the URL of each link by its text. */
interface LinkLabels {
  definitions: Set<string>;
  linksByText: Map<string, string>;
}

function collectLinkLabels(tree: Root): LinkLabels {
  const definitions = new Set<string>();
  const linksByText = new Map<string, string>();
  walk(tree, (node) => {
    if (node.type === 'definition') definitions.add(node.identifier.toLowerCase());
    if (node.type === 'link') linksByText.set(collapse(plainText(node)).toLowerCase(), node.url);
  });
  return { definitions, linksByText };
}

/** Counts of what the node rewrites changed, for the notes. */
interface RewriteCounts {
  sanitised: number;
  unresolved: number;
}

/** Keeps <details>/<summary>, shows every other raw HTML fragment as text. */
function rewriteHtml(node: Html, parent: Parent, index: number, counts: RewriteCounts): void {
  const value = node.value.trim();
  if (SAFE_HTML.test(value)) {
    node.value = value.toLowerCase().replace(/\s+open/, ' open');
    return;
  }
  // A block holding <details><summary>…</summary>: keep the two tags, the summary's text as text.
  const details = /^<details(\s+open)?>\s*<summary>([\s\S]*?)<\/summary>$/i.exec(value);
  if (details) {
    const summary = collapse(details[2].replace(/<[^>]*>/g, '')).replace(/[<>&]/g, ' ');
    node.value = `<details${details[1] ? ' open' : ''}>\n<summary>${summary}</summary>`;
    return;
  }
  // Everything else (including <placeholder> text in prose) is kept, but as visible text.
  const replacement: Text = { type: 'text', value: node.value };
  if (parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem') {
    parent.children[index] = { type: 'paragraph', children: [replacement] } as RootContent as never;
  } else {
    parent.children[index] = replacement as never;
  }
  if (!/^<!--/.test(value)) counts.sanitised += 1;
}

/**
 * `[text][label]` with no definition stays literal text in CommonMark: link it when a link
 * elsewhere in the file has that label as its text (a common "footnote list" style).
 */
function rewriteLiteralReferences(
  node: Text,
  parent: Parent,
  index: number,
  labels: LinkLabels,
  counts: RewriteCounts,
) {
  const parts: PhrasingContent[] = [];
  let last = 0;
  for (const match of node.value.matchAll(/\[([^\][]+)\]\[([^\][]*)\]/g)) {
    const label = collapse(match[2] || match[1]).toLowerCase();
    if (labels.definitions.has(label)) continue;
    const url = labels.linksByText.get(label);
    parts.push({ type: 'text', value: node.value.slice(last, match.index) });
    parts.push(
      url ? { type: 'link', url, children: [{ type: 'text', value: match[1] }] } : { type: 'text', value: match[1] },
    );
    if (!url) counts.unresolved += 1;
    last = match.index + match[0].length;
  }
  if (parts.length > 0) {
    parts.push({ type: 'text', value: node.value.slice(last) });
    (parent.children as PhrasingContent[]).splice(index, 1, ...parts.filter((p) => p.type !== 'text' || p.value));
  }
}

/** A link or image written by a label that is never defined: borrow a link's URL, else keep the words. */
function rewriteUndefinedReference(
  node: LinkReference | ImageReference,
  parent: Parent,
  index: number,
  labels: LinkLabels,
  counts: RewriteCounts,
) {
  if (labels.definitions.has(node.identifier.toLowerCase())) return;
  const label = (node.label ?? node.identifier).toLowerCase();
  const url = labels.linksByText.get(label);
  if (url && node.type === 'linkReference') {
    parent.children[index] = { type: 'link', url, children: node.children } as Link as never;
  } else {
    // Keep the words, lose only the brackets.
    const children: PhrasingContent[] =
      node.type === 'linkReference' ? node.children : [{ type: 'text', value: node.alt ?? '' }];
    (parent.children as PhrasingContent[]).splice(index, 1, ...children);
    counts.unresolved += 1;
  }
}

/** Points a relative link to another imported Markdown file at its page; unlinks it when that file was not imported. */
function rewriteRelativeLink(node: Link, parent: Parent, index: number, context: ConvertContext, notes: string[]) {
  const url = node.url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#') || url.startsWith('/')) return;
  const [target, anchor] = url.split('#');
  if (!/\.md$/i.test(target)) return;
  const resolved = context.resolveLink(target, context.relativePath);
  if (resolved) {
    node.url = anchor ? `${resolved}#${anchor}` : resolved;
  } else {
    (parent.children as PhrasingContent[]).splice(index, 1, ...node.children);
    notes.push(`link to ${url} points at no imported file; kept its text only`);
  }
}

/** Rewrites raw HTML, undefined references and relative links, in one pass over the tree. */
function rewriteNodes(tree: Root, context: ConvertContext, notes: string[]): void {
  const labels = collectLinkLabels(tree);
  const counts: RewriteCounts = { sanitised: 0, unresolved: 0 };
  walk(tree, (node, parent, index) => {
    if (!parent) return;
    if (node.type === 'html') rewriteHtml(node, parent, index, counts);
    else if (node.type === 'text' && parent.type !== 'link' && /\]\[/.test(node.value))
      rewriteLiteralReferences(node, parent, index, labels, counts);
    else if (node.type === 'linkReference' || node.type === 'imageReference')
      rewriteUndefinedReference(node, parent, index, labels, counts);
    else if (node.type === 'link') rewriteRelativeLink(node, parent, index, context, notes);
  });
  if (counts.sanitised > 0) notes.push(`showed ${counts.sanitised} raw HTML fragment(s) as text`);
  if (counts.unresolved > 0) notes.push(`${counts.unresolved} reference link(s) had no definition; kept their text`);
}

/** Texts of the H2 headings, in order. */
function sectionsOf(tree: Root): string[] {
  return tree.children
    .filter((child): child is Heading => child.type === 'heading' && child.depth === 2)
    .map((heading) => collapse(plainText(heading)));
}

/** Alert names: frontmatter `alert`/`alerts`, else the file name, else the H1, when they look like one. */
function alertsOf(frontmatter: Record<string, unknown>, fileName: string, h1: string | undefined, notes: string[]) {
  const fmAlerts = [...stringList(frontmatter.alert), ...stringList(frontmatter.alerts)].filter((a) =>
    ALERT_NAME.test(a),
  );
  const alerts =
    fmAlerts.length > 0 ? fmAlerts : ALERT_NAME.test(fileName) ? [fileName] : h1 && ALERT_NAME.test(h1) ? [h1] : [];
  if (!fmAlerts.length && h1 && ALERT_NAME.test(h1) && alerts[0] && h1 !== alerts[0]) {
    notes.push(`H1 "${h1}" differs from the file name; used the file name as the alert name`);
  }
  return alerts;
}

/** Summary from frontmatter (`summary`, `description`), else the first paragraph of Meaning, else the first paragraph. */
function summaryOf(frontmatter: Record<string, unknown>, tree: Root, fallback: string): string {
  const given = [frontmatter.summary, frontmatter.description].find((value) => typeof value === 'string');
  if (typeof given === 'string' && collapse(given)) return collapse(given);
  const meaning = tree.children.findIndex(
    (child) => child.type === 'heading' && /^meaning$/i.test(collapse(plainText(child))),
  );
  const from = meaning >= 0 ? meaning + 1 : 0;
  const paragraph = tree.children
    .slice(from)
    .find((child) => child.type === 'paragraph' && collapse(plainText(child)).length > 0);
  const candidate = paragraph ? summarise(plainText(paragraph)) : '';
  return candidate && !/^(todo|tbd|to be added\.?)$/i.test(candidate) ? candidate : fallback;
}

const stringifier = unified()
  .use(remarkStringify, { bullet: '-', fences: true, rule: '-', listItemIndent: 'one' })
  .use(remarkGfm)
  .freeze();

/** Converts one file; never throws on odd Markdown, records what it changed in `notes`. */
export function convertRunbook(source: string, context: ConvertContext): ConvertedRunbook {
  const notes: string[] = [];
  const tree = parser.parse(normaliseSource(source, notes)) as Root;
  const frontmatter = takeFrontmatter(tree, notes);
  const h1 = takeTitleHeading(tree);
  rewriteNodes(tree, context, notes);
  const fileName = context.relativePath
    .split('/')
    .pop()!
    .replace(/\.(md|markdown|mdx)$/i, '');
  const alerts = alertsOf(frontmatter, fileName, h1, notes);
  const fmTitle = typeof frontmatter.title === 'string' ? collapse(frontmatter.title) : '';
  const title = fmTitle || h1 || fileName;
  const summary = summaryOf(frontmatter, tree, `What to do when ${alerts[0] ?? title} fires.`);
  const body = String(stringifier.stringify(tree));
  return { title, alerts, summary, body, sections: sectionsOf(tree), frontmatter, notes };
}
