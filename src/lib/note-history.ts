import { gitHistory, type GitHistory } from './git.ts';

/** Shown instead of a date when git cannot tell (CI checkouts are often shallow). */
export const SHALLOW_FALLBACK = 'history not available in this shallow clone';
export const NO_GIT_FALLBACK = 'history not available outside a git checkout';
export const UNCOMMITTED_FALLBACK = 'not committed yet';

/** Last change of one note file, ready for a page or a report. */
export interface NoteHistory {
  /** Date of the last commit that touched the file; undefined when history cannot tell. */
  updated?: Date;
  author?: string;
  subject?: string;
  /** "2026-11-20 by Ana Lima", or one of the fallback texts. */
  text: string;
}

/**
 * Last updated and last author of a file, from the one `git log` call in git.ts.
 * In a shallow clone every file looks changed by the oldest commit fetched, so no date is better than a wrong one.
 * @param file path relative to the project root, like "content/runbooks/cdn-502-504.mdx"
 */
export function noteHistory(file: string, history: GitHistory = gitHistory()): NoteHistory {
  if (!history.available) return { text: NO_GIT_FALLBACK };
  if (history.shallow) return { text: SHALLOW_FALLBACK };
  const entry = history.files.get(file.replace(/\\/g, '/'));
  if (!entry) return { text: UNCOMMITTED_FALLBACK };
  return {
    updated: entry.date,
    author: entry.author,
    subject: entry.subject,
    text: `${entry.date.toISOString().slice(0, 10)} by ${entry.author}`,
  };
}
