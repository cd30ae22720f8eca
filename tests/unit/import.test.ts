import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../src/content-check/index.ts';
import { importRunbooks, noteUrl, type ImportOptions } from '../../src/import/index.ts';
import {
  closeUnclosedFences,
  convertRunbook,
  removeTocMarkers,
  replaceHugoShortcodes,
} from '../../src/import/markdown.ts';
import { classifyPage } from '../../src/import/index.ts';
import { ownerMap } from '../../src/import/owners.ts';

const CORPUS = path.resolve(import.meta.dirname, '../fixtures/prometheus-operator-runbooks');
const context = (relativePath = 'kubernetes/Example.md') => ({
  relativePath,
  resolveLink: (target: string) => (target.endsWith('Other.md') ? '/runbooks/kubernetes/other/' : undefined),
});

/** Import options for the tests below; each call states only the folder, target and status. */
const importOptions = (
  sourceDir: string,
  contentDir: string,
  into: string,
  status: ImportOptions['status'],
): ImportOptions => ({
  sourceDir,
  contentDir,
  into,
  status,
  owner: 'imported',
  severity: 'medium',
  reviewedOn: '2026-11-27',
});

/** Asserts that the converted body contains every one of `parts`. */
const expectBodyContains = (body: string, ...parts: string[]) => {
  for (const part of parts) expect(body).toContain(part);
};

describe('convertRunbook', () => {
  it('takes title from frontmatter, alert from the file name, summary from Meaning, and drops the H1', () => {
    const out = convertRunbook(
      '---\ntitle: Kube  Pod Crash Looping\nweight: 20\n---\n\n# KubePodCrashLooping\n\n## Meaning\n\nPod is in CrashLoop.\n\n## Impact\n\nBad.\n',
      context('kubernetes/KubePodCrashLooping.md'),
    );
    expect(out.title).toBe('Kube Pod Crash Looping');
    expect(out.alerts).toEqual(['KubePodCrashLooping']);
    expect(out.summary).toBe('Pod is in CrashLoop.');
    expect(out.sections).toEqual(['Meaning', 'Impact']);
    expect(out.body).not.toMatch(/^# /m);
  });

  it('falls back to the H1 for the title when there is no frontmatter', () => {
    const out = convertRunbook('# etcdNoLeader\n\n## Meaning\n\nNo leader.\n', context('etcd/etcdNoLeader.md'));
    expect(out.title).toBe('etcdNoLeader');
    expect(out.alerts).toEqual(['etcdNoLeader']);
  });

  it('turns Hugo ref shortcodes and relative .md links into site links', () => {
    const out = convertRunbook(
      '## Meaning\n\nSee [other]({{< ref "./Other.md" >}}) and [again](Other.md#impact) and [gone](Missing.md).\n',
      context(),
    );
    expectBodyContains(
      out.body,
      '[other](/runbooks/kubernetes/other/)',
      '[again](/runbooks/kubernetes/other/#impact)',
      'gone',
    );
    expect(out.body).not.toContain('Missing.md');
    expect(out.body).not.toContain('{{');
  });

  it('leaves Go templates in code alone', () => {
    const out = convertRunbook(
      '## Diagnosis\n\n```shell\nkubectl get pods -o go-template="{{range .items}}{{.metadata.name}}{{end}}"\n```\n',
      context(),
    );
    expect(out.body).toContain('{{range .items}}{{.metadata.name}}{{end}}');
  });

  it('keeps <details> and <summary>, shows other raw HTML and <placeholders> as text', () => {
    const out = convertRunbook(
      '## Meaning\n\n<details>\n<summary>Full <b>context</b></summary>\n\nInside **markdown**.\n\n</details>\n\nRun it in <namespace> now.\n\n<script>alert(1)</script>\n',
      context(),
    );
    expectBodyContains(out.body, '<details>', '</details>', '<summary>Full context</summary>', 'Inside **markdown**.');
    expect(out.body).not.toMatch(/(^|[^\\])<script>/m);
    expect(out.body).toMatch(/\\<script>|&lt;script/);
    expect(out.body).toMatch(/\\<namespace>|&lt;namespace/);
  });

  it('closes an unclosed fence before the next heading without losing the heading', () => {
    const out = convertRunbook('## Diagnosis\n\n```shell\n$ kubectl get nodes\n\n## Mitigation\n\nTODO\n', context());
    expect(out.sections).toEqual(['Diagnosis', 'Mitigation']);
    expect(out.body).toContain('$ kubectl get nodes');
    expect(out.notes.join(' ')).toMatch(/closed 1 unclosed code fence/);
  });

  it('does not treat "# comment" lines inside a closed fence as headings', () => {
    const text = '```shell\n# sysctl -a\n```\n';
    expect(closeUnclosedFences(text)).toEqual({ text, closed: 0 });
  });

  it('links [text][label] written without a definition when a link with that label exists, keeps the words otherwise', () => {
    const out = convertRunbook(
      '## Mitigation\n\nSee [the docs][1] and [nothing][nope].\n\n- [1](https://example.com/docs)\n',
      context(),
    );
    expectBodyContains(out.body, '[the docs](https://example.com/docs)', 'nothing');
    expect(out.body).not.toContain('[nope]');
  });

  it('drops other shortcode markers but keeps ref targets', () => {
    expect(replaceHugoShortcodes('{{< hint info >}}x{{< /hint >}} {{< ref "a.md" >}}')).toEqual({
      text: 'x a.md',
      replaced: 3,
    });
  });
});

describe('importRunbooks on the shared corpus', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('imports every runbook into notes that pass the content check', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'paritybook-import-'));
    dirs.push(out);
    const report = await importRunbooks(importOptions(CORPUS, out, 'prom', 'needs-review'));
    expect(report.files).toHaveLength(108);
    expect(report.createdTeam).toBe('teams/imported.yaml');
    expect(report.skipped.filter((f) => f.endsWith('.md')).sort()).toContain('_index.md');
    const problems = await checkContent(out, out);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const crash = await readFile(path.join(out, 'runbooks/prom/kubernetes/KubePodCrashLooping.md'), 'utf8');
    expect(crash).toMatch(/^status: needs-review$/m);
    expect(crash).toMatch(/^ {2}- KubePodCrashLooping$/m);
    // The four on-call sections survive wherever the source had them.
    const withAllFour = report.files.filter((f) =>
      ['Meaning', 'Impact', 'Diagnosis', 'Mitigation'].every((s) => f.sections.includes(s)),
    );
    expect(withAllFour.length).toBeGreaterThanOrEqual(103);
    const written = await readdir(path.join(out, 'runbooks/prom'), { recursive: true });
    for (const file of written.filter((f) => f.endsWith('.md'))) {
      const text = await readFile(path.join(out, 'runbooks/prom', file), 'utf8');
      expect(text, file).not.toMatch(/\{\{[<%]/);
    }
    expect(report.files.find((f) => f.source === 'node/NodeRAIDDiskFailure.md')?.url).toBe(
      noteUrl('prom', 'node/NodeRAIDDiskFailure.md'),
    );
  });

  it('keeps the same alert name in two folders apart and gives the alert URL to the first', async () => {
    const source = await mkdtemp(path.join(os.tmpdir(), 'paritybook-dup-'));
    const out = await mkdtemp(path.join(os.tmpdir(), 'paritybook-dup-out-'));
    dirs.push(source, out);
    const { mkdir, writeFile } = await import('node:fs/promises');
    for (const folder of ['a', 'b']) {
      await mkdir(path.join(source, folder));
      await writeFile(path.join(source, folder, 'TargetDown.md'), `# TargetDown\n\n## Meaning\n\nFrom ${folder}.\n`);
    }
    const report = await importRunbooks(importOptions(source, out, '', 'reviewed'));
    expect(report.files.map((f) => f.url)).toEqual(['/runbooks/a/targetdown/', '/runbooks/b/targetdown/']);
    expect(report.files.map((f) => f.alerts)).toEqual([['TargetDown'], []]);
    expect(report.files[1].notes.join(' ')).toContain('also answered by a/TargetDown.md');
    expect((await checkContent(out, out)).filter((p) => p.severity === 'error')).toEqual([]);
    // Importing again overwrites in place; importing into another folder leaves existing alert owners alone.
    const again = await importRunbooks(importOptions(source, out, '', 'reviewed'));
    expect(again.files.map((f) => f.alerts)).toEqual([['TargetDown'], []]);
    const elsewhere = await importRunbooks(importOptions(source, out, 'copy', 'needs-review'));
    expect(elsewhere.files.map((f) => f.alerts)).toEqual([[], []]);
    expect((await checkContent(out, out)).filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('import command', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/import.ts', ...args], { cwd: root, encoding: 'utf8' });

  it('imports a folder and reports what it wrote', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'paritybook-import-cli-'));
    try {
      const result = run(
        path.join(CORPUS, 'etcd'),
        '--out',
        out,
        '--owner',
        'platform',
        '--json',
        '--report',
        path.join(out, 'report.md'),
      );
      expect(result.status, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.files).toHaveLength(7);
      expect(report.createdTeam).toBe('teams/platform.yaml');
      expect(report.files[0].written).toMatch(/^runbooks\/etcd\/etcd\w+\.md$/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('rejects bad options with exit 2', () => {
    const result = run('somewhere', '--status', 'approved');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--status must be reviewed, needs-review or draft, not "approved"');
  });
});

describe('GitLab and Hugo markup', () => {
  const files = new Set(['svc/img/panel.png', 'svc/other.md', 'svc/README.md', 'svc/script.sh']);
  const gitlab = (relativePath = 'svc/page.md') => ({
    relativePath,
    resolveLink: (target: string) =>
      target === 'other.md' ? '/guides/svc/other/' : target === '../svc' ? '/guides/svc/readme/' : undefined,
    findFile: (target: string) => (files.has(`svc/${target}`) ? `svc/${target}` : undefined),
    fileUrl: (file: string) => `/imported/${file}`,
  });

  it('removes [[_TOC_]] with its label, keeping line numbers', () => {
    const out = removeTocMarkers('**Table of Contents**\n\n[[_TOC_]]\n\n# Title\n');
    expect(out).toEqual({ text: '\n\n\n\n# Title\n', removed: 1 });
  });

  it('keeps existing images (alt from the file name when empty), marks missing ones and lists them with their line', () => {
    const out = convertRunbook(
      '# Page\n\n![](img/panel.png)\n\n<img src="img/panel.png" width="300">\n\n![Gone](img/gone.png)\n',
      gitlab(),
    );
    expect(out.images).toEqual(['svc/img/panel.png']);
    expectBodyContains(out.body, '![panel](img/panel.png)', '[Image missing: Gone (img/gone.png)]');
    expect(out.missing).toEqual([{ kind: 'image', target: 'img/gone.png', line: 7 }]);
  });

  it('rewrites links to pages, folders and files, keeps the text of links to what was not imported', () => {
    const out = convertRunbook(
      '[o](other.md#x) [f](../svc) [s](script.sh) [gone](../elsewhere/file.md) [ref][r]\n\n[r]: other.md\n',
      gitlab(),
    );
    expectBodyContains(
      out.body,
      '[o](/guides/svc/other/#x)',
      '[f](/guides/svc/readme/)',
      '[s](/imported/svc/script.sh)',
      '[r]: /guides/svc/other/',
    );
    expect(out.files).toEqual(['svc/script.sh']);
    expect(out.missing).toEqual([{ kind: 'link', target: '../elsewhere/file.md', line: 1 }]);
    expect(out.linksRewritten).toBe(3);
  });

  it('reads TOML frontmatter, drops comments, fixes skipped heading levels', () => {
    const out = convertRunbook(
      '+++\ntitle = "From TOML"\ntags = ["a"]\n+++\n\n<!-- generated -->\n\n## One\n\n#### Deep\n',
      gitlab(),
    );
    expect(out.title).toBe('From TOML');
    expect(out.frontmatter.tags).toEqual(['a']);
    expect(out.body).not.toContain('generated');
    expect(out.body).toContain('### Deep');
  });

  it('tells alert runbooks from guides', () => {
    expect(classifyPage('# KubePodCrashLooping\n', 'k8s/KubePodCrashLooping.md').kind).toBe('runbooks');
    expect(classifyPage('# Disk\n\n## Symptoms\n\n## Resolution\n', 'pg/disk-full.md').kind).toBe('runbooks');
    expect(classifyPage('# Wraparound\n', 'pg/pg_xid_wraparound_alert.md').kind).toBe('runbooks');
    expect(classifyPage('# Redis\n\n## Troubleshooting\n', 'redis/README.md')).toEqual({
      kind: 'guides',
      type: 'overview',
    });
    expect(classifyPage('# Flamegraphs\n', 'tutorials/flamegraphs.md').type).toBe('tutorial');
    expect(classifyPage('# How to rotate keys\n', 'vault/rotate.md').type).toBe('how-to');
  });
});

describe('owners', () => {
  it('takes the last matching CODEOWNERS rule, else the nearest OWNERS file', () => {
    const owners = ownerMap(
      new Map([
        ['CODEOWNERS', '* @acme/sre\n/redis/ @acme/data-stores @alice\n[Docs]\n'],
        ['patroni/OWNERS', 'approvers: [bob]\nreviewers: [carol]\n'],
      ]),
    );
    expect(owners.ownerOf('redis/failover.md')?.id).toBe('data-stores');
    expect(owners.ownerOf('web/README.md')?.id).toBe('sre');
    const withoutCatchAll = ownerMap(new Map([['patroni/OWNERS', 'approvers: [bob]\nreviewers: [carol]\n']]));
    expect(withoutCatchAll.ownerOf('patroni/ha/failover.md')).toMatchObject({
      id: 'patroni',
      people: ['bob', 'carol'],
    });
    expect(withoutCatchAll.ownerOf('web/x.md')).toBeUndefined();
  });
});

describe('a repeated import', () => {
  it('updates in place, keeps frontmatter and bodies edited by hand, writes nothing on --dry-run', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'paritybook-import-again-'));
    try {
      const options = importOptions(path.join(CORPUS, 'etcd'), out, 'etcd', 'needs-review');
      await importRunbooks(options);
      const note = path.join(out, 'runbooks/etcd/etcdNoLeader.md');
      const edited = (await readFile(note, 'utf8')).replace('status: needs-review', 'status: reviewed');
      await writeFile(note, edited);
      const dry = await importRunbooks({ ...options, dryRun: true, reviewedOn: '2026-12-01' });
      expect(dry.dryRun).toBe(true);
      expect(await readFile(note, 'utf8')).toBe(edited);
      const again = await importRunbooks({ ...options, reviewedOn: '2026-12-01' });
      expect(again.files.find((f) => f.source === 'etcdNoLeader.md')?.keptEdits).toEqual(['status']);
      const text = await readFile(note, 'utf8');
      expect(text).toMatch(/^status: reviewed$/m);
      expect(text).toMatch(/^lastReviewed: 2026-11-27$/m);
      const files = await readdir(path.join(out, 'runbooks/etcd'));
      expect(files).toHaveLength(7);
      const third = await importRunbooks({ ...options, reviewedOn: '2026-12-01' });
      expect(third.files.every((f) => f.state === 'unchanged')).toBe(true);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
