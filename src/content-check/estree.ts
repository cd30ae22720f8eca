/**
 * The JavaScript inside MDX: `{expressions}`, `import`/`export` blocks and `attr={values}`. The build's parser
 * (satteri) checks that they parse but hands back only their source, so they are read here with acorn and its
 * JSX plugin, the parser MDX's own JavaScript reading uses, to find JSX elements hidden in them.
 */
import { Parser } from 'acorn';
import jsx from 'acorn-jsx';

export type Estree = { type?: string; loc?: { start: { line: number } }; [key: string]: unknown };

const JavaScript = Parser.extend(jsx());

const programs = new WeakMap<object, Estree | undefined>();

/**
 * The program of one expression, ESM block or attribute value (an MDX node holding its source as `value`), parsed
 * once per node; node lines count from the source's first line. An expression that is no statement on its own
 * (`{ {a: 1} }`) is read in parentheses. Undefined when neither parses (satteri accepted it, so such code is
 * rare): the caller then falls back to the raw source.
 */
export function programOf(node: { value: string }): Estree | undefined {
  if (!programs.has(node)) programs.set(node, parseJavaScript(node.value));
  return programs.get(node);
}

function parseJavaScript(source: string): Estree | undefined {
  for (const text of [source, `(${source}\n)`]) {
    try {
      return JavaScript.parse(text, {
        ecmaVersion: 'latest',
        sourceType: 'module',
        locations: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
      }) as unknown as Estree;
    } catch {
      // Try the next reading.
    }
  }
  return undefined;
}
