/**
 * A build killed while Pagefind indexes leaves its scratch folder of staged pages
 * (paritybook-index-*) in the temporary folder; the next build must remove it. The builds get a
 * temporary folder of their own (TMPDIR), so the test sees only their folders, not those of
 * builds running elsewhere on the machine.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build, buildEnv, copyProject, startBuild, waitFor, type ProjectCopy } from './project-copy.ts';

let project: ProjectCopy;
let temporary: string;

beforeAll(async () => {
  project = await copyProject('index');
  temporary = await mkdtemp(path.join(tmpdir(), 'paritybook-tmpdir-'));
});
afterAll(async () => {
  await project?.remove();
  if (temporary) await rm(temporary, { recursive: true, force: true });
});

const stagingFolders = async () => (await readdir(temporary)).filter((name) => name.startsWith('paritybook-index-'));

it('removes the index scratch folder of a build killed while indexing', async () => {
  const env = { ...buildEnv(), TMPDIR: temporary };
  const killed = startBuild(project, env, { ownProcessGroup: true });
  const [staging] = await waitFor(
    async () => ((await stagingFolders()).length > 0 ? stagingFolders() : undefined),
    'the build staged pages for the search index',
    killed,
  );
  // The whole build (scripts/build.ts, astro, Pagefind), as when its terminal or CI job is killed.
  process.kill(-killed.child.pid!, 'SIGKILL');
  const run = await killed.done;
  expect(run.signal).toBe('SIGKILL');
  expect(await stagingFolders()).toContain(staging);

  const next = await build(project, env);
  expect(next.code, next.output).toBe(0);
  expect(await stagingFolders()).toEqual([]);
}, 600_000);
