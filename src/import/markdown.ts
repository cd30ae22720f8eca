/**
 * Turns one foreign Markdown runbook (Hugo, plain CommonMark, GitHub) into the body and
 * metadata of a paritybook runbook. Pure: no file system, so every quirk is unit-testable.
 */
import type {
  Heading,
  Html,
  Image,
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
import { parse as parseToml } from 'smol-toml';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import path from 'node:path';
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
  /** Local files the body shows as images, found in the imported folder (paths relative to it). */
  images: string[];
  /** Local non-Markdown files the body links to, found in the imported folder (paths relative to it). */
  files: string[];
  /** References to local files or pages that do not exist or were not imported, with their line in the source. */
  missing: MissingReference[];
  /** Relative links to other imported pages, rewritten to their URLs. */
  linksRewritten: number;
}

/** A reference the import could not carry over. */
export interface MissingReference {
  kind: 'image' | 'link' | 'file';
  /** The reference as written. */
  target: string;
  /** 1-based line in the source file. */
  line?: number;
}

export interface ConvertContext {
  /** Path of the file inside the imported folder, with forward slashes. */
  relativePath: string;
  /**
   * Maps a link to another Markdown file of the same folder (relative to the current file)
   * onto the page URL it becomes; returns undefined when no such file was imported.
   */
  resolveLink: (target: string, fromRelativePath: string) => string | undefined;
  /**
   * Finds a local file (image or attachment) a page references, relative to the current file; returns its path
   * relative to the imported folder, or undefined when it is not there. Without it, no local file is found.
   */
  findFile?: (target: string, fromRelativePath: string) => string | undefined;
  /** The URL, relative to the written note, of a local image found by `findFile` (default: as written). */
  imageUrl?: (sourcePath: string, fromRelativePath: string) => string;
  /** The URL a linked local file (not an image) is published at. */
  fileUrl?: (sourcePath: string) => string;
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
    // Copy: visitors may replace or remove children; a child still in place is visited at its current index.
    for (const child of [...(node.children as Nodes[])]) {
      const at = (node.children as Nodes[]).indexOf(child);
      if (at >= 0) walk(child, visit, node as Parent, at);
    }
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
  const toc = removeTocMarkers(text);
  text = toc.text;
  if (toc.removed > 0) notes.push('removed the [[_TOC_]] marker (every page shows its own table of contents)');
  const fences = closeUnclosedFences(text);
  if (fences.closed > 0) notes.push(`closed ${fences.closed} unclosed code fence(s)`);
  return fences.text;
}

const TOC_MARKER = /^\s*\[(?:\[_TOC_\]|TOC)\]\s*$/;
const TOC_HEADING = /^\s*(?:\*\*|__)?Table of Contents:?(?:\*\*|__)?\s*$/i;

/**
 * Removes GitLab's `[[_TOC_]]` (and `[TOC]`) with a "Table of Contents" label just above it: the page template
 * shows a table of contents. Lines are blanked, not removed, so line numbers in warnings still match the source.
 */
export function removeTocMarkers(text: string): { text: string; removed: number } {
  const lines = text.split('\n');
  let removed = 0;
  lines.forEach((line, index) => {
    if (!TOC_MARKER.test(line)) return;
    lines[index] = '';
    removed += 1;
    let above = index - 1;
    while (above >= 0 && lines[above].trim() === '') above -= 1;
    if (above >= 0 && TOC_HEADING.test(lines[above])) lines[above] = '';
  });
  return { text: lines.join('\n'), removed };
}

/**
 * Headings that skip levels (an H2 followed by an H4) confuse screen readers and the table of contents:
 * each heading goes at most one level below the one before it, and none above H2 (the page title is the H1).
 */
function fixHeadingLevels(tree: Root, notes: string[]): void {
  let previous = 1;
  let changed = 0;
  for (const child of tree.children) {
    if (child.type !== 'heading') continue;
    const depth = Math.max(2, Math.min(child.depth, previous + 1)) as Heading['depth'];
    if (depth !== child.depth) changed += 1;
    child.depth = depth;
    previous = depth;
  }
  if (changed > 0) notes.push(`moved ${changed} heading(s) that skipped a level`);
}

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkGfm).freeze();

/** Removes the frontmatter block from the tree and returns its data (empty when absent or invalid). */
function takeFrontmatter(tree: Root, notes: string[]): Record<string, unknown> {
  let frontmatter: Record<string, unknown> = {};
  const block = tree.children.find((child) => child.type === 'yaml' || (child.type as string) === 'toml');
  if (block && 'value' in block) {
    const toml = (block.type as string) === 'toml';
    try {
      const parsed = toml ? parseToml(block.value as string) : parseYaml(block.value as string);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        frontmatter = parsed as Record<string, unknown>;
    } catch (error) {
      notes.push(
        `frontmatter is not valid ${toml ? 'TOML' : 'YAML'} and was ignored (${(error as Error).message.split('\n')[0]})`,
      );
    }
  }
  tree.children = tree.children.filter((child) => child.type !== 'yaml' && (child.type as string) !== 'toml');
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

/** What the rewrites of one file need and collect about references to other files. */
interface References {
  context: ConvertContext;
  images: Set<string>;
  files: Set<string>;
  missing: MissingReference[];
  linksRewritten: number;
  altAdded: number;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A reference to a file beside the page: no scheme, not protocol-relative, not site-absolute, not an anchor. */
const isLocal = (url: string) => url !== '' && !SCHEME.test(url) && !url.startsWith('/') && !url.startsWith('#');

/** The file part of a local URL, decoded. */
function pathOf(url: string): string {
  const bare = url.split('#')[0].split('?')[0];
  try {
    return decodeURI(bare);
  } catch {
    return bare;
  }
}

const IMG_TAG = /<img\b[^>]*>/gi;

/**
 * `<img src="…" alt="…">` alone in an HTML fragment (optionally inside `<p>`, `<div>`, `<a>`, `<center>`):
 * the images, or undefined when the fragment holds anything else.
 */
function htmlImages(value: string): { src: string; alt: string }[] | undefined {
  const withoutWrappers = value.replace(/<\/?(?:p|div|center|a|br)\b[^>]*>/gi, '').trim();
  const tags = withoutWrappers.match(IMG_TAG);
  if (!tags || withoutWrappers.replace(IMG_TAG, '').trim() !== '') return undefined;
  const attribute = (tag: string, name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
      .exec(tag)
      ?.slice(1)
      .find((v) => v !== undefined);
  return tags
    .map((tag) => ({ src: attribute(tag, 'src') ?? '', alt: attribute(tag, 'alt') ?? '' }))
    .filter((image) => image.src !== '');
}

/** A readable alt text from an image's file name, for images written without one. */
const altFromFileName = (file: string) =>
  path.posix
    .basename(file)
    .replace(/\.[a-z0-9]+$/i, '')
    .replace(/[-_.]+/g, ' ')
    .trim() || 'image';

/**
 * A local image: kept (its file is copied beside the note) when it exists in the imported folder, else replaced by
 * a visible "Image missing" marker and listed. Returns the replacement node, if any.
 */
function rewriteImage(node: Image, refs: References): PhrasingContent | undefined {
  const url = node.url.trim();
  if (!node.alt?.trim()) {
    node.alt = altFromFileName(pathOf(url).replace(/[?#].*$/, ''));
    refs.altAdded += 1;
  }
  if (!isLocal(url) || url.startsWith('data:')) return undefined;
  const { context } = refs;
  const found = context.findFile?.(pathOf(url), context.relativePath);
  if (found) {
    refs.images.add(found);
    node.url = context.imageUrl?.(found, context.relativePath) ?? url.replace(/ /g, '%20');
    return undefined;
  }
  refs.missing.push({ kind: 'image', target: url, line: node.position?.start.line });
  const label = node.alt?.trim() ? `${node.alt.trim()} ` : '';
  return { type: 'emphasis', children: [{ type: 'text', value: `[Image missing: ${label}(${url})]` }] };
}

/** Keeps <details>/<summary>, shows every other raw HTML fragment as text. */
function rewriteHtml(node: Html, parent: Parent, index: number, counts: RewriteCounts, refs: References): void {
  const value = node.value.trim();
  // Comments (GitLab's generated-section markers among them) are for the source's editors, not readers.
  if (/^<!--[\s\S]*-->$/.test(value)) {
    (parent.children as Nodes[]).splice(index, 1);
    return;
  }
  const images = htmlImages(value);
  if (images) {
    const nodes = images.map((image) => {
      const created: Image = { type: 'image', url: image.src, alt: image.alt, position: node.position };
      return rewriteImage(created, refs) ?? created;
    });
    const inline = parent.type === 'paragraph' || parent.type === 'heading' || parent.type === 'link';
    parent.children.splice(index, 1, ...((inline ? nodes : [{ type: 'paragraph', children: nodes }]) as never[]));
    return;
  }
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

/**
 * Points a relative link at the page of the file it names (a Markdown file, or a folder's README), or at the
 * published copy of a local file; a link to something not imported keeps its text only and is listed.
 */
function rewriteRelativeLink(node: Link, parent: Parent, index: number, refs: References) {
  const url = node.url.trim();
  if (url === '') {
    // `[text]()` links nowhere: keep the words.
    (parent.children as PhrasingContent[]).splice(index, 1, ...node.children);
    return;
  }
  if (url.startsWith('/') && !url.startsWith('//')) {
    // A path on the old site (or a server path written as a link) means nothing on this one.
    refs.missing.push({ kind: 'link', target: url, line: node.position?.start.line });
    (parent.children as PhrasingContent[]).splice(index, 1, ...node.children);
    return;
  }
  if (!isLocal(url)) return;
  const { context } = refs;
  const anchor = url.includes('#') ? url.slice(url.indexOf('#') + 1) : '';
  const target = pathOf(url);
  if (target === '') return;
  const markdownOrFolder = /\.(md|markdown)$/i.test(target) || !/\.[a-z0-9]+$/i.test(path.posix.basename(target));
  if (markdownOrFolder) {
    const resolved = context.resolveLink(target, context.relativePath);
    if (resolved) {
      node.url = anchor ? `${resolved}#${anchor}` : resolved;
      refs.linksRewritten += 1;
      return;
    }
  } else {
    const found = context.findFile?.(target, context.relativePath);
    if (found && context.fileUrl) {
      refs.files.add(found);
      node.url = context.fileUrl(found);
      return;
    }
  }
  refs.missing.push({ kind: markdownOrFolder ? 'link' : 'file', target: url, line: node.position?.start.line });
  (parent.children as PhrasingContent[]).splice(index, 1, ...node.children);
}

/** Rewrites raw HTML, undefined references, relative links and local images, in one pass over the tree. */
function rewriteNodes(tree: Root, refs: References, notes: string[]): void {
  const labels = collectLinkLabels(tree);
  const counts: RewriteCounts = { sanitised: 0, unresolved: 0 };
  walk(tree, (node, parent, index) => {
    if (!parent) return;
    if (node.type === 'html') rewriteHtml(node, parent, index, counts, refs);
    else if (node.type === 'text' && parent.type !== 'link' && /\]\[/.test(node.value))
      rewriteLiteralReferences(node, parent, index, labels, counts);
    else if (node.type === 'linkReference' || node.type === 'imageReference')
      rewriteUndefinedReference(node, parent, index, labels, counts);
    else if (node.type === 'link') rewriteRelativeLink(node, parent, index, refs);
    else if (node.type === 'image') {
      const replacement = rewriteImage(node, refs);
      if (replacement) parent.children[index] = replacement as never;
    } else if (node.type === 'definition' && isLocal(node.url.trim())) {
      // `[label]: path` used by `![alt][label]`: the image must travel too.
      const { context } = refs;
      const target = pathOf(node.url.trim());
      const found = context.findFile?.(target, context.relativePath);
      if (found && /\.(png|jpe?g|gif|svg|webp|avif)$/i.test(found)) {
        refs.images.add(found);
        node.url = context.imageUrl?.(found, context.relativePath) ?? node.url;
      } else if (/\.(md|markdown)$/i.test(target)) {
        const anchor = node.url.includes('#') ? node.url.slice(node.url.indexOf('#')) : '';
        const resolved = context.resolveLink(target, context.relativePath);
        if (resolved) {
          node.url = `${resolved}${anchor}`;
          refs.linksRewritten += 1;
        } else refs.missing.push({ kind: 'link', target: node.url, line: node.position?.start.line });
      }
    }
  });
  if (counts.sanitised > 0) notes.push(`showed ${counts.sanitised} raw HTML fragment(s) as text`);
  if (counts.unresolved > 0) notes.push(`${counts.unresolved} reference link(s) had no definition; kept their text`);
  if (refs.altAdded > 0) notes.push(`gave ${refs.altAdded} image(s) without alt text their file name as alt text`);
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
  fixHeadingLevels(tree, notes);
  const refs: References = {
    context,
    images: new Set(),
    files: new Set(),
    missing: [],
    linksRewritten: 0,
    altAdded: 0,
  };
  rewriteNodes(tree, refs, notes);
  const fileName = context.relativePath
    .split('/')
    .pop()!
    .replace(/\.(md|markdown|mdx)$/i, '');
  const alerts = alertsOf(frontmatter, fileName, h1, notes);
  const fmTitle = typeof frontmatter.title === 'string' ? collapse(frontmatter.title) : '';
  const title = fmTitle || h1 || fileName;
  const summary = summaryOf(frontmatter, tree, `What to do when ${alerts[0] ?? title} fires.`);
  const body = String(stringifier.stringify(tree));
  return {
    title,
    alerts,
    summary,
    body,
    sections: sectionsOf(tree),
    frontmatter,
    notes,
    images: [...refs.images].sort(),
    files: [...refs.files].sort(),
    missing: refs.missing,
    linksRewritten: refs.linksRewritten,
  };
}
