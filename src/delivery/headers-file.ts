/**
 * The `_headers` file shared by Netlify and Cloudflare Pages: writing it from the policy, and
 * reading it back so the local server (scripts/serve.ts) answers with the same headers.
 */
import type { HeaderRule } from './policy.ts';

/** Cloudflare Pages accepts at most 100 rules and 2,000 characters a line. */
export const MAX_RULES = 100;
export const MAX_LINE = 2000;

export class HeadersFileError extends Error {
  override name = 'HeadersFileError';
}

export function renderHeadersFile(rules: HeaderRule[], generatedBy: string): string {
  if (rules.length > MAX_RULES)
    throw new HeadersFileError(`_headers would have ${rules.length} rules; Cloudflare Pages accepts ${MAX_RULES}.`);
  const lines = [
    `# ${generatedBy}`,
    '# Netlify and Cloudflare Pages format; both serve other files with "Cache-Control: public, max-age=0, must-revalidate".',
    '',
  ];
  for (const rule of rules) {
    lines.push(`# ${rule.comment}`, rule.pattern, ...rule.headers.map(([name, value]) => `  ${name}: ${value}`), '');
  }
  for (const line of lines) {
    if (line.length > MAX_LINE)
      throw new HeadersFileError(`_headers line longer than ${MAX_LINE} characters: ${line.slice(0, 60)}…`);
  }
  return lines.join('\n');
}

export interface ParsedRule {
  pattern: string;
  regexp: RegExp;
  attach: [string, string][];
  detach: string[];
}

/** `*` matches any run of characters (Cloudflare's splat), `:name` one path segment. */
function patternToRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) =>
      part === '*'
        ? '.*'
        : part.startsWith(':') && part.length > 1
          ? '[^/]+'
          : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

export function parseHeadersFile(text: string): ParsedRule[] {
  const rules: ParsedRule[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!/^\s/.test(raw)) {
      if (!line.startsWith('/'))
        throw new HeadersFileError(`_headers line ${index + 1}: a rule starts with a path, found "${line}"`);
      rules.push({
        pattern: line,
        regexp: patternToRegExp(line),
        attach: [],
        detach: [],
      });
      return;
    }
    const rule = rules.at(-1);
    if (!rule) throw new HeadersFileError(`_headers line ${index + 1}: header before any path`);
    if (line.startsWith('!')) {
      rule.detach.push(line.slice(1).trim().toLowerCase());
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HeadersFileError(`_headers line ${index + 1}: expected "Name: value", found "${line}"`);
    rule.attach.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  });
  return rules;
}

/**
 * Headers for one path, as Cloudflare Pages computes them: every matching rule attaches its
 * headers, a repeated header name joins its values with ", ", and `! Name` removes one.
 * Keys are lower-case.
 */
export function headersForPath(rules: ParsedRule[], path: string): Record<string, string> {
  const result: Record<string, string> = {};
  const detached = new Set<string>();
  for (const rule of rules) {
    if (!rule.regexp.test(path)) continue;
    for (const [name, value] of rule.attach) {
      const key = name.toLowerCase();
      result[key] = result[key] === undefined ? value : `${result[key]}, ${value}`;
    }
    for (const name of rule.detach) detached.add(name);
  }
  for (const name of detached) delete result[name];
  return result;
}
