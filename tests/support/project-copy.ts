/**
 * A throw-away copy of this project in the system's temporary folder, for tests that run the real commands
 * (`npm run check`, `npm run build`) on content of their own: the sources as they are in this checkout,
 * node_modules linked rather than copied, and a knowledge base of the test's choosing as content/.
 * node_modules is a folder of links to the packages, so the copy's Astro cache (node_modules/.astro:
 * the content store and the incremental build's pages) is its own, never shared with a parallel test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The check fixtures' small knowledge base: two teams, a service, a checklist, a runbook and a change note. */
export const BASE_CONTENT = path.join(ROOT, 'tests', 'fixtures', 'check', 'base', 'content');

/** Build output, caches, git data and local state stay behind; so does content/, which the caller chooses. */
const LEFT_BEHIND = new Set([
  'node_modules',
  'dist',
  '.astro',
  '.git',
  'content',
  'test-results',
  'playwright-report',
  '.paritybook',
  'tmp',
]);

/** The 22 MB runbook corpus stays behind: only the import test reads it, from the repository itself. */
const HEAVY_FIXTURES = [path.join(ROOT, 'tests', 'fixtures', 'gitlab-runbooks')];
const notHeavyFixture = (source: string) => !HEAVY_FIXTURES.includes(source);

/** Copies the project into a new temporary folder and returns its path; the caller removes it. */
export function copyProject(prefix: string, content: string = BASE_CONTENT): string {
  const project = mkdtempSync(path.join(tmpdir(), prefix));
  for (const entry of readdirSync(ROOT)) {
    if (LEFT_BEHIND.has(entry) || entry.startsWith('.dist-')) continue;
    cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true, filter: notHeavyFixture });
  }
  mkdirSync(path.join(project, 'node_modules'));
  for (const entry of readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry === '.astro' || entry === '.vite') continue;
    symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(project, 'node_modules', entry));
  }
  cpSync(content, path.join(project, 'content'), { recursive: true });
  return project;
}

/**
 * Removes a project copy. A build in it may still be removing its previous build in a process of its own
 * (scripts/build.ts), and Node's rmSync returns without a word, leaving the rest of the tree behind, when another
 * process deletes part of that tree at the same time; `rm` from node:fs/promises carries on.
 */
export const removeProjectCopy = (project: string): Promise<void> => rm(project, { recursive: true, force: true });

/** What a command printed and how it ended. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run <script> -- <args>` in a project copy as an author would, on a fixed review day, without colours
 * or CI annotations, and with the copy's own content/ (never a content folder set in the test's environment).
 */
export function runNpm(project: string, script: string, args: string[] = []): CommandResult {
  const { PARITYBOOK_CONTENT_DIR: _content, ...env } = process.env;
  const result = spawnSync('npm', ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: project,
    encoding: 'utf8',
    env: {
      ...env,
      PARITYBOOK_TODAY: '2026-11-27',
      GITHUB_ACTIONS: '',
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
