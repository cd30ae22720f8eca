/**
 * Case 5, symbolic links in content/: a link to a note outside the repository, a link to a folder of them, and a
 * link to its own folder.
 * Astro's loader follows both and would publish the files; the check and the build refuse every link,
 * naming it and where it points, and nothing from outside reaches dist/.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNpm } from '../support/project-copy.ts';
import { authorsProject, buildProblems, checkErrors, filesContaining, runbook, write } from './authors-project.ts';

// Made up at run time, so no source file in the project copy contains it.
const SECRET = `outside-the-repository-${randomUUID()}`;
const project = authorsProject('symlinks');
const outside = mkdtempSync(path.join(tmpdir(), 'paritybook-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const EXPECTED =
  'expected a real file or folder: replace the link with a copy of what it should contain (the build would publish whatever a link points to, even outside the repository)';

beforeAll(() => {
  // Valid runbooks, so nothing but the links themselves can stop them.
  write(outside, 'secret.mdx', runbook('OutsideSecret', { meaning: SECRET }));
  write(outside, 'folder/other.mdx', runbook('OutsideFolder', { meaning: SECRET }));
  symlinkSync(path.join(outside, 'secret.mdx'), path.join(project, 'content/runbooks/leak.mdx'));
  const folderTarget = path.relative(path.join(project, 'content/runbooks'), path.join(outside, 'folder'));
  symlinkSync(folderTarget, path.join(project, 'content/runbooks/shared'), 'dir');
  // A link to its own folder: a walk that follows links would never end.
  symlinkSync('.', path.join(project, 'content/runbooks/loop'), 'dir');
});

describe('symbolic links under content/', () => {
  it('npm run check refuses each link, naming it and where it points', () => {
    const result = runNpm(project, 'check');
    expect(result.code).toBe(1);
    const folderTarget = path.relative(path.join(project, 'content/runbooks'), path.join(outside, 'folder'));
    expect(checkErrors(result.stdout)).toEqual([
      `content/runbooks/leak.mdx (file): found a symbolic link to ${path.join(outside, 'secret.mdx')}; ${EXPECTED} [symlink]`,
      `content/runbooks/loop (file): found a symbolic link to . (${path.join(project, 'content/runbooks')}); ${EXPECTED} [symlink]`,
      `content/runbooks/shared (file): found a symbolic link to ${folderTarget} (${path.join(outside, 'folder')}); ${EXPECTED} [symlink]`,
    ]);
    expect(result.stdout).toContain('✖ 3 errors in 3 files');
  });

  it(
    'npm run build refuses them too, and no byte from outside the repository reaches dist/',
    { timeout: 300_000 },
    () => {
      const result = runNpm(project, 'build', ['--skip-snapshot']);
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.code).toBe(1);
      expect(buildProblems(output)).toEqual([
        expect.stringMatching(/^content\/runbooks\/leak\.mdx \(file\): found a symbolic link to .*secret\.mdx; /),
        expect.stringMatching(/^content\/runbooks\/loop \(file\): found a symbolic link to \. /),
        expect.stringMatching(/^content\/runbooks\/shared \(file\): found a symbolic link to .*folder\); /),
      ]);
      expect(output).toContain('Build failed; there is no previous build in dist/');
      expect(existsSync(path.join(project, 'dist'))).toBe(false);
      expect(readdirSync(project).filter((name) => name.startsWith('.dist-'))).toEqual([]);
      // Not in a page, the search index, Astro's data store or anywhere else the build writes.
      expect(filesContaining(project, SECRET)).toEqual([]);
    },
  );
});
