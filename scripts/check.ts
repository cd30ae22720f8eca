/**
 * npm run check: everything CI rejects in the knowledge base, in a second, without building the site.
 * Also the weekly review reminder (--due).
 */
import { resolveContentDir } from '../src/collections.ts';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  applyStrict,
  CheckUnavailableError,
  formatReport,
  githubAnnotations,
  jsonReport,
  loadContext,
  reviewsOf,
  runChecks,
  type CheckContext,
} from '../src/content-check/index.ts';
import { describeReview, groupByOwner, isoDay, reviewToday } from '../src/lib/review.ts';
import { noteHistory } from '../src/lib/note-history.ts';

const HELP = `Usage: npm run check -- [options]

Reports everything CI rejects in content/: schema errors, unknown owners, services
and checklists, duplicate alerts, broken links and anchors, images without alt text,
runbooks missing Mitigation or Rollback, change notes without rollback or expected
result, MDX that does not parse, dates that are no calendar day; and what the build
must not publish: symbolic links, javascript:/data: links, <script>, on*= handlers
and embeds, file names that make no page or one page twice. Overdue reviews and
leftover TODOs are warnings.

Options:
  --strict               treat warnings as errors
  --needs-review         list the warnings of notes marked needs-review one by one
                         (by default they are counted in one line)
  --json                 print the result as JSON on stdout
  --due                  list overdue, flagged and soon-due notes by owner team
  --alert-rules <file>   also check Prometheus alerting rules against the runbooks
                         (repeatable): every alert has a runbook, runbook_url resolves
  --content <dir>        content folder (default: $PARITYBOOK_CONTENT_DIR, package.json "paritybook.contentDir", or content)
  --today <YYYY-MM-DD>   day reviews are measured against (default: today)
  -h, --help             show this help

Exit status: 0 no errors, 1 errors found, 2 usage error.
In GitHub Actions (GITHUB_ACTIONS=true) problems are also printed as annotations.`;

class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

function parse(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        strict: { type: 'boolean', default: false },
        'needs-review': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        due: { type: 'boolean', default: false },
        'alert-rules': { type: 'string', multiple: true },
        content: { type: 'string' },
        today: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const today = reviewToday(values.today ? { PARITYBOOK_TODAY: values.today } : process.env);
    return { ...values, content: resolveContentDir(process.cwd(), values.content), today };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message, { cause: error });
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** --due: notes needing review, by team, for a weekly reminder. */
async function due(options: ReturnType<typeof parse>): Promise<number> {
  const { context, schemaProblems } = await loadContext({ contentDir: options.content, today: options.today });
  const teams = teamsOf(context);
  const groups = groupByOwner(reviewsOf(context.valid, context.today));
  const result = {
    today: isoDay(context.today),
    teams: groups.map(({ owner, notes }) => ({
      owner,
      name: teams.get(owner)?.name ?? owner,
      contact: teams.get(owner)?.contact ?? {},
      notes: notes.map((note) => {
        const history = noteHistory(note.file.file);
        return {
          title: note.title,
          kind: note.kind,
          file: note.file.file,
          path: `/${note.file.collection}/${note.file.id}/`,
          state: note.review.state,
          dueDate: note.review.dueDate ? isoDay(note.review.dueDate) : null,
          daysLeft: note.review.daysLeft ?? null,
          description: describeReview(note.review),
          lastAuthor: history.author ?? null,
          lastUpdated: history.updated ? isoDay(history.updated) : null,
        };
      }),
    })),
  };
  if (schemaProblems.length > 0) {
    log(`${schemaProblems.length} file problem(s) left some notes out of this list: run npm run check.`);
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else if (result.teams.length === 0) {
    process.stdout.write(
      `Nothing to review as of ${result.today}: no note is overdue, flagged or due within 14 days.\n`,
    );
  } else {
    const lines = [`Reviews as of ${result.today}`, ''];
    for (const team of result.teams) {
      const contact = [team.contact.chat, team.contact.pager].filter(Boolean).join(', ');
      lines.push(`${team.name} (${team.owner})${contact ? ` · ${contact}` : ''}`);
      for (const note of team.notes) {
        const details = [
          note.description,
          note.dueDate && `due ${note.dueDate}`,
          note.file,
          note.lastAuthor && `last edited by ${note.lastAuthor}`,
        ];
        lines.push(`  ${note.title}`, `    ${details.filter(Boolean).join(' · ')}`);
      }
      lines.push('');
    }
    const total = result.teams.reduce((sum, team) => sum + team.notes.length, 0);
    lines.push(
      `${total} note${total === 1 ? '' : 's'} to review across ${result.teams.length} team${result.teams.length === 1 ? '' : 's'}.`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const overdue = groups.some((group) => group.notes.some((note) => note.review.state === 'overdue'));
  return options.strict && overdue ? 1 : 0;
}

function teamsOf(context: CheckContext) {
  const teams = new Map<string, { name: string; contact: { chat?: string; pager?: string; email?: string } }>();
  for (const [file, data] of context.valid) {
    if (file.collection === 'teams') teams.set(file.id, data as { name: string; contact: { chat?: string } });
  }
  return teams;
}

async function check(options: ReturnType<typeof parse>): Promise<number> {
  const started = performance.now();
  const { problems: found, context } = await runChecks({
    contentDir: options.content,
    today: options.today,
    alertRules: options['alert-rules'],
  });
  const problems = applyStrict(found, options.strict);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(jsonReport(problems, context.files.length, options.strict), null, 2)}\n`);
  } else {
    process.stdout.write(`${formatReport(problems, context.files.length, options['needs-review'])}\n`);
  }
  if (process.env.GITHUB_ACTIONS === 'true' && problems.length > 0) {
    process.stdout.write(`${githubAnnotations(problems)}\n`);
  }
  log(`Checked ${context.files.length} files in ${seconds} s.`);
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    log(`check: ${(error as Error).message}\nRun npm run check -- --help for the options.`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  try {
    return options.due ? await due(options) : await check(options);
  } catch (error) {
    if (error instanceof CheckUnavailableError) {
      log(`check: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
