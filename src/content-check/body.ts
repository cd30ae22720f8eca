import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Nodes, Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { urlScheme } from '../lib/url.ts';
import { parseBody } from './markdown.ts';
import type { Problem } from './problem.ts';
import type { SourceFile } from './read.ts';
import { entryUrl } from '../routes.ts';
import { specOf } from '../collections.ts';
import { requiredProps, USER_COMPONENTS, type UserComponentName } from '../user-components/props.ts';
import { closest, resolvePath, type SiteMap, type Unresolved } from './routes.ts';

/** Files whose body is Markdown or MDX. */
export const hasBody = (file: SourceFile) => specOf(file.collection).body;

/** MDX that does not parse stops the build; report it here with its line instead. */
export function checkBodySyntax(files: SourceFile[]): Problem[] {
  return files.filter(hasBody).flatMap((file) => {
    const { error } = parseBody(file);
    if (!error) return [];
    return [
      {
        file: file.file,
        line: error.line,
        field: '(body)',
        rule: 'mdx-syntax',
        severity: 'error' as const,
        found: `MDX that does not parse (${error.message})`,
        expected:
          'valid MDX: write \\< and \\{ for a literal < or {, close every <Component>, or put code in `backticks`',
      },
    ];
  });
}

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

function attribute(node: JsxElement, name: string): { present: boolean; value?: string } {
  const found = node.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name);
  if (!found) return { present: false };
  // Expressions (alt={caption}) are the author's business; only literal strings are checked.
  return { present: true, value: typeof found.value === 'string' ? found.value : undefined };
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const IMAGE_COMPONENTS = new Set(['img', 'Image', 'Picture']);

/** Every link, image reference and link definition in a body, with the line it is on. */
const collected = new WeakMap<Nodes[], ReturnType<typeof collectUncached>>();

/** Every link, image reference and link definition in a body, with the line it is on; once per body. */
function collect(nodes: Nodes[]) {
  let found = collected.get(nodes);
  if (!found) collected.set(nodes, (found = collectUncached(nodes)));
  return found;
}

function collectUncached(nodes: Nodes[]) {
  const links: { url: string; line?: number }[] = [];
  const images: {
    src?: string;
    ref?: string;
    alt: string | undefined;
    explicitAlt: boolean;
    line?: number;
    markdown: boolean;
  }[] = [];
  const definitions = new Map<string, { url: string; line?: number }>();
  const linkReferences = new Set<string>();
  for (const node of nodes) {
    const line = node.position?.start.line;
    if (node.type === 'link') {
      links.push({ url: node.url, line });
    } else if (node.type === 'definition') {
      definitions.set(node.identifier, { url: node.url, line });
    } else if (node.type === 'linkReference') {
      linkReferences.add(node.identifier);
    } else if (node.type === 'image') {
      images.push({ src: node.url, alt: node.alt ?? '', explicitAlt: false, line, markdown: true });
    } else if (node.type === 'imageReference') {
      images.push({ ref: node.identifier, alt: node.alt ?? '', explicitAlt: false, line, markdown: true });
    } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      if (node.name === 'a') {
        const href = attribute(node, 'href');
        if (href.value !== undefined) links.push({ url: href.value, line });
      } else if (node.name && IMAGE_COMPONENTS.has(node.name)) {
        const alt = attribute(node, 'alt');
        images.push({
          src: attribute(node, 'src').value,
          alt: alt.value,
          explicitAlt: alt.present,
          line,
          markdown: false,
        });
      }
    }
  }
  // A definition is a link when a [text][ref] uses it, an image source when an ![alt][ref] does.
  for (const image of images) if (image.ref) image.src = definitions.get(image.ref)?.url;
  for (const [identifier, definition] of definitions) if (linkReferences.has(identifier)) links.push(definition);
  return { links, images };
}

/** Where a link points, or why it points nowhere. */
function checkLink(url: string, file: SourceFile, site: SiteMap, rootDir: string): Unresolved | undefined {
  const href = url.trim();
  if (href === '') return { found: 'an empty link target', expected: 'a page path like /runbooks/<id>/ or a full URL' };
  // Links with a scheme leave the site (and unsafe schemes are active-content.ts's business).
  if (EXTERNAL.test(href) || urlScheme(href)) return undefined;
  const self = entryUrl(file.collection, file.id);
  const [beforeHash, fragment] = splitOnce(href, '#');
  const [pathPart] = splitOnce(beforeHash, '?');
  if (pathPart === '') return resolvePath(site, self, fragment, href);
  if (/\.mdx?$/.test(pathPart)) {
    // A link to a source file works in the editor and 404s on the site.
    const absolute = pathPart.startsWith('/')
      ? path.join(rootDir, pathPart)
      : path.resolve(rootDir, path.dirname(file.file), pathPart);
    const all = [...site.ids.values()].flatMap((ids) => [...ids.values()]);
    // The file the link names, or else one with the same name (links are often written relative to the page).
    const name = path.basename(pathPart).replace(/\.mdx?$/, '');
    const target =
      all.find((f) => path.join(rootDir, f.file) === absolute) ??
      all.find((f) => f.collection === file.collection && path.basename(f.id) === name) ??
      all.find((f) => path.basename(f.id) === name);
    return {
      found: `${JSON.stringify(href)}, a link to a source file`,
      expected: target
        ? `the page link ${entryUrl(target.collection, target.id)}${fragment ? `#${fragment}` : ''} (source files are not published)`
        : 'a page link like /runbooks/<id>/ (source files are not published)',
    };
  }
  const resolved = new URL(pathPart, `http://site.invalid${self}`).pathname;
  return resolvePath(site, resolved, fragment, href);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

/** Broken internal links and anchors, links to source files. */
export function checkLinks(files: SourceFile[], site: SiteMap, rootDir: string): Problem[] {
  const problems: Problem[] = [];
  for (const file of files.filter(hasBody)) {
    const { tree, nodes, fileLine } = parseBody(file);
    if (!tree) continue;
    for (const link of collect(nodes).links) {
      const unresolved = checkLink(link.url, file, site, rootDir);
      if (unresolved) {
        problems.push({
          file: file.file,
          line: fileLine(link.line),
          field: 'link',
          rule: 'link',
          severity: 'error',
          ...unresolved,
        });
      }
    }
  }
  return problems;
}

/** Images without alt text, and local images whose file does not exist (the build fails on those). */
export function checkImages(files: SourceFile[], site: SiteMap, rootDir: string): Problem[] {
  const problems: Problem[] = [];
  for (const file of files.filter(hasBody)) {
    const { tree, nodes, fileLine } = parseBody(file);
    if (!tree) continue;
    const { images } = collect(nodes);
    for (const image of images) {
      const line = fileLine(image.line);
      const label = image.src ? JSON.stringify(image.src) : 'an image';
      const missingAlt = image.markdown ? (image.alt ?? '').trim() === '' : !image.explicitAlt;
      if (missingAlt) {
        problems.push({
          file: file.file,
          line,
          field: 'image',
          rule: 'image-alt',
          severity: 'error',
          found: `${label} without alt text`,
          expected: image.markdown
            ? 'a description in the brackets, like ![Grafana panel: p95 latency doubles at 10:40](...), for screen readers and when images do not load'
            : 'an alt="..." describing the image (alt="" only for decoration), for screen readers and when images do not load',
        });
      }
      const src = image.src ?? undefined;
      if (!src || EXTERNAL.test(src) || src.startsWith('data:')) continue;
      const [pathPart] = splitOnce(splitOnce(src, '#')[0], '?');
      const absolute = pathPart.startsWith('/')
        ? path.join(site.publicDir, decodeURI(pathPart))
        : path.resolve(rootDir, path.dirname(file.file), decodeURI(pathPart));
      if (!existsSync(absolute)) {
        problems.push({
          file: file.file,
          line,
          field: 'image',
          rule: 'image-missing',
          severity: 'error',
          found: `${label}, but ${path.relative(rootDir, absolute).replace(/\\/g, '/')} does not exist`,
          expected: pathPart.startsWith('/')
            ? 'a file under public/ (a src starting with / is served from public/)'
            : 'a path relative to this file, like ./images/panel.png',
        });
      }
    }
  }
  return problems;
}

const MARKER = /\bTODO\b/;

/** Text left from the template of `npm run new`: fine while drafting, a warning before merge. */
export function checkLeftovers(files: SourceFile[]): Problem[] {
  const problems: Problem[] = [];
  const expected = 'your own text in place of the TODO from npm run new';
  for (const file of files) {
    const leftover = (line: number | undefined, field: string, found: string, fix = expected) =>
      problems.push({ file: file.file, line, field, rule: 'todo', severity: 'warning', found, expected: fix });
    const walk = (value: unknown, fieldPath: (string | number)[]) => {
      if (typeof value === 'string') {
        if (MARKER.test(value)) leftover(file.lineOf(fieldPath), fieldPath.join('.'), short(value));
        else if (/^https?:\/\/[^/]*\.invalid(?:[:/]|$)/.test(value))
          leftover(
            file.lineOf(fieldPath),
            fieldPath.join('.'),
            `the placeholder URL ${JSON.stringify(value)}`,
            'the real URL of the environment',
          );
      } else if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...fieldPath, index]));
      else if (value && typeof value === 'object' && !(value instanceof Date)) {
        for (const [key, item] of Object.entries(value)) walk(item, [...fieldPath, key]);
      }
    };
    walk(file.data, []);
    if (!hasBody(file)) continue;
    file.body.split('\n').forEach((text, index) => {
      if (MARKER.test(text)) leftover(file.bodyLine + index, '(body)', short(text.trim()));
    });
  }
  return problems;
}

function short(text: string): string {
  const quoted = JSON.stringify(text);
  return quoted.length > 70 ? `${quoted.slice(0, 66)}..."` : quoted;
}

/** Names an MDX file imports or exports itself. */
function localNames(nodes: Nodes[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    if (node.type !== 'mdxjsEsm') continue;
    for (const [, list] of node.value.matchAll(/import\s+([^'"]+?)\s+from/g)) {
      for (const name of list.replace(/[{}*]/g, ',').split(',')) {
        const local = name
          .trim()
          .split(/\s+as\s+/)
          .pop()
          ?.trim();
        if (local) names.add(local);
      }
    }
    for (const [, name] of node.value.matchAll(/export\s+(?:const|function|let)\s+([A-Za-z_$][\w$]*)/g))
      names.add(name);
  }
  return names;
}

/**
 * Components the build cannot render: a name that is neither a shared component nor imported by the file,
 * and `<Checklist>` pointing at a checklist that does not exist or at nothing.
 */
export function checkComponents(files: SourceFile[], site: SiteMap): Problem[] {
  const problems: Problem[] = [];
  const known = new Map<string, string[]>(
    (Object.keys(USER_COMPONENTS) as UserComponentName[]).map((name) => [name, requiredProps(name)]),
  );
  const checklists = [...(site.ids.get('checklists')?.keys() ?? [])];
  for (const file of files.filter((f) => hasBody(f) && f.file.endsWith('.mdx'))) {
    const { tree, nodes, fileLine, error } = parseBody(file);
    if (!tree || error) continue;
    const local = localNames(nodes);
    for (const node of nodes) {
      if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') continue;
      const name = node.name ?? '';
      const line = fileLine(node.position?.start.line);
      const problem = (rule: string, found: string, expected: string) =>
        problems.push({ file: file.file, line, field: `<${name}>`, rule, severity: 'error', found, expected });
      const root = name.split('.')[0];
      if (/^[A-Z]/.test(root) && !known.has(root) && !local.has(root)) {
        const close = closest(root, [...known.keys()]);
        problem(
          'mdx-component',
          `<${name}>, which is not a component notes can use`,
          `${close ? `<${close}>, or ` : ''}one of ${[...known.keys()].map((k) => `<${k}>`).join(', ')} (src/user-components/), or an import at the top of the file`,
        );
      }
      const required = known.get(name) ?? [];
      const spread = node.attributes.some((a) => a.type === 'mdxJsxExpressionAttribute');
      const missing = spread
        ? []
        : required.filter((prop) => !node.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === prop));
      if (missing.length > 0) {
        problem(
          'mdx-component',
          `<${name}> without ${missing.join(', ')}`,
          `${missing.map((prop) => `${prop}="..."`).join(' ')}: required by <${name}> (src/user-components/props.ts)`,
        );
      }
      if (name !== 'Checklist') continue;
      const use = attribute(node, 'use');
      const items = node.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === 'items');
      if (use.value !== undefined && !checklists.includes(use.value)) {
        problem(
          'reference',
          `use=${JSON.stringify(use.value)}, which is not a checklist id`,
          checklists.length > 0
            ? `one of ${checklists.map((c) => JSON.stringify(c)).join(', ')} (files in content/checklists/)`
            : 'a checklist id: add content/checklists/<id>.yaml first',
        );
      } else if (!use.present && !items) {
        problem(
          'mdx-component',
          'a <Checklist> without use or items',
          'use="<checklist id>" to embed a checklist, or items={["First step", "Second step"]}',
        );
      }
    }
  }
  return problems;
}
