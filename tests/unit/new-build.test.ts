/**
 * The end of the authoring loop, for real: scaffold one file of every kind into a copy of the project,
 * check it, build it with Astro, and read the built pages. Also proves the check slugs headings
 * exactly as Astro does, and renders the reviews page on a known date.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBody } from '../../src/content-check/markdown.ts';
import { readContent } from '../../src/content-check/read.ts';
import { BUILD_BUDGET_MS } from '../support/budgets.ts';
import { copyProject, removeProjectCopy, ROOT } from '../support/project-copy.ts';
import { FIXTURES } from './check-fixtures.ts';

const env = { ...process.env, PARITYBOOK_TODAY: '2026-11-27', ASTRO_TELEMETRY_DISABLED: '1', GITHUB_ACTIONS: '' };
let project: string;

/** A page that renders every runbook and change note, so their MDX is compiled whatever pages the site has. */
const RENDER_ALL = `---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  const entries = [...(await getCollection('runbooks')), ...(await getCollection('changes'))];
  return entries.map((entry) => ({ params: { id: \`\${entry.collection}/\${entry.id}\` }, props: { entry } }));
}
const { Content } = await render(Astro.props.entry);
---
<html lang="en"><head><title>render</title></head><body><Content /></body></html>
`;

function node(script: string, args: string[]) {
  return spawnSync(process.execPath, [path.join(project, 'scripts', script), ...args], {
    cwd: project,
    env,
    encoding: 'utf8',
  });
}

beforeAll(() => {
  project = copyProject('paritybook-build-');
  // One overdue runbook for the reviews page.
  cpSync(
    path.join(FIXTURES, 'cases', 'review-overdue', 'fail', 'content', 'runbooks', 'case.mdx'),
    path.join(project, 'content', 'runbooks', 'queue.mdx'),
  );
  mkdirSync(path.join(project, 'src', 'pages', 'render-all'), { recursive: true });
  writeFileSync(path.join(project, 'src', 'pages', 'render-all', '[...id].astro'), RENDER_ALL);
  // History for "last updated": the base content is committed, the scaffolded files will not be.
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ana Lima', '-c', 'user.email=ana@example.com', ...args], {
      cwd: project,
      env: { ...env, GIT_AUTHOR_DATE: '2026-11-20T10:00:00Z', GIT_COMMITTER_DATE: '2026-11-20T10:00:00Z' },
    });
  git('init', '-q');
  git('add', 'content');
  git('commit', '-qm', 'Knowledge base');
});

afterAll(async () => {
  if (project) await removeProjectCopy(project);
});

describe('scaffold, check and build', () => {
  it('scaffolds one file of each kind', () => {
    const runs = [
      ['runbook', 'Disk: almost full <100 MiB>', '--service', 'checkout-api', '--alert', 'CheckoutDiskFull'],
      ['change', 'Move logs to {the} new disk', '--service', 'checkout-api'],
      ['checklist', 'Disk cleanup', '--owner', 'platform'],
      ['service', 'Billing API', '--owner', 'payments'],
      ['team', 'Storage'],
    ].map((args) => node('new.ts', args));
    expect(runs.map((r) => [r.status, r.stdout.trim()])).toEqual([
      [0, 'content/runbooks/disk-almost-full-100-mib.mdx'],
      [0, 'content/changes/move-logs-to-the-new-disk.mdx'],
      [0, 'content/checklists/disk-cleanup.yaml'],
      [0, 'content/services/billing-api.yaml'],
      [0, 'content/teams/storage.yaml'],
    ]);
  });

  it('passes npm run check', () => {
    const result = node('check.ts', ['--json']);
    expect(result.status, result.stdout).toBe(0);
    expect(JSON.parse(result.stdout).errors).toBe(0);
  });

  it('builds, with every heading id the check knows', { timeout: BUILD_BUDGET_MS }, async () => {
    const build = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'astro'), ['build'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    expect(build.status, `${build.stdout}\n${build.stderr}`.slice(-3000)).toBe(0);
    // A bare `astro build` (no build command around it) writes the search index and delivery files in its hooks.
    for (const written of ['pagefind/pagefind-entry.json', '_headers', 'sw.js'])
      expect(existsSync(path.join(project, 'dist', written)), written).toBe(true);
    const files = await readContent(path.join(project, 'content'), project);
    let compared = 0;
    for (const file of files.filter((f) => f.collection === 'runbooks' || f.collection === 'changes')) {
      const html = readFileSync(
        path.join(project, 'dist', 'render-all', file.collection, file.id, 'index.html'),
        'utf8',
      );
      const built = [...html.matchAll(/<h[1-6][^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(built, file.file).toEqual(parseBody(file).headings.map((h) => h.slug));
      compared += built.length;
    }
    expect(compared).toBeGreaterThan(15);
  });

  it('renders the reviews page for the build date', () => {
    const file = path.join(project, 'dist', 'reviews', 'index.html');
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    expect(text).toContain('As of 2026-11-27: 1 overdue, 0 flagged for review, 0 due within 14 days.');
    expect(text).toContain('Payments');
    expect(text).toContain('Checkout queue backlog · Runbook Overdue overdue by 89 days 2026-08-30 2026-06-01');
    expect(text).toContain('2026-06-01 2026-11-20 by Ana Lima');
  });

  it('shows last updated and last author on note pages, or why not', () => {
    const footer = (page: string) =>
      /<footer class="note-footer"[^>]*>([\s\S]*?)<\/footer>/
        .exec(readFileSync(path.join(project, 'dist', page, 'index.html'), 'utf8'))?.[1]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    expect(footer('runbooks/db-pool')).toMatch(/^Last updated 2026-11-20 by Ana Lima/);
    expect(footer('runbooks/disk-almost-full-100-mib')).toMatch(/^Last updated: not committed yet\./);
  });
});
