/**
 * Where a long identifier may wrap: before each new word of CamelCase (`KubePod|Crash|Looping`),
 * after dots, dashes, underscores, slashes and colons (`psycopg2.|OperationalError`). The render
 * puts a <wbr> between the pieces, so a narrow column breaks `KubePodCrashLooping` into words
 * instead of letter by letter, and copying the text still gives the identifier unchanged.
 */

/** Pieces shorter than this stay joined to their neighbour: `Kube|PodCrash` reads better than `K|ube`. */
const MIN_PIECE = 3;

/**
 * The identifier in pieces that join back to it exactly.
 * @example breakableParts('KubePodCrashLooping') → ['Kube', 'Pod', 'Crash', 'Looping']
 * @example breakableParts('psycopg2.OperationalError') → ['psycopg2.', 'Operational', 'Error']
 */
export function breakableParts(text: string): string[] {
  const marked = text
    .replace(/([a-z0-9])(?=[A-Z])/g, '$1\u0000')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1\u0000')
    .replace(/([._\-/:,=])(?=[^\s._\-/:,=])/g, '$1\u0000');
  const pieces: string[] = [];
  for (const piece of marked.split('\u0000')) {
    const last = pieces.length - 1;
    if (last >= 0 && (piece.length < MIN_PIECE || pieces[last]!.length < MIN_PIECE)) pieces[last] += piece;
    else pieces.push(piece);
  }
  return pieces.filter(Boolean);
}
