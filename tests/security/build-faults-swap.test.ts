/**
 * A build killed between its two renames (dist/ → .dist-prev-<pid>, .dist-next-<pid> → dist/)
 * leaves the last good build only in .dist-prev-<pid>. The next build must put it back before
 * anything else, even when that build fails.
 *
 * The window between the renames is microseconds wide. To stop the build inside it for real, it
 * runs under strace, which holds the build's first rename that touches dist/ for up to five
 * minutes once the rename is done (system-call delay injection); the test waits until dist/ is gone
 * and .dist-prev-<pid> is there, then kills the build with SIGKILL, as a power cut would.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build, copyProject, processGone, start, waitFor, type ProjectCopy } from './project-copy.ts';

let project: ProjectCopy;

beforeAll(async () => {
  project = await copyProject('swap');
});
afterAll(() => project?.remove());

it('restores the previous build that a crash between the renames left in .dist-prev-<pid>', async () => {
  const first = await build(project);
  expect(first.code, first.output).toBe(0);
  // Marks the first build, so the test can tell it from any other.
  await writeFile(path.join(project.dist, 'which-build.txt'), 'first');

  const held = start(
    'strace',
    [
      '-f',
      '--seccomp-bpf',
      '-qq',
      '-o',
      '/dev/null',
      '-P',
      project.dist,
      '-e',
      'trace=rename,renameat,renameat2',
      '-e',
      'inject=rename,renameat,renameat2:delay_exit=300000000:when=1',
      process.execPath,
      path.join(project.root, 'scripts/build.ts'),
      '--skip-snapshot',
    ],
    project.root,
  );
  let pid = 0;
  try {
    const previous = await waitFor(
      async () => {
        if (existsSync(project.dist)) return undefined;
        return (await readdir(project.root)).find((name) => /^\.dist-prev-\d+$/.test(name));
      },
      'the build renamed dist/ away',
      held,
    );
    pid = Number(previous.split('-').at(-1));
    process.kill(pid, 'SIGKILL');
  } finally {
    held.child.kill('SIGKILL');
    await held.done;
  }
  await waitFor(() => processGone(pid), `build ${pid} is gone`);
  expect(existsSync(project.dist)).toBe(false);
  expect(await readFile(path.join(project.root, `.dist-prev-${pid}`, 'which-build.txt'), 'utf8')).toBe('first');
  // Its plan of the search index and delivery files stays too, until the next build sweeps it up.
  expect(existsSync(path.join(project.root, `.dist-plan-${pid}`))).toBe(true);

  // The next build fails (a note names a team that does not exist), after the restore.
  const note = path.join(project.root, 'content/runbooks/db-pool.mdx');
  await writeFile(note, (await readFile(note, 'utf8')).replace(/^owner: .*$/m, 'owner: nobody'));
  const next = await build(project);
  expect(next.code, next.output).toBe(1);
  expect(next.output).toContain(`[build] took over the lock of build pid ${pid}`);
  expect(next.output).toContain(`[build] dist/ was missing: restored the previous build from .dist-prev-${pid}`);
  expect(await readFile(path.join(project.dist, 'which-build.txt'), 'utf8')).toBe('first');
  expect(existsSync(path.join(project.dist, 'index.html'))).toBe(true);
  expect(next.output).toMatch(/Build failed; dist\/ still holds the previous build from \d{4}-/);
  expect((await readdir(project.root)).filter((name) => name.startsWith('.dist-'))).toEqual([]);
}, 600_000);
