/**
 * Imports a folder of existing Markdown runbooks (Hugo, GitHub, plain CommonMark) as typed runbooks.
 * Usage: npm run import -- <dir> [--out content] [--status needs-review] [--owner imported]
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatImportReport, ImportError, importRunbooks, summariseImport } from '../src/import/index.ts';

const HELP = `Usage: npm run import -- <dir> [options]

Turns every Markdown file under <dir> into a runbook (alert pages) under <out>/runbooks/<into>/
or a guide (how-tos, tutorials, references, READMEs) under <out>/guides/<into>/. Copies the
images pages show, rewrites relative links, maps CODEOWNERS/OWNERS to teams, and writes a
report. Running it again updates the same files and keeps frontmatter edited by hand.

Options:
  --out <dir>        content folder to write into (default: content)
  --into <name>      sub-folder of runbooks/ (default: the imported folder's name; '' for none)
  --status <s>       reviewed | needs-review | draft (default: needs-review, kept out of search)
  --owner <team>     team id owning the notes (default: imported; team file created if missing)
  --severity <s>     critical | high | medium | low | info, when the source gives none (default: medium)
  --reviewed <date>  lastReviewed date, YYYY-MM-DD (default: today)
  --report <file>    Markdown report to write (default: import-report.md beside <out>)
  --dry-run          report what would be imported, write nothing
  --json             print the report as JSON
  -h, --help         show this help
`;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function run(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'content' },
      into: { type: 'string' },
      status: { type: 'string', default: 'needs-review' },
      owner: { type: 'string', default: 'imported' },
      severity: { type: 'string', default: 'medium' },
      reviewed: { type: 'string', default: new Date().toISOString().slice(0, 10) },
      report: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const problems: string[] = [];
  if (positionals.length !== 1) problems.push('give exactly one folder to import');
  if (!['reviewed', 'needs-review', 'draft'].includes(values.status))
    problems.push(`--status must be reviewed, needs-review or draft, not "${values.status}"`);
  if (!['critical', 'high', 'medium', 'low', 'info'].includes(values.severity))
    problems.push(`--severity must be critical, high, medium, low or info, not "${values.severity}"`);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(values.owner))
    problems.push(`--owner must be a team id like "platform", not "${values.owner}"`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.reviewed))
    problems.push(`--reviewed must be a date like 2026-11-27, not "${values.reviewed}"`);
  if (problems.length > 0) {
    log(problems.map((p) => `import: ${p}`).join('\n'));
    log('Run with --help for usage.');
    return 2;
  }
  const sourceDir = path.resolve(positionals[0]);
  const into =
    values.into ??
    path
      .basename(sourceDir)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-');
  const report = await importRunbooks({
    sourceDir,
    contentDir: path.resolve(values.out),
    into,
    status: values.status as 'reviewed',
    owner: values.owner,
    severity: values.severity as 'medium',
    reviewedOn: values.reviewed,
    dryRun: values['dry-run'],
    onFile: (file) => {
      if (!values.json)
        log(`${file.state} ${file.source} -> ${file.written}${file.notes.length ? ` (${file.notes.join('; ')})` : ''}`);
    },
  });
  const markdown = formatImportReport(report, {
    source: positionals[0],
    into,
    status: values.status,
    owner: values.owner,
  });
  const reportFile = values.report ?? path.join(path.dirname(path.resolve(values.out)), 'import-report.md');
  if (!values['dry-run']) await writeFile(reportFile, markdown);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
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
  }
  return 0;
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ImportError) {
      log(`import: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  },
);
