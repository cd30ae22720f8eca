import { execFileSync } from 'node:child_process';

/** Last commit that touched a file, as shown on note pages. */
export interface FileHistory {
  date: Date;
  author: string;
  subject: string;
}

export interface GitHistory {
  /** Latest commit per repository-relative path. */
  files: Map<string, FileHistory>;
  /** True when history is cut off (shallow clone): dates may be the clone's, not the note's. */
  shallow: boolean;
  /** False outside a git checkout. */
  available: boolean;
}

let cached: GitHistory | undefined;

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/**
 * Reads the history of the content folder with one `git log` call (per build, not per page),
 * so thousands of notes cost one process.
 */
export function gitHistory(cwd = process.cwd(), folder = 'content'): GitHistory {
  if (cached) return cached;
  const files = new Map<string, FileHistory>();
  try {
    const shallow = git(['rev-parse', '--is-shallow-repository'], cwd).trim() === 'true';
    const prefix = git(['rev-parse', '--show-prefix'], cwd).trim();
    const log = git(['log', '--format=%x1e%aI%x1f%an%x1f%s', '--name-only', '--no-renames', '--', folder], cwd);
    for (const record of log.split('\x1e').slice(1)) {
      const [header, ...paths] = record.split('\n');
      const [date, author, subject] = header.split('\x1f');
      for (const file of paths.filter(Boolean)) {
        const relative = prefix && file.startsWith(prefix) ? file.slice(prefix.length) : file;
        if (!files.has(relative)) files.set(relative, { date: new Date(date), author, subject });
      }
    }
    cached = { files, shallow, available: true };
  } catch {
    cached = { files, shallow: false, available: false };
  }
  return cached;
}
