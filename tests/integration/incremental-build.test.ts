/**
 * Incremental builds are right: a generated knowledge base is built, a few notes change (a title,
 * tags and an alert; one note removed), and the build that reuses unchanged pages must give the
 * same dist/ as a cold build of the same content, file by file. Names of hashed assets are
 * compared by their stem, and the two things a build stamps with its clock are set aside: the
 * service worker's build time and a service page's "N min old at build".
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKnowledgeBase, writeKnowledgeBase, type GeneratedNote } from '../../scripts/bench/generate.ts';
import { BUILD_BUDGET_MS } from '../support/budgets.ts';
import { copyProject, removeProjectCopy, runNpm, type CommandResult } from '../support/project-copy.ts';

let project: string;
let incremental: CommandResult;
let cold: CommandResult;
let incrementalDist: Map<string, string>;
let coldDist: Map<string, string>;
let edited: GeneratedNote;
let removed: GeneratedNote;
const NEW_TITLE = 'Renamed after the first build to prove dependants follow';
const NEW_TAG = 'added-after-first-build';
const NEW_ALERT = 'AddedAfterFirstBuildAlert';

/** `index.abc123XY.js` → `index.*.js`: Astro's and Vite's content hashes, set aside by the comparison. */
const unhash = (text: string) => text.replace(/(\/_astro\/[\w-]+?)\.[\w-]{8}\.(js|css)/g, '$1.*.$2');

/** Every file of a build as path → normalised text (or a hash, for binaries). */
function readBuild(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = unhash(`/${path.relative(dir, full).split(path.sep).join('/')}`);
    const body = readFileSync(full);
    if (!/\.(?:html|js|css|json|txt|xml|conf)$|_headers$/.test(rel)) {
      files.set(rel, createHash('sha256').update(body).digest('hex'));
      continue;
    }
    files.set(
      rel,
      unhash(body.toString('utf8'))
        .replace(/"(builtAt|updatedAt)":"[^"]+"/g, '"$1":"<build time>"')
        .replace(/\(\d{4}-\d\d-\d\dT[\d:.]+Z\)/g, '(<build time>)')
        .replace(/\((?:less than a minute|\d+ (?:min|h|days)) old at\s+build\)/g, '(<age> old at build)'),
    );
  }
  return files;
}

function edit(file: string, change: (text: string) => string) {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

beforeAll(async () => {
  const kb = generateKnowledgeBase({ notes: 60, seed: 11 });
  const content = path.join(os.tmpdir(), `paritybook-incremental-content-${process.pid}`);
  await writeKnowledgeBase(kb, content);
  project = copyProject('paritybook-incremental-', content);
  rmSync(content, { recursive: true, force: true });

  const first = runNpm(project, 'build', ['--skip-snapshot']);
  expect(first.code, first.stderr).toBe(0);

  // A runbook that shares a service with others, so related notes, lists and tag pages depend on it.
  edited = kb.notes.find((note) => note.kind === 'runbook' && !note.needsReview && note.components.length > 0)!;
  removed = kb.notes.find((note) => note.kind === 'change' && note !== edited)!;
  edit(path.join(project, 'content', edited.file), (text) =>
    text
      .replace(/^title: .*$/m, `title: ${NEW_TITLE}`)
      .replace(/^tags:\n/m, `tags:\n  - ${NEW_TAG}\n`)
      .replace(/^alerts:\n/m, `alerts:\n  - ${NEW_ALERT}\n`),
  );
  rmSync(path.join(project, 'content', removed.file));

  incremental = runNpm(project, 'build', ['--skip-snapshot']);
  expect(incremental.code, incremental.stderr).toBe(0);
  incrementalDist = readBuild(path.join(project, 'dist'));
  const kept = path.join(project, 'dist-incremental');
  cpSync(path.join(project, 'dist'), kept, { recursive: true });

  // Cold: no content store, no cached pages, nothing from the builds before.
  for (const cache of ['node_modules/.astro', 'node_modules/.vite', '.astro'])
    rmSync(path.join(project, cache), { recursive: true, force: true });
  cold = runNpm(project, 'build', ['--skip-snapshot']);
  expect(cold.code, cold.stderr).toBe(0);
  coldDist = readBuild(path.join(project, 'dist'));
}, 3 * BUILD_BUDGET_MS);

afterAll(async () => {
  if (project) await removeProjectCopy(project);
});

describe('incremental build', () => {
  it('reuses unchanged pages from the previous build instead of rendering them', () => {
    const output = `${incremental.stdout}${incremental.stderr}`;
    const restored = output.match(/\(restored\)/g)?.length ?? 0;
    expect(restored).toBeGreaterThan(30);
    expect(`${cold.stdout}${cold.stderr}`).not.toContain('(restored)');
  });

  it('gives the same dist/ as a cold build of the same content, file by file', () => {
    expect([...incrementalDist.keys()].sort()).toEqual([...coldDist.keys()].sort());
    const differing = [...coldDist].filter(([file, body]) => incrementalDist.get(file) !== body).map(([file]) => file);
    expect(differing).toEqual([]);
  });

  it('shows the change wherever it is shown: the page, related notes, tags, alerts, lists, search, offline copy', () => {
    const page = coldDist.get(`/runbooks/${edited.id}/index.html`)!;
    expect(page).toContain(NEW_TITLE);
    const mentioning = [...incrementalDist].filter(
      ([file, body]) => file.endsWith('.html') && body.includes(NEW_TITLE),
    );
    // Its own page, the runbook list, its new tag's and alert's pages, and notes that list it as related.
    expect(mentioning.map(([file]) => file)).toEqual(
      expect.arrayContaining([
        `/runbooks/${edited.id}/index.html`,
        '/runbooks/index.html',
        `/tags/${NEW_TAG}/index.html`,
        `/alerts/${NEW_ALERT}/index.html`,
      ]),
    );
    expect(mentioning.length).toBeGreaterThan(4);
    expect(incrementalDist.has(`/changes/${removed.id}/index.html`)).toBe(false);
    expect([...incrementalDist.values()].some((body) => body.includes(`/changes/${removed.id}/`))).toBe(false);
    // The search index and the offline copy are written from the new pages, so they match the cold build's too
    // (the comparison above covers every file under /pagefind/ and sw.js); the new alert is in the vocabulary.
    const vocabulary = [...incrementalDist].filter(([file]) => file.startsWith('/pagefind/vocabulary/'));
    expect(vocabulary.some(([, body]) => body.toLowerCase().includes(NEW_ALERT.toLowerCase()))).toBe(true);
  });
});
