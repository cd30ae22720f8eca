/**
 * Everything `npm run check` runs, as a list of small check modules sharing one read of the content.
 * Adding a check is one entry in CHECKS.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { reviewToday } from '../lib/review.ts';
import { checkActiveContent } from './active-content.ts';
import { alertsOf, checkAlertRules } from './alert-rules.ts';
import { checkBodySyntax, checkComponents, checkImages, checkLeftovers, checkLinks } from './body.ts';
import { checkChangeNotes } from './changes.ts';
import { checkFileNames, findSymlinks } from './files.ts';
import { parseBody } from './markdown.ts';
import type { Problem } from './problem.ts';
import { readContent, type SourceFile } from './read.ts';
import { checkReviewDates, checkReviews } from './reviews.ts';
import { buildSiteMap, type SiteMap } from './routes.ts';
import { checkRunbookSections } from './sections.ts';
import { checkServiceUrls } from './service-urls.ts';
import { checkExpectedDrift } from './expected-drift.ts';
import { validateReferences, validateSchemas } from './validate.ts';

export interface CheckOptions {
  /** Folder of the knowledge base. */
  contentDir: string;
  /** Paths in problems are relative to it (default: the folder above the content folder). */
  rootDir?: string;
  /** The site's project folder, where public/ is (default: the current folder). */
  projectDir?: string;
  /** Day reviews are measured against (default: today, or PARITYBOOK_TODAY). */
  today?: Date;
  /** Prometheus alerting rules files to check against the runbooks (`--alert-rules`). */
  alertRules?: string[];
}

/** What every check gets: the files read once, the valid ones parsed, and a map of the site's pages. */
export interface CheckContext {
  rootDir: string;
  projectDir: string;
  contentDir: string;
  files: SourceFile[];
  /** Files that passed their schema, with the parsed (defaulted, coerced) data. */
  valid: Map<SourceFile, unknown>;
  site: SiteMap;
  today: Date;
  options: CheckOptions;
}

export interface Check {
  /** Short name, shown in --help and timings. */
  name: string;
  /** Whether it runs for these options (default: always). */
  enabled?: (options: CheckOptions) => boolean;
  run: (context: CheckContext) => Problem[] | Promise<Problem[]>;
}

/** A check that cannot run as asked (an input file it needs is missing); the CLI reports it as a usage error. */
export class CheckUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CheckUnavailableError';
  }
}

/** Prometheus alerting rules (`--alert-rules`, repeatable): every alert has a runbook, every `runbook_url` resolves. */
const alertRulesCheck: Check = {
  name: 'alert rules',
  enabled: (options) => (options.alertRules?.length ?? 0) > 0,
  async run(context) {
    const alerts = alertsOf(context.files);
    const problems: Problem[] = [];
    for (const rulesFile of context.options.alertRules ?? []) {
      let text: string;
      try {
        text = await readFile(rulesFile, 'utf8');
      } catch (error) {
        throw new CheckUnavailableError(
          `--alert-rules ${rulesFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
          { cause: error },
        );
      }
      const file = path.relative(process.cwd(), path.resolve(rulesFile)).replace(/\\/g, '/');
      problems.push(...(await checkAlertRules(text, { alerts, file, site: process.env.PARITYBOOK_SITE })));
    }
    return problems;
  },
};

export const CHECKS: Check[] = [
  { name: 'references', run: ({ files, valid }) => validateReferences(files, valid) },
  { name: 'symbolic links', run: ({ contentDir, rootDir }) => findSymlinks(contentDir, rootDir) },
  { name: 'file names', run: ({ files, contentDir, rootDir }) => checkFileNames(files, contentDir, rootDir) },
  { name: 'script and embeds', run: ({ files, valid }) => checkActiveContent(files, valid) },
  { name: 'mdx syntax', run: ({ files }) => checkBodySyntax(files) },
  { name: 'links', run: ({ files, site, rootDir }) => checkLinks(files, site, rootDir) },
  { name: 'images', run: ({ files, site, rootDir }) => checkImages(files, site, rootDir) },
  { name: 'components', run: ({ files, site }) => checkComponents(files, site) },
  { name: 'runbook sections', run: ({ files }) => checkRunbookSections(files) },
  { name: 'change notes', run: ({ valid }) => checkChangeNotes(valid) },
  { name: 'reviews', run: ({ valid, today }) => [...checkReviewDates(valid, today), ...checkReviews(valid, today)] },
  { name: 'leftover TODOs', run: ({ files }) => checkLeftovers(files) },
  { name: 'service URLs', run: ({ valid }) => checkServiceUrls(valid) },
  { name: 'expected drift expiry', run: ({ valid, today }) => checkExpectedDrift(valid, today) },
  alertRulesCheck,
];

/** Reads the content once and builds what the checks share. */
export async function loadContext(
  options: CheckOptions,
): Promise<{ context: CheckContext; schemaProblems: Problem[] }> {
  const contentDir = path.resolve(options.contentDir);
  const rootDir = path.resolve(options.rootDir ?? path.dirname(contentDir));
  const files = await readContent(contentDir, rootDir);
  const { problems, valid } = validateSchemas(files);
  const projectDir = path.resolve(options.projectDir ?? process.cwd());
  const site = buildSiteMap(files, valid, parseBody, projectDir);
  const today = options.today ?? reviewToday();
  return { context: { rootDir, projectDir, contentDir, files, valid, site, today, options }, schemaProblems: problems };
}

/**
 * Rules whose problems do not break the build or the site (a dead link, a missing section): in a note marked
 * needs-review, typically just imported, they are warnings, so an import does not fail CI on its first pull
 * request. Everything else (schema, references, MDX syntax, missing images, unsafe content) stays an error.
 */
export const REVIEWABLE_RULES = new Set(['link', 'runbook-sections', 'image-alt', 'todo', 'review-overdue']);

/** Problems of needs-review notes under REVIEWABLE_RULES become warnings marked `needsReview`. */
export function relaxNeedsReview(problems: Problem[], context: CheckContext): Problem[] {
  const flagged = new Set<string>();
  for (const [file, data] of context.valid) {
    const { status } = (data ?? {}) as { status?: unknown };
    if (status === 'needs-review') flagged.add(file.file);
  }
  return problems.map((problem) =>
    flagged.has(problem.file) && REVIEWABLE_RULES.has(problem.rule)
      ? { ...problem, severity: 'warning', needsReview: true }
      : problem,
  );
}

/** Runs every enabled check; problems sorted by file and line. */
export async function runChecks(
  options: CheckOptions,
  checks: Check[] = CHECKS,
): Promise<{ problems: Problem[]; context: CheckContext }> {
  const { context, schemaProblems } = await loadContext(options);
  const problems = [...schemaProblems];
  for (const check of checks) {
    if (check.enabled && !check.enabled(options)) continue;
    problems.push(...(await check.run(context)));
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { problems: relaxNeedsReview(problems, context), context };
}
