/**
 * Imports a folder of existing Markdown runbooks (Hugo, GitHub, plain CommonMark) as typed runbooks.
 * Usage: npm run import -- <dir> [--out content] [--status needs-review] [--owner imported]
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatImportReport, ImportError, importRunbooks, summariseImport } from '../src/import/index.ts';
import { defineCommand, runMain, UsageError } from './lib/cli.ts';

const STATUSES = ['reviewed', 'needs-review', 'draft'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

export const importCommand = defineCommand({
  name: 'import',
  summary: `Turns every Markdown file under <dir> into a runbook (alert pages) under <out>/runbooks/<into>/
or a guide (how-tos, tutorials, references, READMEs) under <out>/guides/<into>/. Copies the
images pages show, rewrites relative links, maps CODEOWNERS/OWNERS to teams, and writes a
report. Running it again updates the same files and keeps frontmatter edited by hand.`,
  positionals: { label: '<dir>', description: 'folder of Markdown runbooks to import' },
  options: {
    out: { type: 'string', default: 'content', value: 'dir', description: 'content folder to write into' },
    into: {
      type: 'string',
      value: 'name',
      description: "sub-folder of runbooks/; '' for none",
      defaultText: "the imported folder's name",
    },
    status: {
      type: 'string',
      default: 'needs-review',
      value: 's',
      description: `${STATUSES.join(' | ')}; needs-review is kept out of search`,
    },
    owner: {
      type: 'string',
      default: 'imported',
      value: 'team',
      description: 'team id owning the notes; its team file is created if missing',
    },
    severity: {
      type: 'string',
      default: 'medium',
      value: 's',
      description: `${SEVERITIES.join(' | ')}, when the source gives none`,
    },
    reviewed: { type: 'string', value: 'date', description: 'lastReviewed date, YYYY-MM-DD', defaultText: 'today' },
    report: {
      type: 'string',
      value: 'file',
      description: 'Markdown report to write',
      defaultText: 'import-report.md beside <out>',
    },
    'dry-run': { type: 'boolean', default: false, description: 'report what would be imported, write nothing' },
    json: { type: 'boolean', default: false, description: 'print the report as JSON' },
  },
  exitCodes: { 0: 'imported', 1: 'the import failed', 2: 'usage error' },
  errors: [{ type: ImportError, exitCode: 1 }],
  unexpectedExitCode: 1,
  async run({ values, positionals, log }) {
    const reviewed = values.reviewed ?? new Date().toISOString().slice(0, 10);
    const problems: string[] = [];
    if (positionals.length !== 1) problems.push('give exactly one folder to import');
    if (!(STATUSES as readonly string[]).includes(values.status))
      problems.push(`--status must be reviewed, needs-review or draft, not "${values.status}"`);
    if (!(SEVERITIES as readonly string[]).includes(values.severity))
      problems.push(`--severity must be critical, high, medium, low or info, not "${values.severity}"`);
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(values.owner))
      problems.push(`--owner must be a team id like "platform", not "${values.owner}"`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(reviewed))
      problems.push(`--reviewed must be a date like 2026-11-27, not "${reviewed}"`);
    if (problems.length > 0) throw new UsageError(problems.join('\n'));
    const sourceDir = path.resolve(positionals[0]);
    const contentDir = path.resolve(values.out);
    const into =
      values.into ??
      path
        .basename(sourceDir)
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-');
    const report = await importRunbooks({
      sourceDir,
      contentDir,
      into,
      status: values.status as (typeof STATUSES)[number],
      owner: values.owner,
      severity: values.severity as (typeof SEVERITIES)[number],
      reviewedOn: reviewed,
      dryRun: values['dry-run'],
      onFile: (file) => {
        if (!values.json)
          log(
            `${file.state} ${file.source} -> ${file.written}${file.notes.length ? ` (${file.notes.join('; ')})` : ''}`,
          );
      },
    });
    const markdown = formatImportReport(report, {
      source: positionals[0],
      into,
      status: values.status,
      owner: values.owner,
    });
    const reportFile = values.report ?? path.join(path.dirname(contentDir), 'import-report.md');
    if (!values['dry-run']) await writeFile(reportFile, markdown);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${summariseImport(report, into)}\n`);
    if (report.createdTeam)
      process.stdout.write(
        `Created ${path.join(values.out, report.createdTeam)}: give the notes a real owner before review.\n`,
      );
    if (values.status === 'needs-review')
      process.stdout.write('Notes marked needs-review stay out of search until someone reviews them.\n');
    process.stdout.write(
      values['dry-run']
        ? 'Dry run: nothing written.\n'
        : `Report: ${path.relative(process.cwd(), reportFile)}. Next: npm run check, then npm run build.\n`,
    );
  },
});

if (import.meta.main) await runMain(importCommand);
