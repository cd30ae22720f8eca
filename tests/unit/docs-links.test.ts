import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const parser = unified().use(remarkParse).use(remarkGfm).freeze();

/** The project's own documentation: the README, CONTRIBUTING and every page of docs/. */
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Files by their path from the repository root (`docs/x.md`); a folder exists but has no text. */
interface Repo {
  exists(file: string): boolean;
  read(file: string): string | undefined;
}

/** Anchors of a Markdown file as GitHub renders it: github-slugger over each heading's text, in order. */
function anchorsOf(tree: Root): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  visit(tree, 'heading', (heading) => {
    anchors.add(slugger.slug(toString(heading)));
  });
  return anchors;
}

/**
 * Relative links (and their #anchors) of one Markdown file that lead nowhere, as `line: target (why)`.
 * Links with a scheme (https:, mailto:) are not followed; a leading `/` is the repository root, as on GitHub.
 */
function brokenLinks(file: string, text: string, repo: Repo): string[] {
  const tree = parser.parse(text);
  const problems: string[] = [];
  const anchorCache = new Map<string, Set<string>>([[file, anchorsOf(tree)]]);
  const anchorsIn = (target: string) => {
    if (!anchorCache.has(target)) {
      const source = repo.read(target);
      anchorCache.set(target, source === undefined ? new Set() : anchorsOf(parser.parse(source)));
    }
    return anchorCache.get(target)!;
  };
  visit(tree, ['link', 'definition', 'image'], (node) => {
    const url = (node as { url: string }).url;
    const line = node.position?.start.line;
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return;
    const [rawPath, anchor] = url.split('#', 2);
    const pathPart = decodeURIComponent(rawPath);
    const target = !pathPart
      ? file
      : pathPart.startsWith('/')
        ? path.posix.normalize(pathPart.slice(1))
        : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart));
    if (target.startsWith('..')) {
      problems.push(`${line}: ${url} (outside the repository)`);
      return;
    }
    if (!repo.exists(target)) {
      problems.push(`${line}: ${url} (no file ${target})`);
      return;
    }
    if (anchor !== undefined && target.endsWith('.md') && !anchorsIn(target).has(anchor)) {
      problems.push(`${line}: ${url} (${target} has no heading #${anchor})`);
    }
  });
  return problems;
}

/** The working tree: files and folders by their path from the repository root. */
const workingTree: Repo = {
  exists: (file) => existsSync(path.join(ROOT, file)),
  read: (file) => {
    const absolute = path.join(ROOT, file);
    return existsSync(absolute) && statSync(absolute).isFile() ? readFileSync(absolute, 'utf8') : undefined;
  },
};

describe('documentation links', () => {
  it.each(DOCS)('every relative link and anchor in %s resolves', (file) => {
    expect(brokenLinks(file, workingTree.read(file)!, workingTree)).toEqual([]);
  });

  it('finds the documentation pages it checks', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/README.md']));
  });

  it('reports a missing file, a missing heading and a link out of the repository', () => {
    const pages: Record<string, string> = {
      'docs/a.md': [
        '# A',
        '## Same title',
        '## Same title',
        'See [b](b.md#usage), [b again](./b.md#nothing-here), [gone](c.md), [self](#same-title-1),',
        '[self, wrong](#same-title-2), [root](/docs/b.md), [up](../../x.md) and [web](https://example.com/#x).',
      ].join('\n'),
      'docs/b.md': '# B\n\n## Usage\n',
    };
    const repo: Repo = { exists: (file) => file in pages, read: (file) => pages[file] };
    expect(brokenLinks('docs/a.md', pages['docs/a.md'], repo)).toEqual([
      '4: ./b.md#nothing-here (docs/b.md has no heading #nothing-here)',
      '4: c.md (no file docs/c.md)',
      '5: #same-title-2 (docs/a.md has no heading #same-title-2)',
      '5: ../../x.md (outside the repository)',
    ]);
  });
});

describe('README', () => {
  it('stays a front door of at most 250 lines; the rest lives in docs/', () => {
    expect(workingTree.read('README.md')!.split('\n').length).toBeLessThanOrEqual(250);
  });
});
