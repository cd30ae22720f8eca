/**
 * A Vite plugin for `astro build`: Astro hands its content store to the build as one module,
 * `export default JSON.parse("…")`, whose string holds the whole store (43 MB at 5,000 notes, with the
 * rendered HTML of plain notes). V8 compiles a string literal that long about five times slower than the same
 * text cut into literals of a few megabytes (6.5–7.3 s against 1.5 s at 5,000 notes, on every build), so the
 * plugin cuts it and joins the pieces before parsing. Astro's own remedy (`experimental.collectionStorage:
 * 'chunked'`) measures the store one character at a time while content syncs: 85 s instead of 11 at 5,000 notes.
 *
 * A module of another shape (a later Astro) is left as it is: the build is then only slower, never different.
 */
import type { Plugin } from 'vite';

/** Astro's module id of the content store (`astro:data-layer-content`, resolved). */
export const CONTENT_STORE_MODULE = '\0astro:data-layer-content';
/** Longest piece of the store's text in one literal. */
export const PIECE_CHARS = 4 * 1024 * 1024;

const PREFIX = 'export default JSON.parse(';

/** The store's text, when the module is `export default JSON.parse("…")` and nothing else. */
function storeText(code: string): string | undefined {
  const statement = code.trimEnd().replace(/;$/, '');
  if (!statement.startsWith(`${PREFIX}"`) || !statement.endsWith('")')) return undefined;
  try {
    const text: unknown = JSON.parse(statement.slice(PREFIX.length, -1));
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The module's code with the store's text in pieces, or undefined when it has another shape or is short. */
export function splitStoreModule(code: string, pieceChars = PIECE_CHARS): string | undefined {
  if (code.length <= pieceChars) return undefined;
  const text = storeText(code);
  if (text === undefined) return undefined;
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + pieceChars, text.length);
    // A piece never ends between the two halves of a surrogate pair, which JSON.stringify would escape apart.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(JSON.stringify(text.slice(start, end)));
    start = end;
  }
  return `export default JSON.parse([${pieces.join(',\n')}].join(''));\n`;
}

export function splitContentStore(): Plugin {
  return {
    name: 'paritybook:split-content-store',
    apply: 'build',
    transform: {
      // The bundler skips the hook for every other module without calling it; the check below is for Vite without filters.
      filter: { id: /^\0astro:data-layer-content$/ },
      handler(code, id) {
        if (id !== CONTENT_STORE_MODULE) return null;
        const split = splitStoreModule(code);
        return split === undefined ? null : { code: split, map: { mappings: '' } };
      },
    },
  };
}
