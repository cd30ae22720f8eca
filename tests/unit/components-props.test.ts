import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Pages and loaders fetch, components render what they are given: a component that reads a
 * collection itself would resolve references its own way and hide a missing entry from the page.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(astro|ts)$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .sort();
}

const lines = (file: string, pattern: RegExp) =>
  readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .flatMap((line, index) => (pattern.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : []));

describe('components take props', () => {
  it.each(['src/components', 'src/user-components'])('no file in %s reads a collection', (folder) => {
    const files = sourceFiles(folder);
    expect(files.length).toBeGreaterThan(3);
    expect(files.flatMap((file) => lines(file, /getCollection|getEntry/))).toEqual([]);
  });

  it('every page that renders a note body or a checklist sets the route data MDX components read', () => {
    const pages = sourceFiles('src/pages').filter((file) =>
      /<Content\b|<Checklist\b/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(pages).toEqual([
      'src/pages/changes/[...id].astro',
      'src/pages/checklists/[id].astro',
      'src/pages/guides/[...id].astro',
      'src/pages/runbooks/[...id].astro',
    ]);
    for (const page of pages) {
      // The template renders after the whole frontmatter has run, so setting it there comes first.
      const frontmatter = readFileSync(path.join(ROOT, page), 'utf8').split(/^---$/m)[1];
      expect(frontmatter, page).toMatch(/^Astro\.locals\.paritybookRoute = /m);
    }
  });
});
