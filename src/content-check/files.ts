/**
 * Rules about the files themselves rather than what they say: symbolic links, names the site cannot use as page
 * addresses, and two files that would make the same page. Astro's loader follows links, slugs names and keeps one
 * of two entries with the same id, so each of these either publishes something it should not, drops a note from
 * the site or search, or stops the build without naming the file; the check names it first.
 */
import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from './problem.ts';
import type { SourceFile } from './read.ts';
import { entryUrl } from '../routes.ts';

const relative = (rootDir: string, absolute: string) => path.relative(rootDir, absolute).replace(/\\/g, '/');

/**
 * Every symbolic link under the content folder, to a file or a folder, wherever it points: the build would publish
 * what it points to, which can be any file the build machine can read.
 */
export async function findSymlinks(contentDir: string, rootDir: string): Promise<Problem[]> {
  const links: string[] = [];
  // A walk of its own: readdir's `recursive` follows linked folders in some Node versions (and loops on a cycle).
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) links.push(absolute);
      else if (entry.isDirectory()) await walk(absolute);
    }
  };
  try {
    await walk(contentDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(
    links.map(async (absolute) => {
      const target = await readlink(absolute);
      const resolved = path.resolve(path.dirname(absolute), target);
      return {
        file: relative(rootDir, absolute),
        field: '(file)',
        rule: 'symlink',
        severity: 'error' as const,
        found: `a symbolic link to ${target}${resolved === target ? '' : ` (${resolved})`}`,
        expected:
          'a real file or folder: replace the link with a copy of what it should contain (the build would publish whatever a link points to, even outside the repository)',
      };
    }),
  );
}

/**
 * Characters a file or folder name may use: the page address keeps them as written, except that letters are
 * lower-cased and a space becomes a dash.
 */
const NAME_CHARACTER = /[A-Za-z0-9_ -]/;

/** A plain spelling of a name, for the message: accents dropped, anything else to dashes. */
function plainName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * File names the site cannot use as page addresses (no id at all, or characters that are dropped, changed or left
 * out of search), and two files that make one page (`a.mdx`, `A.mdx` and `a.md` are all /runbooks/a/).
 */
export function checkFileNames(files: SourceFile[], contentDir: string, rootDir: string): Problem[] {
  const problems: Problem[] = [];
  const byPage = new Map<string, SourceFile[]>();
  for (const file of files) {
    const inCollection = path.relative(path.join(contentDir, file.collection), path.join(rootDir, file.file));
    const extension = path.extname(inCollection);
    const segments = inCollection.slice(0, inCollection.length - extension.length).split(path.sep);
    const name = path.basename(inCollection);
    const odd = [...new Set([...segments.join('')].filter((character) => !NAME_CHARACTER.test(character)))];
    if (file.id.split('/').some((segment) => segment === '')) {
      problems.push({
        file: file.file,
        field: '(file)',
        rule: 'file-name',
        severity: 'error',
        found: `the name ${JSON.stringify(name)}, which has no letter or digit to make a page address of`,
        expected: `a name of letters a-z, digits and dashes that says what the note is about, like checkout-queue-backlog${extension}`,
      });
      continue;
    }
    if (odd.length > 0) {
      const suggestion = segments.map(plainName).filter(Boolean).join('/');
      problems.push({
        file: file.file,
        field: '(file)',
        rule: 'file-name',
        severity: 'error',
        found: `the name ${JSON.stringify(name)}, with ${odd
          .slice(0, 5)
          .map((character) => JSON.stringify(character))
          .join(', ')}${odd.length > 5 ? ' ...' : ''}, which page addresses and search do not keep as written`,
        expected: `${suggestion ? `${JSON.stringify(`${suggestion}${extension}`)} or another name` : 'a name'} of letters a-z, digits, dashes and underscores (the file name is the page address)`,
      });
    }
    const page = entryUrl(file.collection, file.id);
    byPage.set(page, [...(byPage.get(page) ?? []), file]);
  }
  for (const [page, sharing] of byPage) {
    if (sharing.length < 2) continue;
    for (const file of sharing) {
      const others = sharing.filter((other) => other !== file).map((other) => other.file);
      problems.push({
        file: file.file,
        field: '(file)',
        rule: 'duplicate-page',
        severity: 'error',
        found: `a second file for the page ${page}: ${others.join(' and ')} ${others.length === 1 ? 'makes' : 'make'} it too`,
        expected:
          'one file per page: rename or remove all but one (the build keeps one of them, with only a warning, and which one is left to chance)',
      });
    }
  }
  return problems;
}
