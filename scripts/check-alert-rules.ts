/**
 * Checks Prometheus alerting rules against the runbooks: each alert needs a runbook, each
 * runbook_url must lead to a built page. Exit 0 when clean, 1 with problems, 2 on usage errors.
 * Usage: node scripts/check-alert-rules.ts --alert-rules <file> [--dist dist] [--content content] [--json]
 */
import { resolveContentDir } from '../src/collections.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { alertsFromContent, checkAlertRules } from '../src/content-check/alert-rules.ts';
import { formatProblem } from '../src/content-check/problem.ts';

const HELP = `Usage: node scripts/check-alert-rules.ts --alert-rules <file> [options]

Reads Prometheus alerting rules (rule groups, or a PrometheusRule resource) and lists each
alert no runbook covers and each runbook_url that does not resolve to a page.

Options:
  --alert-rules <file>  rules file (YAML), may be given more than once
  --dist <dir>          built site to resolve runbook_url paths in (default: only /alerts/ and /runbooks/ paths are checked)
  --content <dir>       content folder (default: $PARITYBOOK_CONTENT_DIR, package.json "paritybook.contentDir", or content)
  --site <url>          site origin; runbook_url on another host is reported
  --json                print problems as JSON
  -h, --help            show this help
`;

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'alert-rules': { type: 'string', multiple: true },
      dist: { type: 'string' },
      content: { type: 'string' },
      site: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const files = values['alert-rules'] ?? [];
  if (files.length === 0) {
    process.stderr.write('check-alert-rules: give --alert-rules <file>. Run with --help for usage.\n');
    return 2;
  }
  const contentDir = resolveContentDir(process.cwd(), values.content);
  const alerts = await alertsFromContent(contentDir, process.cwd());
  const problems = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    problems.push(
      ...(await checkAlertRules(text, {
        alerts,
        dist: values.dist && path.resolve(values.dist),
        file: path.relative(process.cwd(), path.resolve(file)),
        site: values.site,
      })),
    );
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (values.json) process.stdout.write(`${JSON.stringify(problems, null, 2)}\n`);
  else {
    for (const problem of problems)
      process.stdout.write(`${problem.severity === 'error' ? 'error' : 'warning'} ${formatProblem(problem)}\n`);
    process.stdout.write(
      `${errors.length} error(s), ${problems.length - errors.length} warning(s) in ${files.length} rules file(s); ${alerts.size} alert(s) have runbooks.\n`,
    );
  }
  return errors.length > 0 ? 1 : 0;
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`check-alert-rules: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
