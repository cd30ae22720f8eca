/**
 * Two real runbook repositories end to end: each is imported into a temporary copy of the project with
 * `npm run import`, then `npm run check` and `npm run build` must both pass, every imported page must exist,
 * every image the source has must show on its page from a file in dist/, internal links must resolve, and what
 * is missing must be in the report. The corpora are located through PARITYBOOK_CORPORA (default:
 * tests/fixtures, where both are kept with their licences) and copied first, so the import never touches them.
 */
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../src/import/index.ts';
import { BUILD_BUDGET_MS } from '../support/budgets.ts';
import { copyProject, removeProjectCopy, ROOT, runNpm, type CommandResult } from '../support/project-copy.ts';

const CORPORA = path.resolve(ROOT, process.env.PARITYBOOK_CORPORA ?? path.join('tests', 'fixtures'));
const NAMES = ['gitlab-runbooks', 'prometheus-operator-runbooks'] as const;

let project: string;
const reports = new Map<string, { json: ImportReport; markdown: string }>();
let check: CommandResult;
let build: CommandResult;

/** The built file a site path is served from, or undefined when there is none. */
function builtFile(dist: string, sitePath: string): string | undefined {
  const clean = decodeURIComponent(sitePath.split('#')[0].split('?')[0]);
  for (const candidate of [path.join(dist, clean), path.join(dist, clean, 'index.html')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

beforeAll(() => {
  const missing = NAMES.filter((name) => !existsSync(path.join(CORPORA, name)));
  if (missing.length > 0)
    throw new Error(
      `Runbook corpora not found: ${missing.map((m) => path.join(CORPORA, m)).join(', ')}. Set PARITYBOOK_CORPORA to the folder holding ${NAMES.join(' and ')}.`,
    );
  project = copyProject('paritybook-import-corpora-');
  for (const name of NAMES) {
    const source = path.join(project, 'tmp-corpora', name);
    cpSync(path.join(CORPORA, name), source, { recursive: true });
    const reportFile = path.join(project, `${name}-report.md`);
    const result = runNpm(project, 'import', [
      source,
      '--into',
      name,
      '--reviewed',
      '2026-11-27',
      '--json',
      '--report',
      reportFile,
    ]);
    expect(result.code, result.stderr).toBe(0);
    reports.set(name, { json: JSON.parse(result.stdout) as ImportReport, markdown: readFileSync(reportFile, 'utf8') });
  }
  rmSync(path.join(project, 'tmp-corpora'), { recursive: true, force: true });
  check = runNpm(project, 'check');
  build = runNpm(project, 'build', ['--skip-snapshot']);
}, 4 * BUILD_BUDGET_MS);

afterAll(async () => {
  if (project) await removeProjectCopy(project);
});

describe('importing real runbook repositories', () => {
  it('passes npm run check and npm run build right after the import', () => {
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/marked needs-review.*npm run check -- --needs-review/);
    expect(build.code, build.stdout + build.stderr).toBe(0);
  });

  it('imports alert runbooks as runbooks and every other page as a guide', () => {
    const gitlab = reports.get('gitlab-runbooks')!.json;
    const prometheus = reports.get('prometheus-operator-runbooks')!.json;
    expect(prometheus.files.filter((f) => f.kind === 'runbooks')).toHaveLength(108);
    expect(gitlab.files.filter((f) => f.kind === 'guides').length).toBeGreaterThan(100);
    expect(gitlab.files.filter((f) => f.kind === 'runbooks').length).toBeGreaterThan(10);
    // Per-service READMEs are overviews, not runbooks.
    const readme = gitlab.files.find((f) => f.source === 'patroni/README.md');
    expect(readme?.kind).toBe('guides');
    expect(gitlab.files.length + gitlab.skipped.filter((f) => f.endsWith('.md')).length).toBe(415);
  });

  it('builds a page for every imported file', () => {
    for (const [name, { json }] of reports) {
      for (const file of json.files)
        expect(builtFile(path.join(project, 'dist'), file.url), `${name}: ${file.source}`).toBeDefined();
    }
  });

  it('shows every referenced image that exists in the source from a file in dist/', () => {
    const dist = path.join(project, 'dist');
    let shown = 0;
    for (const { json } of reports.values()) {
      for (const file of json.files.filter((f) => f.images.length > 0)) {
        const html = readFileSync(builtFile(dist, file.url)!, 'utf8');
        const sources = [...html.matchAll(/<img\b[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
        const local = sources.filter((src) => src.startsWith('/'));
        expect(local.length, `${file.source}: images on the page`).toBeGreaterThanOrEqual(file.images.length);
        for (const src of local) expect(builtFile(dist, src), `${file.source}: ${src}`).toBeDefined();
        shown += local.length;
      }
    }
    expect(shown).toBeGreaterThan(50);
  });

  it('resolves every internal link on the imported pages', () => {
    const dist = path.join(project, 'dist');
    const broken: string[] = [];
    for (const { json } of reports.values()) {
      for (const file of json.files) {
        const html = readFileSync(builtFile(dist, file.url)!, 'utf8');
        for (const [, href] of html.matchAll(/<a\b[^>]*\shref="([^"#][^"]*)"/g)) {
          if (!href.startsWith('/') || href.startsWith('//')) continue;
          if (!builtFile(dist, href.replace(/&amp;/g, '&'))) broken.push(`${file.source} → ${href}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('lists every missing image and every link to a page that was not imported in the report', () => {
    const { json, markdown } = reports.get('gitlab-runbooks')!;
    const missing = json.files.flatMap((f) => f.missing.map((m) => ({ ...m, source: f.source })));
    expect(missing.some((m) => m.kind === 'image')).toBe(true);
    expect(missing.some((m) => m.kind === 'link')).toBe(true);
    for (const item of missing) {
      expect(markdown, `${item.source}: ${item.target}`).toContain(`\`${item.target}\``);
      if (item.kind === 'image') expect(markdown).toContain(`${item.source}:${item.line}`);
    }
  });
});

describe('a hand-written note with a missing local image', () => {
  it('is an npm run check error naming the file and the line', () => {
    const note = path.join(project, 'content', 'runbooks', 'hand-written.md');
    const text = `---\ntitle: Queue backlog\nsummary: The queue grows.\nseverity: low\nowner: imported\nlastReviewed: 2026-11-01\n---\n\n## Meaning\n\nThe queue grows.\n\n![Queue depth](./img/queue.png)\n\n## Mitigation\n\nScale.\n\n## Rollback\n\nScale back.\n`;
    writeFileSync(note, text);
    const result = runNpm(project, 'check');
    rmSync(note);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /content\/runbooks\/hand-written\.md:13 image: found "\.\/img\/queue\.png", but .* does not exist/,
    );
  });
});
