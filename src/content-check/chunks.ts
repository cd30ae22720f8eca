/**
 * Parses long Markdown in pieces. micromark's time grows faster than the length of one document (resolvers walk
 * every event so far: a 5 MB note took 37 s), so a long body is cut at top-level ATX headings, where no block
 * can be open, and each piece is parsed alone; positions are shifted back to the whole body. Link reference
 * definitions apply to the whole document, so each piece gets the definitions of the others appended.
 */
import type { Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';

/** Pieces are cut at the first heading after this many characters. */
export const CHUNK_CHARS = 32 * 1024;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^#{1,6}(\s|$)/;
const DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S/;
/** Lines that may open a block spanning headings: raw HTML blocks, JSX, expressions, ESM. */
const SPANNING = /^\s*(<|\{|import\s|export\s)/;

interface Piece {
  text: string;
  /** 0-based line of the piece's first line in the body. */
  line: number;
  /** Offset of the piece's first character in the body. */
  offset: number;
}

/** Cuts a body into pieces at safe headings; one piece when it is short or has blocks that could span a cut. */
export function splitBody(body: string, chunkChars = CHUNK_CHARS): { pieces: Piece[]; definitions: string[] } {
  if (body.length <= chunkChars) return { pieces: [{ text: body, line: 0, offset: 0 }], definitions: [] };
  const lines = body.split('\n');
  const pieces: Piece[] = [];
  const definitions: string[] = [];
  let fence: string | undefined;
  let start = 0;
  let startOffset = 0;
  let offset = 0;
  let size = 0;
  let spanning = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
        fence = undefined;
    } else if (marker) {
      fence = marker;
    } else {
      if (DEFINITION.test(line)) definitions.push(line);
      if (SPANNING.test(line)) spanning = true;
      if (HEADING.test(line) && size >= chunkChars && !spanning && (i === 0 || lines[i - 1].trim() === '')) {
        pieces.push({ text: lines.slice(start, i).join('\n'), line: start, offset: startOffset });
        start = i;
        startOffset = offset;
        size = 0;
        spanning = false;
      }
    }
    offset += line.length + 1;
    size += line.length + 1;
  }
  pieces.push({ text: lines.slice(start).join('\n'), line: start, offset: startOffset });
  return { pieces, definitions };
}

/** Parses a body with `parse`, in pieces when it is long; the tree is the same as one parse would give. */
export function parseInPieces(body: string, parse: (text: string) => Root): Root {
  const { pieces, definitions } = splitBody(body);
  if (pieces.length === 1) return parse(body);
  const children: RootContent[] = [];
  const extra = definitions.length > 0 ? `\n\n${definitions.join('\n')}\n` : '';
  for (const piece of pieces) {
    const pieceLines = piece.text.split('\n').length;
    let tree: Root;
    try {
      tree = parse(piece.text + extra);
    } catch (error) {
      throw shiftError(error, piece.line);
    }
    visit(tree, (node) => {
      const position = node.position;
      if (!position) return;
      position.start = {
        ...position.start,
        line: position.start.line + piece.line,
        offset: (position.start.offset ?? 0) + piece.offset,
      };
      position.end = {
        ...position.end,
        line: position.end.line + piece.line,
        offset: (position.end.offset ?? 0) + piece.offset,
      };
    });
    // Definitions appended from other pieces are dropped again: each stays in its own piece.
    children.push(
      ...tree.children.filter(
        (child) => !(child.type === 'definition' && (child.position?.start.line ?? 0) - piece.line > pieceLines),
      ),
    );
  }
  const end = children.at(-1)?.position?.end;
  return {
    type: 'root',
    children,
    position: { start: { line: 1, column: 1, offset: 0 }, end: end ?? { line: 1, column: 1, offset: 0 } },
  };
}

/** A parse error of a piece, with its line moved to the whole body. */
function shiftError(error: unknown, lines: number): unknown {
  const cause = error as { line?: number; place?: { line?: number; start?: { line?: number } } };
  if (typeof cause.line === 'number') cause.line += lines;
  if (cause.place && typeof cause.place.line === 'number') cause.place.line += lines;
  if (cause.place?.start && typeof cause.place.start.line === 'number') cause.place.start.line += lines;
  return error;
}
