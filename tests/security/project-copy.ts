/**
 * A temporary copy of the project with the small knowledge base of the check fixtures, for tests
 * that run the real `npm run build` and break it on purpose. Its node_modules is a folder of links
 * to the real packages, so its Astro cache (node_modules/.astro) and search scratch folders are its
 * own and builds of other copies running at the same time never share them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeProjectCopy } from '../support/project-copy.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
const BASE_CONTENT = path.join(REPO, 'tests/fixtures/check/base/content');
const COPIED = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'public', 'scripts', 'src'];

export interface ProjectCopy {
  root: string;
  dist: string;
  remove(): Promise<void>;
}

export async function copyProject(label: string): Promise<ProjectCopy> {
  const root = await mkdtemp(path.join(tmpdir(), `paritybook-${label}-`));
  for (const entry of COPIED) await cp(path.join(REPO, entry), path.join(root, entry), { recursive: true });
  await cp(BASE_CONTENT, path.join(root, 'content'), { recursive: true });
  await mkdir(path.join(root, 'node_modules'));
  for (const entry of await readdir(path.join(REPO, 'node_modules'))) {
    if (entry === '.astro' || entry === '.vite') continue;
    await symlink(path.join(REPO, 'node_modules', entry), path.join(root, 'node_modules', entry));
  }
  return { root, dist: path.join(root, 'dist'), remove: () => removeProjectCopy(root) };
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Environment of a build in a copy: no snapshot services, no colours, a fixed date. */
export const buildEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  // Astro's bin starts with `#!/usr/bin/env node`: the Node running the tests must come first.
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
  ASTRO_TELEMETRY_DISABLED: '1',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  PARITYBOOK_TODAY: '2026-11-27',
  GITHUB_ACTIONS: '',
});

/** A running child whose stdout and stderr are collected; `done` settles when it exits. */
export function start(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = buildEnv(),
  { ownProcessGroup = false } = {},
): {
  child: ChildProcess;
  output: () => string;
  done: Promise<Run>;
} {
  // In a process group of its own, the child and everything it starts can be killed together.
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: ownProcessGroup });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const done = new Promise<Run>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
  return { child, output: () => output, done };
}

/** `node scripts/build.ts --skip-snapshot` in a copy (the copy's services have no reachable environments). */
export const startBuild = (project: ProjectCopy, env?: NodeJS.ProcessEnv, options?: { ownProcessGroup?: boolean }) =>
  start(process.execPath, [path.join(project.root, 'scripts/build.ts'), '--skip-snapshot'], project.root, env, options);

export const build = (project: ProjectCopy, env?: NodeJS.ProcessEnv) => startBuild(project, env).done;

/**
 * Resolves once `condition` holds, checking every 20 ms; rejects when `child` exits first, so a
 * test never waits for something that can no longer happen.
 */
export async function waitFor<T>(
  condition: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  child?: { done: Promise<Run> },
): Promise<T> {
  let exited: Run | undefined;
  void child?.done.then((run) => (exited = run));
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (exited)
      throw new Error(`the process ended (${exited.code ?? exited.signal}) before ${what}:\n${exited.output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True once no process has this pid (a killed one has also been reaped). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
