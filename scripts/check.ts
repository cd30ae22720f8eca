/**
 * npm run check: everything CI rejects in the knowledge base, in a second, without building the site.
 * Also the weekly review reminder (--due).
 */
import { resolveContentDir } from '../src/collections.ts';
import { performance } from 'node:perf_hooks';
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
import { contentOption, defineCommand, runMain, UsageError, type OptionSpecs } from './lib/cli.ts';

const OPTIONS = {
  strict: { type: 'boolean', default: false, description: 'treat warnings as errors' },
  'needs-review': {
    type: 'boolean',
    default: false,
    description: 'list the warnings of notes marked needs-review one by one\n(by default they are counted in one line)',
  },
  json: { type: 'boolean', default: false, description: 'print the result as JSON on stdout' },
  due: { type: 'boolean', default: false, description: 'list overdue, flagged and soon-due notes by owner team' },
  'alert-rules': {
    type: 'string',
    multiple: true,
    value: 'file',
    description:
      'also check Prometheus alerting rules against the runbooks:\nevery alert has a runbook, runbook_url resolves',
  },
  content: contentOption,
  today: { type: 'string', value: 'YYYY-MM-DD', description: 'day reviews are measured against', defaultText: 'today' },
} satisfies OptionSpecs;

interface Options {
  strict: boolean;
  json: boolean;
  /** List needs-review notes' warnings one by one instead of counting them. */
  needsReview: boolean;
  alertRules?: string[];
  content: string;
  today: Date;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** --due: notes needing review, by team, for a weekly reminder. */
async function due(options: Options): Promise<number> {
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

async function check(options: Options): Promise<number> {
  const started = performance.now();
  const { problems: found, context } = await runChecks({
    contentDir: options.content,
    today: options.today,
    alertRules: options.alertRules,
  });
  const problems = applyStrict(found, options.strict);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(jsonReport(problems, context.files.length, options.strict), null, 2)}\n`);
  } else {
    process.stdout.write(`${formatReport(problems, context.files.length, options.needsReview)}\n`);
  }
  if (process.env.GITHUB_ACTIONS === 'true' && problems.length > 0) {
    process.stdout.write(`${githubAnnotations(problems)}\n`);
  }
  log(`Checked ${context.files.length} files in ${seconds} s.`);
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}

export const checkCommand = defineCommand({
  name: 'check',
  summary: `Reports everything CI rejects in content/: schema errors, unknown owners, services
and checklists, duplicate alerts, broken links and anchors, images without alt text,
runbooks missing Mitigation or Rollback, change notes without rollback or expected
result, MDX that does not parse, dates that are no calendar day; and what the build
must not publish: symbolic links, javascript:/data: links, <script>, on*= handlers
and embeds, file names that make no page or one page twice. Overdue reviews and
leftover TODOs are warnings.`,
  options: OPTIONS,
  exitCodes: { 0: 'no errors', 1: 'errors found', 2: 'usage error' },
  notes: 'In GitHub Actions (GITHUB_ACTIONS=true) problems are also printed as annotations.',
  errors: [{ type: CheckUnavailableError, exitCode: 2 }],
  run({ values }) {
    let today: Date;
    try {
      today = reviewToday(values.today ? { PARITYBOOK_TODAY: values.today } : process.env);
    } catch (error) {
      throw new UsageError((error as Error).message, { cause: error });
    }
    const options: Options = {
      strict: values.strict,
      json: values.json,
      needsReview: values['needs-review'],
      alertRules: values['alert-rules'],
      content: resolveContentDir(process.cwd(), values.content),
      today,
    };
    return values.due ? due(options) : check(options);
  },
});

if (import.meta.main) await runMain(checkCommand);
