import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from '../../scripts/bench/args.ts';
import { inlineScripts, measureDist, scriptRefs, staticImports } from '../../scripts/bench/dist.ts';
import { generateKnowledgeBase, summarise, writeKnowledgeBase, writePeerNotes } from '../../scripts/bench/generate.ts';
import { renderMarkdown, summariseSite, type BenchReport } from '../../scripts/bench/report.ts';
import { parseTimeOutput, phasesOf, treeRss } from '../../scripts/bench/run.ts';
import { formatBytes, median, perThousand, ratio } from '../../scripts/bench/stats.ts';
import { checkContent } from '../../src/content-check/index.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('bench arguments', () => {
  it('has defaults for everything', () => {
    expect(parseBenchArgs([])).toEqual({
      notes: 1000,
      runs: 1,
      seed: 42,
      json: false,
      vs: null,
      format: 'mdx',
      search: true,
      incremental: true,
      out: 'bench/results',
      timeout: 900,
      summary: false,
      help: false,
    });
  });

  it('reads notes, runs, peer and switches', () => {
    const args = parseBenchArgs([
      '--notes',
      '5000',
      '--runs',
      '3',
      '--vs',
      'starlight',
      '--json',
      '--no-search',
      '--no-incremental',
    ]);
    expect(args).toMatchObject({
      notes: 5000,
      runs: 3,
      vs: 'starlight',
      json: true,
      search: false,
      incremental: false,
    });
    expect(parseBenchArgs(['-n', '200', '--vs=bare']).vs).toBe('bare');
    expect(parseBenchArgs(['--format', 'md']).format).toBe('md');
    expect(() => parseBenchArgs(['--format', 'html'])).toThrow('--format takes mdx or md, got "html"');
  });

  it.each([
    [['--notes', '0'], '--notes must be between 1 and 100000, got 0'],
    [['--notes', '1.5'], '--notes takes a whole number, got "1.5"'],
    [['--runs=-2'], '--runs takes a whole number, got "-2"'],
    [['--vs', 'docusaurus'], '--vs takes one of bare, starlight, starlight-small, got "docusaurus"'],
    [['--seed', 'abc'], '--seed takes a whole number, got "abc"'],
    [['--fast'], "Unknown option '--fast'"],
    [['1000'], "Unexpected argument '1000'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });

  it('the command prints help and exits 0, and exits 2 with the reason on a bad argument', () => {
    const help = spawnSync(process.execPath, [path.join(root, 'scripts/bench.ts'), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('npm run bench -- [--notes N]');
    expect(help.stdout.split('\n').length).toBeLessThan(30);
    const bad = spawnSync(process.execPath, [path.join(root, 'scripts/bench.ts'), '--notes', 'many'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--notes takes a whole number, got "many"');
    expect(bad.stdout).toBe('');
  });
});

describe('knowledge base generator', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bench-gen-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the same knowledge base for the same seed, and another for another seed', () => {
    const a = generateKnowledgeBase({ notes: 300, seed: 7 });
    const b = generateKnowledgeBase({ notes: 300, seed: 7 });
    const c = generateKnowledgeBase({ notes: 300, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.notes)).not.toBe(JSON.stringify(c.notes));
    // A larger knowledge base starts with a different shape (more services), but is as deterministic.
    expect(JSON.stringify(generateKnowledgeBase({ notes: 2000, seed: 7 }))).toBe(
      JSON.stringify(generateKnowledgeBase({ notes: 2000, seed: 7 })),
    );
  });

  it('mixes runbooks and change notes, about 10 % needs-review, realistic length', () => {
    const kb = generateKnowledgeBase({ notes: 2000, seed: 42 });
    const summary = summarise(kb, 42);
    expect(summary.notes).toBe(2000);
    expect(summary.runbooks / 2000).toBeGreaterThan(0.65);
    expect(summary.runbooks / 2000).toBeLessThan(0.75);
    expect(summary.needsReview / 2000).toBeGreaterThan(0.08);
    expect(summary.needsReview / 2000).toBeLessThan(0.12);
    // Real notes use components; the loader's Markdown shortcut does not apply to these.
    expect(summary.notesWithComponents / 2000).toBeGreaterThanOrEqual(0.2);
    expect(summary.notesWithComponents / 2000).toBeLessThan(0.3);
    const names = new Set(kb.notes.flatMap((note) => note.components));
    expect([...names].sort()).toEqual(['Callout', 'Checklist', 'Command', 'Metric']);
    expect(summary.services).toBe(100);
    expect(summary.teams).toBe(17);
    expect(summary.avgWords).toBeGreaterThan(550);
    expect(summary.maxWords).toBeLessThan(1000);
    const runbook = kb.notes.find((note) => note.kind === 'runbook')!;
    expect(runbook.body).toMatch(/^\| Check \| Where \| Healthy \| Firing \|$/m);
    expect(runbook.body).toMatch(/^- \[x\] /m);
    expect(runbook.body).toMatch(/^```python$/m);
    expect(runbook.body.indexOf('## Meaning')).toBeLessThan(runbook.body.indexOf('## Escalation'));
  });

  it('answers every alert in exactly one runbook, and ids are unique', () => {
    const kb = generateKnowledgeBase({ notes: 3000, seed: 1 });
    const alerts = kb.notes.flatMap((note) => (note.kind === 'runbook' ? (note.data.alerts as string[]) : []));
    expect(new Set(alerts).size).toBe(alerts.length);
    expect(new Set(kb.notes.map((note) => note.id)).size).toBe(kb.notes.length);
  });

  it('keeps MDX-sensitive characters inside code, so bodies compile as MDX anywhere', () => {
    const kb = generateKnowledgeBase({ notes: 500, seed: 3 });
    for (const note of kb.notes) {
      const prose = note.body
        .replace(/```[\s\S]*?```/g, '')
        .replace(/`[^`\n]*`/g, '')
        .replace(/^<(Callout|Checklist|Command|Metric)\b.*$|^<\/Callout>$/gm, '');
      expect(prose, note.id).not.toMatch(/[{}<>]/);
    }
  });

  it('writes content that passes the project schemas and reference checks', async () => {
    const kb = generateKnowledgeBase({ notes: 400, seed: 42 });
    const content = path.join(dir, 'content');
    await writeKnowledgeBase(kb, content);
    const problems = await checkContent(content, dir);
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const peer = path.join(dir, 'peer');
    await writePeerNotes(kb, peer, path.join(dir, 'peer-components'));
    const plain = kb.notes.find((note) => note.components.length === 0)!;
    const text = await readFile(path.join(peer, `${plain.id}.mdx`), 'utf8');
    expect(text).toMatch(/^---\ntitle: /);
    expect(text).toMatch(/\nseverity: sev[1-4]\n/);
    expect(text).toContain(plain.body);
    const withComponents = kb.notes.find((note) => note.components.includes('Checklist'))!;
    const mdxText = await readFile(path.join(peer, `${withComponents.id}.mdx`), 'utf8');
    expect(mdxText).toContain("import Checklist from '../peer-components/Checklist.astro';");
    expect(await readFile(path.join(dir, 'peer-components', 'Checklist.astro'), 'utf8')).toContain('Astro.props');
    const md = generateKnowledgeBase({ notes: 10, seed: 42, format: 'md' });
    expect(md.notes.every((note) => note.file.endsWith('.md'))).toBe(true);
    expect(md.notes.every((note) => note.components.length === 0)).toBe(true);
    const mdx = generateKnowledgeBase({ notes: 10, seed: 42 }).notes;
    expect(md.notes.map((note) => note.body)).toEqual(
      mdx.map((note, i) => (note.components.length ? md.notes[i].body : note.body)),
    );
  });
});

describe('statistics', () => {
  it('takes medians of odd and even counts and skips missing values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null, 5, undefined, Number.NaN])).toBe(5);
    expect(median([])).toBeNull();
  });

  it('computes ratios and seconds per 1,000 notes', () => {
    expect(ratio(75, 60)).toBe(1.25);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 3)).toBeNull();
    expect(perThousand(61.35, 5000)).toBeCloseTo(12.27, 5);
    expect(perThousand(null, 5000)).toBeNull();
    expect(formatBytes(15 * 1024)).toBe('15.0 KiB');
    expect(formatBytes(3 * 1024 * 1024 * 1024)).toBe('3072 MiB');
  });
});

describe('build measurement', () => {
  it('splits a build log into phases that add up to the wall time', () => {
    const lines = [
      { ms: 900, text: '10:00:00 [content] Syncing content' },
      { ms: 2900, text: '10:00:02 [content] Synced content' },
      { ms: 3000, text: '10:00:03 [build] Collecting build info...' },
      { ms: 3100, text: '10:00:03 [build] Building static entrypoints...' },
      { ms: 9100, text: '10:00:09 [vite] ✓ built in 6.0s' },
      { ms: 9200, text: ' generating static routes ' },
      { ms: 12000, text: '10:00:12 ✓ Completed in 1m 2s.' },
      { ms: 12500, text: '10:00:12 [paritybook-search] Indexing the built pages for search' },
      { ms: 14000, text: '10:00:14 [build] 901 page(s) built in 13s' },
    ];
    const phases = phasesOf(lines, 14.5);
    expect(phases.map((phase) => [phase.name, Number(phase.seconds.toFixed(2))])).toEqual([
      ['start-up, config, content check', 0.9],
      ['content sync', 2],
      ['types', 0.1],
      ['collect build info', 0.1],
      ['vite bundle', 6.1],
      ['render routes', 2.8],
      ['after render (integrations: search index, ...)', 0.5],
      ['search index', 1.5],
      ['finish', 0.5],
    ]);
    expect(phases.reduce((sum, phase) => sum + phase.seconds, 0)).toBeCloseTo(14.5, 6);
    const withMemory = phasesOf(lines, 14.5, [
      [500, 100],
      [4000, 900],
      [8000, 1200],
      [10000, 700],
      [14400, 300],
    ]);
    expect(withMemory.find((phase) => phase.name === 'vite bundle')?.peakRssBytes).toBe(1200);
    expect(withMemory.find((phase) => phase.name === 'render routes')?.peakRssBytes).toBe(700);
    expect(withMemory.find((phase) => phase.name === 'types')?.peakRssBytes).toBeUndefined();
  });

  it('reads /usr/bin/time output and the RSS of a live process tree', () => {
    expect(parseTimeOutput('Command exited with non-zero status 1\n12.34 20.10 1.50 1843200\n')).toEqual({
      wall: 12.34,
      cpu: 21.6,
      maxRssBytes: 1843200 * 1024,
    });
    expect(parseTimeOutput('garbage')).toBeNull();
    const own = treeRss(process.pid);
    expect(own.total).toBeGreaterThan(10 * 1024 * 1024);
    expect(own.total).toBeGreaterThanOrEqual(own.largest);
  });
});

describe('dist measurement', () => {
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(os.tmpdir(), 'bench-dist-'));
    await mkdir(path.join(dist, 'runbooks/disk-full-00001'), { recursive: true });
    await mkdir(path.join(dist, '_astro'), { recursive: true });
    await mkdir(path.join(dist, 'pagefind'), { recursive: true });
    const page = `<!doctype html><html><head><link rel="stylesheet" href="/_astro/a.css"><script type="module" src="/_astro/page.js"></script>
<script type="application/ld+json">{"a":1}</script><script>document.documentElement.dataset.theme='dark'</script></head><body>${'<p>Disk full</p>'.repeat(200)}</body></html>`;
    await writeFile(path.join(dist, 'runbooks/disk-full-00001/index.html'), page);
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>home</title>');
    await writeFile(
      path.join(dist, '_astro/page.js'),
      `import{a}from"./shared.js";import "./side.js";a(${JSON.stringify('x'.repeat(3000))});`,
    );
    await writeFile(path.join(dist, '_astro/shared.js'), 'export const a=(x)=>console.log(x);');
    await writeFile(path.join(dist, '_astro/side.js'), 'window.side=1;');
    await writeFile(path.join(dist, '_astro/lazy.js'), 'x'.repeat(50_000));
    await writeFile(path.join(dist, '_astro/a.css'), 'body{margin:0}');
    await writeFile(path.join(dist, 'pagefind/pagefind.js'), 'export const search=1;');
    await writeFile(path.join(dist, 'pagefind/pagefind-entry.json'), '{}');
  });
  afterAll(async () => {
    await rm(dist, { recursive: true, force: true });
  });

  it('finds scripts, module preloads, inline code and static imports', () => {
    const html =
      '<script type="module" src="/_astro/a.js"></script><link rel="modulepreload" href="/_astro/b.js"><script>x()</script><script type="application/json">{}</script>';
    expect(scriptRefs(html)).toEqual(['/_astro/a.js', '/_astro/b.js']);
    expect(inlineScripts(html)).toEqual(['x()']);
    expect(
      staticImports(
        'import{a as b}from"./x.js";import "./y.js";export * from "./z.js";const l=()=>import("./lazy.js")',
      ),
    ).toEqual(['./x.js', './y.js', './z.js']);
  });

  it('measures runbook pages, their JS closure (not lazy chunks) and the index', async () => {
    const measure = await measureDist(dist, new Set(['disk-full-00001']));
    expect(measure.totalFiles).toBe(9);
    expect(measure.runbookPages).toBe(1);
    expect(measure.indexDir).toBe('pagefind');
    expect(measure.indexFiles).toBe(2);
    expect(measure.sample[0].url).toBe('/runbooks/disk-full-00001/');
    expect(measure.sample[0].jsFiles).toBe(3);
    expect(measure.medianRunbookJsGzipBytes).toBeGreaterThan(30);
    expect(measure.medianRunbookJsGzipBytes).toBeLessThan(400);
    expect(measure.medianRunbookHtmlGzipBytes).toBeLessThan(measure.medianRunbookHtmlBytes!);
  });
});

describe('report', () => {
  const run = (wallSeconds: number, peak: number) => ({
    wallSeconds,
    cpuSeconds: wallSeconds * 1.5,
    peakTreeRssBytes: peak,
    maxProcessRssBytes: peak,
    exitCode: 0,
    index: 'build' as const,
    phases: [{ name: 'vite bundle', seconds: wallSeconds / 2 }],
  });
  const report: BenchReport = {
    notes: 5000,
    runs: 3,
    seed: 42,
    kb: {
      notes: 5000,
      runbooks: 3500,
      changes: 1500,
      needsReview: 500,
      notesWithComponents: 1250,
      services: 250,
      teams: 42,
      avgWords: 700,
      minWords: 400,
      maxWords: 880,
      seed: 42,
    },
    environment: {
      date: '2026-11-27T18:00:00Z',
      commit: 'abc1234',
      node: 'v24.21.0',
      cpus: 2,
      cpuModel: 'Test CPU',
      memTotalBytes: 2 ** 34,
      memAvailableBytesAtStart: 2 ** 33,
      loadAverageStart: [1, 1, 1],
      loadAverageEnd: [2, 2, 2],
      rssMethod: 'polled',
    },
    sites: [
      { name: 'paritybook', runs: [run(70, 4e9), run(60, 3e9), run(65, 3.5e9)] },
      { name: 'bare', runs: [run(52, 4e9), run(50, 4e9), run(54, 4e9)] },
    ],
  };

  it('reports medians, seconds per 1,000 notes and ratios to the peer', () => {
    expect(summariseSite(report.sites[0], 5000)).toMatchObject({
      wallSeconds: 65,
      secondsPer1000: 13,
      cpuSeconds: 97.5,
    });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| build wall s, cold (median) | 65.00 | 52.00 | 1.25× |');
    expect(markdown).toContain('| s per 1,000 notes | 13.00 | 10.40 | 1.25× |');
    expect(markdown).toContain('| vite bundle | 32.50 | – | 26.00 | – |');
    expect(markdown).not.toContain('cold first query');
  });

  it('summarises several result files into one growth table', async () => {
    const { renderSummary } = await import('../../scripts/bench/report.ts');
    const small = { ...report, notes: 1000, sites: [{ name: 'paritybook', runs: [run(12, 1e9)] }] };
    const table = renderSummary([report, small]);
    const rows = table.trim().split('\n').slice(2);
    expect(rows.map((row) => row.split(' | ').slice(0, 2).join(' | '))).toEqual([
      '| bare | 5,000',
      '| paritybook | 1,000',
      '| paritybook | 5,000',
    ]);
    expect(rows[1]).toContain('| 12.00 | 12.00 | 18.00 | 18.00 |');
    expect(parseBenchArgs(['--summary']).summary).toBe(true);
  });
});

describe('related notes cost', () => {
  it('times related notes for every generated note with the project index', async () => {
    const { timeRelatedNotes } = await import('../../scripts/bench/components.ts');
    const timing = timeRelatedNotes(generateKnowledgeBase({ notes: 200, seed: 5 }));
    expect(timing.calls).toBe(200);
    expect(timing.seconds).toBeGreaterThan(0);
    expect(timing.name).toMatch(/src\/lib\/related\.ts/);
  });
});

describe('targets', () => {
  it('judges the floor ratio, memory, JS weight and the incremental build', async () => {
    const { targetLines, summariseSite } = await import('../../scripts/bench/report.ts');
    const run = (wallSeconds: number, peak: number) => ({
      wallSeconds,
      cpuSeconds: wallSeconds,
      peakTreeRssBytes: peak,
      maxProcessRssBytes: peak,
      exitCode: 0,
      index: 'build' as const,
      phases: [],
    });
    const sites = [
      {
        name: 'paritybook',
        runs: [run(70, 5e9)],
        incremental: run(69, 5e9),
        dist: { medianRunbookJsGzipBytes: 9000 } as never,
      },
      { name: 'bare', runs: [run(50, 4e9)] },
    ];
    const report = { notes: 5000, sites, kb: { notesWithComponents: 1250 } } as never;
    const lines = targetLines(
      report,
      sites.map((site) => summariseSite(site as never, 5000)),
    );
    expect(lines).toEqual([
      '- cold build at most 1.0× the floor, 1250 of 5000 notes using components: 1.40× wall, 1.40× CPU: missed',
      '- peak memory no more than the floor: 1.25×: missed',
      '- JS per runbook page at most 15 kB gzip before search opens: 8.8 KiB: met',
      '- one changed note at most 0.25× the cold build: 69.00 s vs 70.00 s, 0.99×: missed',
    ]);
    const fast = summariseSite({ ...sites[0], incremental: run(14, 5e9) } as never, 5000);
    expect(fast.incrementalRatio).toBeCloseTo(0.2, 5);
  });
});
