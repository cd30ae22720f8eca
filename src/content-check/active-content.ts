/**
 * Script in note bodies. Only the production CSP stops a `<script>`, an `onerror=` handler or a `javascript:` link
 * from running, and a host that serves `dist/` without those headers runs them in every reader's browser; so the
 * check and the build refuse them:
 * - links whose URL runs or opens something other than a web page (`javascript:`, `vbscript:`, `data:`);
 * - elements that run, embed or redirect (`<script>`, `<iframe>`, `<object>`, `<embed>`, `<base>`, `<meta>` ...),
 *   event handler attributes, and attributes that write raw HTML (`set:html`, `srcdoc`).
 * MDX elements are read from the parsed tree (JSX inside `{...}` expressions too), raw HTML in `.md` notes with
 * parse5, the HTML parser browsers follow, so entity tricks and odd spacing read as a browser reads them.
 * One exception, per note: an `<iframe>` whose `src` is on an origin the note lists in `embedOrigins`.
 */
import type { Nodes } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { urlScheme } from '../lib/url.ts';
import { hasBody } from './body.ts';
import { programOf, type Estree } from './estree.ts';
import { parseBody } from './markdown.ts';
import type { Problem } from './problem.ts';
import type { SourceFile } from './read.ts';

/** Schemes a link must not have, and what following such a link does. */
const LINK_SCHEMES = new Map([
  ['javascript', 'runs script in the page when clicked'],
  ['vbscript', 'runs script in the page when clicked'],
  ['data', 'opens content carried in the link itself, not a page of any site'],
]);

/** Schemes refused in any attribute, whatever its name (SVG animations can turn any attribute into a link). */
const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript']);

/** Attributes that navigate or submit: a `data:` URL is refused there too. */
const LINK_ATTRIBUTES = new Set(['href', 'xlink:href', 'action', 'formaction']);

/** Attributes holding a URL: one computed by an expression cannot be checked, so it is refused. */
const URL_ATTRIBUTES = new Set([...LINK_ATTRIBUTES, 'src', 'srcset', 'poster', 'data', 'background', 'ping', 'cite']);

/** Attributes that write raw, unchecked HTML into the page. */
const RAW_HTML_ATTRIBUTES = new Set(['set:html', 'srcdoc']);

/** Elements a note may not contain, and what each would do. */
const REFUSED_ELEMENTS = new Map([
  ['script', 'runs a script in every reader’s browser'],
  ['iframe', 'embeds a page from another site'],
  ['frame', 'embeds a page from another site'],
  ['frameset', 'embeds pages from other sites'],
  ['object', 'embeds a plugin or another file'],
  ['embed', 'embeds a plugin or another file'],
  ['applet', 'embeds a plugin'],
  ['portal', 'embeds a page from another site'],
  ['base', 'changes where every link and script of the page points'],
  ['meta', 'can redirect or refresh the page'],
  ['link', 'loads a stylesheet or another resource into the page'],
]);

const EMBED_HELP = 'docs/security.md, "What the check refuses"';

/** One element as the check sees it, from any of the three sources. */
interface Element {
  name: string;
  /** 1-based line in the file. */
  line: number;
  attributes: Attribute[];
}

interface Attribute {
  name: string;
  /** The literal value; undefined when an expression computes it. */
  value: string | undefined;
  /** `{...props}`: attributes the check cannot see. */
  spread?: boolean;
}

/** HTML and SVG elements are written in lower case; components start with a capital (or are `a.b` members). */
const isHtml = (name: string) => /^[a-z]/.test(name) && !name.includes('.');

const quote = (text: string) => {
  const quoted = JSON.stringify(text);
  return quoted.length > 60 ? `${quoted.slice(0, 56)}..."` : quoted;
};

type Report = (
  line: number,
  field: string,
  rule: 'unsafe-url' | 'unsafe-html',
  found: string,
  expected: string,
) => void;

function checkUrl(url: string, line: number, field: string, report: Report): void {
  const scheme = urlScheme(url);
  const does = scheme && LINK_SCHEMES.get(scheme);
  if (!does) return;
  report(
    line,
    field,
    'unsafe-url',
    `${quote(url)}, a ${scheme}: URL, which ${does}`,
    'an https:// URL, or a page path like /runbooks/<id>/',
  );
}

/** The element itself: refused unless it is an iframe from an origin the note trusts. */
function checkTag(element: Element, embedOrigins: string[], report: Report): void {
  const { name, line } = element;
  const tag = `<${name}>`;
  const lower = name.toLowerCase();
  const does = REFUSED_ELEMENTS.get(lower);
  if (!isHtml(name) || !does) return;
  if (lower !== 'iframe') {
    report(
      line,
      tag,
      'unsafe-html',
      `${tag}, which ${does}`,
      lower === 'script'
        ? 'no script in a note: behaviour belongs in a component under src/user-components/, code to show in a ``` block'
        : `no ${tag} in a note: link to what it would load instead (only <iframe> can be allowed, with embedOrigins)`,
    );
    return;
  }
  const src = element.attributes.find((attribute) => attribute.name.toLowerCase() === 'src')?.value;
  const origin = src === undefined ? undefined : originOf(src);
  if (origin && embedOrigins.some((trusted) => originOf(trusted) === origin)) return;
  report(
    line,
    tag,
    'unsafe-html',
    `<iframe${src !== undefined ? ` src=${quote(src)}` : ''}>, which ${does} this note does not trust`,
    origin
      ? `a link to the page instead, or embedOrigins: [${origin}] in the frontmatter if you trust that site (${EMBED_HELP})`
      : `a link to the page instead; only an https src on an origin listed in embedOrigins can be embedded (${EMBED_HELP})`,
  );
}

/** Its attributes: event handlers, raw HTML, and URLs that run script or that the check cannot see. */
function checkAttributes({ name, line, attributes }: Element, report: Report): void {
  const tag = `<${name}>`;
  const html = isHtml(name);
  for (const attribute of attributes) {
    const attributeName = attribute.name.toLowerCase();
    const field = `<${name} ${attribute.name}>`;
    if (attribute.spread) {
      if (html)
        report(
          line,
          tag,
          'unsafe-html',
          `{...} on ${tag}: attributes from an expression, which the check cannot see`,
          'each attribute written out, like href="https://…"',
        );
    } else if (html && attributeName.startsWith('on')) {
      report(
        line,
        field,
        'unsafe-html',
        `${attribute.name}${attribute.value !== undefined ? `=${quote(attribute.value)}` : '={…}'} on ${tag}, an event handler, which runs script`,
        'no event handlers in a note: remove the attribute (behaviour belongs in a component under src/user-components/)',
      );
    } else if (RAW_HTML_ATTRIBUTES.has(attributeName)) {
      report(
        line,
        field,
        'unsafe-html',
        `${attribute.name} on ${tag}, which writes raw HTML into the page unchecked`,
        'the content written as Markdown or MDX in the note itself',
      );
    } else if (attribute.value === undefined) {
      if (html && URL_ATTRIBUTES.has(attributeName))
        report(
          line,
          field,
          'unsafe-url',
          `${attribute.name}={…} on ${tag}, a URL computed by an expression, which the check cannot see`,
          `a literal ${attribute.name}="https://…", or a Markdown link`,
        );
    } else {
      const scheme = urlScheme(attribute.value);
      if (scheme && (SCRIPT_SCHEMES.has(scheme) || (scheme === 'data' && LINK_ATTRIBUTES.has(attributeName))))
        checkUrl(attribute.value, line, field, report);
    }
  }
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Elements in JavaScript that acorn could not read, found by their tags: every attribute is taken as computed,
 * so URL attributes are refused rather than trusted.
 */
function taggedElements(source: string, line: number): Element[] {
  return [...source.matchAll(/<([A-Za-z][\w:.-]*)([^>]*)>?/g)].map(([, name, rest]) => ({
    name,
    line,
    attributes: [...rest.matchAll(/([A-Za-z_:][\w:.-]*)\s*=/g)].map(([, attribute]) => ({
      name: attribute,
      value: undefined,
    })),
  }));
}

/** JSX elements in an expression, ESM block or attribute value: parsed, or found by their tags when that fails. */
function javaScriptElements(
  node: { value: string },
  bodyLine: number | undefined,
  fileLine: (line: number | undefined) => number,
) {
  const program = programOf(node);
  // The program's lines count from the node's first line.
  const lineInFile = (line: number | undefined) => fileLine((bodyLine ?? 1) + (line ?? 1) - 1);
  return program ? estreeElements(program, lineInFile) : taggedElements(node.value, fileLine(bodyLine));
}

/** The name of a JSX element or attribute as written: `a`, `svg:a`, `UI.Card`. */
function jsxName(node: Estree | undefined): string {
  if (!node) return '';
  if (node.type === 'JSXIdentifier') return String(node.name);
  if (node.type === 'JSXNamespacedName') return `${jsxName(node.namespace as Estree)}:${jsxName(node.name as Estree)}`;
  if (node.type === 'JSXMemberExpression')
    return `${jsxName(node.object as Estree)}.${jsxName(node.property as Estree)}`;
  return '';
}

/** The string an attribute expression always yields (`{"x"}`, `` {`x`} ``), or undefined when it computes one. */
function literalOf(expression: Estree | undefined): string | undefined {
  if (!expression) return undefined;
  if (expression.type === 'Literal' && typeof expression.value === 'string') return expression.value;
  if (expression.type === 'TemplateLiteral' && (expression.expressions as unknown[]).length === 0)
    return (expression.quasis as { value: { cooked: string } }[])[0]?.value.cooked;
  return undefined;
}

/** JSX elements written inside expressions and ESM (`{<script>…</script>}`, `export const X = () => <iframe />`). */
function estreeElements(program: Estree, fileLine: (line: number | undefined) => number): Element[] {
  const found: Element[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const estree = node as Estree;
    if (estree.type === 'JSXOpeningElement') {
      found.push({
        name: jsxName(estree.name as Estree),
        line: fileLine(estree.loc?.start.line),
        attributes: (estree.attributes as Estree[]).map((attribute) => {
          if (attribute.type === 'JSXSpreadAttribute') return { name: '{...}', value: undefined, spread: true };
          const value = attribute.value as Estree | null;
          return {
            name: jsxName(attribute.name as Estree),
            value:
              value === null
                ? ''
                : value.type === 'JSXExpressionContainer'
                  ? literalOf(value.expression as Estree)
                  : literalOf(value),
          };
        }),
      });
    }
    for (const [key, child] of Object.entries(estree)) if (key !== 'loc' && key !== 'range') walk(child);
  };
  walk(program);
  return found;
}

function mdxElement(node: MdxJsxFlowElement | MdxJsxTextElement, line: number): Element {
  return {
    name: node.name ?? '',
    line,
    attributes: node.attributes.map((attribute) => {
      if (attribute.type === 'mdxJsxExpressionAttribute') return { name: '{...}', value: undefined, spread: true };
      const { value } = attribute;
      if (value === null || value === undefined) return { name: attribute.name, value: '' };
      if (typeof value === 'string') return { name: attribute.name, value };
      const statement = (programOf(value)?.body as Estree[] | undefined)?.[0];
      return { name: attribute.name, value: literalOf(statement?.expression as Estree | undefined) };
    }),
  };
}

/** Elements of a raw HTML block or tag in a Markdown note, read by parse5 as a browser reads them. */
function htmlElements(html: string, firstLine: number): Element[] {
  const found: Element[] = [];
  const walk = (node: DefaultTreeAdapterTypes.ParentNode) => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      found.push({
        name: child.tagName,
        line: firstLine + (child.sourceCodeLocation?.startLine ?? 1) - 1,
        attributes: child.attrs.map((attribute) => ({
          name: attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name,
          value: attribute.value,
        })),
      });
      walk(child);
      if ('content' in child) walk(child.content as DefaultTreeAdapterTypes.DocumentFragment);
    }
  };
  walk(parseFragment(html, { sourceCodeLocationInfo: true }));
  return found;
}

/** Every element of a parsed body, from MDX, expressions and raw HTML. */
function elementsOf(file: SourceFile): { elements: Element[]; links: { url: string; line: number }[] } {
  const { nodes, fileLine } = parseBody(file);
  const elements: Element[] = [];
  const links: { url: string; line: number }[] = [];
  for (const node of nodes) {
    const bodyLine = node.position?.start.line;
    const line = fileLine(bodyLine);
    if (node.type === 'link' || node.type === 'definition') links.push({ url: node.url, line });
    else if (node.type === 'html') elements.push(...htmlElements(node.value, line));
    else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      if (node.name) elements.push(mdxElement(node, line));
      // JSX can hide in an attribute's expression too: title={<script>…</script>}.
      for (const attribute of node.attributes) {
        const holder = attribute.type === 'mdxJsxAttribute' ? attribute.value : attribute;
        if (holder && typeof holder === 'object' && typeof holder.value === 'string')
          elements.push(...javaScriptElements(holder as { value: string }, bodyLine, fileLine));
      }
    } else if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression' || node.type === 'mdxjsEsm') {
      elements.push(...javaScriptElements(node, bodyLine, fileLine));
    }
  }
  return { elements, links };
}

/**
 * Tells apart, without parsing, the bodies that cannot hold anything this check refuses; most notes are such, and
 * parsing every body would add seconds per thousand notes to the build. Every element needs a "<", and a link runs
 * script only with its scheme spelt out (`javascript:`, the colon perhaps escaped as `\:`) or hidden in a character
 * reference ("&"); a tab or line break inside a link target needs the `<…>` form.
 */
const MAY_BE_ACTIVE = /[<&]|(?:javascript|vbscript|data)\\?:/i;

/** Script URLs in links, and raw HTML that runs, embeds or redirects, in every runbook and change note. */
export function checkActiveContent(files: SourceFile[], valid: Map<SourceFile, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const file of files.filter((file) => hasBody(file) && MAY_BE_ACTIVE.test(file.body))) {
    const report: Report = (line, field, rule, found, expected) =>
      problems.push({ file: file.file, line, field, rule, severity: 'error', found, expected });
    const { embedOrigins = [] } = (valid.get(file) ?? {}) as { embedOrigins?: string[] };
    const { elements, links } = elementsOf(file);
    for (const link of links) checkUrl(link.url, link.line, 'link', report);
    for (const element of elements) {
      checkTag(element, embedOrigins, report);
      checkAttributes(element, report);
    }
  }
  return problems;
}
