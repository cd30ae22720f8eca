/**
 * Case 8, what the build rejects the check must catch first, naming the file: a note called `...mdx` (the build
 * died with "ID must be a non-empty string"), three files for one page (`a.mdx`, `A.mdx`, `a.md`; the build ended
 * in "Pagefind indexed N page(s) of M"), names that built but dropped out of search (unicode, right-to-left, emoji,
 * `a..b.mdx`). A byte-order mark before the frontmatter is accepted, as Astro accepts it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNpm } from '../support/project-copy.ts';
import { authorsProject, buildProblems, checkErrors, runbook, write } from './authors-project.ts';

const project = authorsProject('file-names');

const NOTES: Record<string, string> = {
  '...mdx': 'Dots',
  'a.mdx': 'LowerA',
  'A.mdx': 'UpperA',
  'a.md': 'MarkdownA',
  'sub/a.mdx': 'SubA',
  'guide.mdx': 'Guide',
  'guide/index.mdx': 'GuideIndex',
  'café.mdx': 'Accent',
  'שלום.mdx': 'RightToLeft',
  '🔥.mdx': 'Emoji',
  'a..b.mdx': 'DoubleDot',
};
for (const [name, alert] of Object.entries(NOTES)) write(project, `content/runbooks/${name}`, runbook(alert));
const BOM_NOTE = 'content/runbooks/saved-with-bom.mdx';
write(project, BOM_NOTE, `\uFEFF${runbook('SavedWithBom', { frontmatter: ['title: Saved with a byte-order mark'] })}`);

const NO_ID =
  'found the name "%s", which has no letter or digit to make a page address of; expected a name of letters a-z, digits and dashes that says what the note is about, like checkout-queue-backlog.mdx';
const ODD = (name: string, characters: string, suggestion: string) =>
  `found the name "${name}", with ${characters}, which page addresses and search do not keep as written; expected ${suggestion} of letters a-z, digits, dashes and underscores (the file name is the page address)`;
const SHARED = (page: string, others: string) =>
  `found a second file for the page ${page}: ${others} it too; expected one file per page: rename or remove all but one (the build keeps one of them, with only a warning, and which one is left to chance)`;

const PROBLEMS = [
  `content/runbooks/...mdx (file): ${NO_ID.replace('%s', '...mdx')}`,
  `content/runbooks/🔥.mdx (file): ${NO_ID.replace('%s', '🔥.mdx')}`,
  `content/runbooks/a..b.mdx (file): ${ODD('a..b.mdx', '"."', '"a-b.mdx" or another name')}`,
  `content/runbooks/café.mdx (file): ${ODD('café.mdx', '"é"', '"cafe.mdx" or another name')}`,
  `content/runbooks/שלום.mdx (file): ${ODD('שלום.mdx', '"ש", "ל", "ו", "ם"', 'a name')}`,
  `content/runbooks/a.mdx (file): ${SHARED('/runbooks/a/', 'content/runbooks/A.mdx and content/runbooks/a.md make')}`,
  `content/runbooks/A.mdx (file): ${SHARED('/runbooks/a/', 'content/runbooks/a.md and content/runbooks/a.mdx make')}`,
  `content/runbooks/a.md (file): ${SHARED('/runbooks/a/', 'content/runbooks/A.mdx and content/runbooks/a.mdx make')}`,
  `content/runbooks/guide.mdx (file): ${SHARED('/runbooks/guide/', 'content/runbooks/guide/index.mdx makes')}`,
  `content/runbooks/guide/index.mdx (file): ${SHARED('/runbooks/guide/', 'content/runbooks/guide.mdx makes')}`,
].sort();

describe('file names the build cannot use', () => {
  it('npm run check names each file and what to call it instead', () => {
    const result = runNpm(project, 'check');
    expect(result.code).toBe(1);
    expect(
      checkErrors(result.stdout)
        .map((line) => line.replace(/ \[(file-name|duplicate-page)\]$/, ''))
        .sort(),
    ).toEqual(PROBLEMS);
    // sub/a.mdx is /runbooks/sub/a/, a page of its own; the byte-order mark is fine.
    expect(result.stdout).not.toContain('content/runbooks/sub/a.mdx');
    expect(result.stdout).not.toContain(BOM_NOTE);
  });

  it('npm run build stops with the same lines, before Astro or Pagefind trip over them', { timeout: 300_000 }, () => {
    const result = runNpm(project, 'build', ['--skip-snapshot']);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code).toBe(1);
    expect(buildProblems(output).sort()).toEqual(PROBLEMS);
    expect(output).not.toContain('ID must be a non-empty string');
    expect(output).not.toContain('Pagefind indexed');
    expect(existsSync(path.join(project, 'dist'))).toBe(false);
  });

  it('builds the rest, the note saved with a byte-order mark included', { timeout: 300_000 }, () => {
    for (const name of Object.keys(NOTES).filter((name) => name !== 'a.mdx' && name !== 'sub/a.mdx'))
      rmSync(path.join(project, 'content/runbooks', name));
    const check = runNpm(project, 'check');
    expect(check.code, check.stdout).toBe(0);
    const build = runNpm(project, 'build', ['--skip-snapshot']);
    expect(build.code, `${build.stdout}\n${build.stderr}`.slice(-3000)).toBe(0);
    const page = (id: string) => readFileSync(path.join(project, 'dist/runbooks', id, 'index.html'), 'utf8');
    expect(page('saved-with-bom')).toContain('<h1>Saved with a byte-order mark</h1>');
    expect(page('a')).toContain('Runbook for LowerA');
    expect(page('sub/a')).toContain('Runbook for SubA');
  });
});
