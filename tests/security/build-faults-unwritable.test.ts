/**
 * Deploys and builds into places they cannot write must say so, with the path and what to do,
 * instead of a Node stack trace or rolldown's "please report this problem".
 *
 * The tests run as root, whom file modes do not stop. What stops root for real: a target that is a
 * file, a target under a file (ENOTDIR), and a folder with the immutable attribute (`chattr +i`,
 * EPERM even for root), which the tests set and always lift again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureSite } from '../integration/cdn-fixture.ts';
import { build, copyProject, REPO, start, type ProjectCopy } from './project-copy.ts';

/** Sets or lifts the immutable attribute; fails the test with the reason when the file system has none. */
const immutable = (folder: string, on: boolean) =>
  execFileSync('chattr', [on ? '+i' : '-i', folder], { stdio: ['ignore', 'ignore', 'pipe'] });

/** Runs `fn` with `folder` immutable, lifting the attribute whatever happens. */
async function whileImmutable<T>(folder: string, fn: () => Promise<T>): Promise<T> {
  immutable(folder, true);
  try {
    return await fn();
  } finally {
    immutable(folder, false);
  }
}

const STACK_TRACE = /^\s+at .+[:(]/m;

describe('npm run deploy into a place it cannot write', () => {
  let work: string;
  let source: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'paritybook-deploy-unwritable-'));
    source = path.join(work, 'dist');
    await buildFixtureSite('unwritable', {}, source);
    await writeFile(path.join(work, 'a-file'), 'not a folder');
    await mkdir(path.join(work, 'locked'));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  const deploy = (target: string) =>
    start(process.execPath, [path.join(REPO, 'scripts/deploy.ts'), '--from', source, '--target', target], work).done;

  it('says "[deploy] failed:" with the path and what to do, for a file, a path under a file and an immutable folder', async () => {
    const cases = [
      { target: path.join(work, 'a-file'), says: /is a file, not a folder/ },
      { target: path.join(work, 'a-file', 'site'), says: /is a file, not a folder/ },
      { target: path.join(work, 'locked'), says: /cannot be written \(EPERM/ },
      { target: path.join(work, 'locked', 'site'), says: /cannot be written \(EPERM/ },
    ];
    const runs = await whileImmutable(path.join(work, 'locked'), async () => {
      const results = [];
      for (const { target } of cases) results.push(await deploy(target));
      return results;
    });
    cases.forEach(({ target, says }, index) => {
      const run = runs[index];
      expect(run.code, run.output).toBe(1);
      expect(run.output, target).toMatch(/^\[deploy\] failed: /m);
      expect(run.output, target).toContain(path.basename(work));
      expect(run.output, target).toMatch(says);
      expect(run.output, target).toContain('choose another --target');
      expect(run.output, target).not.toMatch(STACK_TRACE);
    });
    expect(existsSync(path.join(work, 'locked', 'index.html'))).toBe(false);
  });
});

describe('npm run build where dist/ cannot be created', () => {
  let project: ProjectCopy;

  beforeAll(async () => {
    project = await copyProject('build-unwritable');
  });
  afterAll(() => project?.remove());

  it('says the folder of dist/ cannot be written, instead of rolldown\'s "please report"', async () => {
    const run = await whileImmutable(project.root, () => build(project));
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`[build] cannot write in ${project.root}`);
    expect(run.output).toMatch(/cannot be written \(EPERM/);
    expect(run.output).not.toMatch(/please report|rolldown/i);
    expect(run.output).not.toMatch(STACK_TRACE);
  }, 300_000);
});
