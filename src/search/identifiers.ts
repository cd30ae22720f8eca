/**
 * Identifier handling shared by the indexer and the browser: alert names and code identifiers
 * split into their parts, and the joined runs of parts an engineer may type (`crashloop`,
 * `bodysizelimit`, `nxdomain`). Plain functions, no DOM, no Node APIs.
 */

/** Lower case, letters and digits only: `psycopg2.OperationalError` -> `psycopg2operationalerror`. */
export const compact = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Splits `KubePodCrashLooping`, `etcdGRPCRequestsSlow`, `NX_DOMAIN`, `psycopg2.OperationalError` into parts. */
export function identifierParts(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** True for words written like code: camelCase, snake_case, dotted or digits mixed with letters. */
export function looksLikeIdentifier(word: string): boolean {
  return (
    /[a-z][A-Z]|[A-Z]{2,}[a-z]|[A-Za-z][_.:][A-Za-z0-9]|[A-Za-z]-[A-Za-z].*[A-Z]/.test(word) &&
    identifierParts(word).length > 1
  );
}

/**
 * Lower-case joined runs of two or more consecutive parts, longest first: what a person types
 * when remembering only the middle of an alert name. Capped so very long names stay small.
 */
export function joinedRuns(identifier: string, maxParts = 8): string[] {
  const parts = identifierParts(identifier)
    .map((p) => p.toLowerCase())
    .slice(0, maxParts);
  const runs = new Set<string>();
  for (let length = parts.length; length >= 2; length -= 1) {
    for (let start = 0; start + length <= parts.length; start += 1) {
      runs.add(parts.slice(start, start + length).join(''));
    }
  }
  return [...runs];
}

/**
 * Text added to a page's index entry (never shown on the page) so an identifier is found by
 * its parts, by any run of parts, and with separators dropped.
 */
export function identifierVariants(identifier: string): string[] {
  const parts = identifierParts(identifier);
  if (parts.length < 2) return [identifier.toLowerCase()];
  return [...new Set([identifier, parts.join(' '), ...joinedRuns(identifier)])];
}

/** Words of free text as the vocabulary sees them: lower case, letters and digits only. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[^\p{L}\p{N}_.:-]+/u)) {
    if (!raw) continue;
    for (const piece of raw.split(/[_.:-]+/)) {
      if (!piece) continue;
      const lower = piece.toLowerCase();
      if (lower.length > 1 && lower.length <= 40) out.push(lower);
      if (looksLikeIdentifier(piece))
        for (const part of identifierParts(piece)) if (part.length > 1) out.push(part.toLowerCase());
    }
    const joined = raw.replace(/[_.:-]+/g, '').toLowerCase();
    if (joined !== raw.toLowerCase() && joined.length > 1 && joined.length <= 40) out.push(joined);
  }
  return out;
}
