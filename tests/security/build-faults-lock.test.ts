/**
 * Two builds of one project at once: the second must not build over the first (both swap into
 * dist/, and the loser would report the state of dist/ wrongly). It says which process holds the
 * build lock and exits 2, touching nothing; the first build finishes as if alone.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build, copyProject, startBuild, waitFor, type ProjectCopy } from './project-copy.ts';

let project: ProjectCopy;

beforeAll(async () => {
  project = await copyProject('lock');
});
afterAll(() => project?.remove());

it('refuses a second build while one runs, naming the process that holds the lock (exit 2)', async () => {
  const first = startBuild(project);
  const firstPid = first.child.pid!;
  // The lock is taken first thing, so the second build starts while the whole of the first one (snapshot,
  // Astro, search index, swap) is still ahead: a window a loaded machine cannot close before it gets there.
  await waitFor(() => existsSync(path.join(project.root, '.dist.lock')), 'the first build took the lock', first);
  const second = await build(project);
  expect(second.code, second.output).toBe(2);
  expect(second.output).toMatch(new RegExp(`another build \\(pid ${firstPid}, started \\d{4}-[^)]*\\) is running`));
  expect(second.output).not.toContain('astro build');
  expect(second.output).not.toContain('dist/ still holds');

  const done = await first.done;
  expect(done.code, done.output).toBe(0);
  expect(done.output).toContain('dist/ now holds the new build');
  expect(existsSync(path.join(project.dist, 'index.html'))).toBe(true);
  expect((await readdir(project.root)).filter((name) => name.startsWith('.dist'))).toEqual([]);
}, 600_000);
