/**
 * The JavaScript inside MDX: `{expressions}`, `import`/`export` blocks and `attr={values}`. The build's parser
 * (satteri) checks that they parse but hands back only their source, so they are read here with acorn and its
 * JSX plugin, the parser MDX's own JavaScript reading uses, to find JSX elements hidden in them.
 */
import { Parser } from 'acorn';
import jsx from 'acorn-jsx';

export type Estree = { type?: string; loc?: { start: { line: number } }; [key: string]: unknown };

const JavaScript = Parser.extend(jsx());

/**
 * The program of one expression or ESM block whose source starts on `line` of the body; node lines are body
 * lines. An expression that is no statement on its own (`{ {a: 1} }`) is read in parentheses. Undefined when
 * neither parses (satteri accepted it, so such code is rare): the caller then falls back to the raw source.
 */
export function parseJavaScript(source: string, line: number): Estree | undefined {
  // Leading line breaks make acorn count lines as the body does.
  const padding = '\n'.repeat(Math.max(0, line - 1));
  for (const text of [source, `(${source}\n)`]) {
    try {
      return JavaScript.parse(padding + text, {
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
