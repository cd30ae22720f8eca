/**
 * Checks Prometheus alerting rules against the runbooks: each alert needs a runbook, each
 * runbook_url must lead to a built page. Exit 0 when clean, 1 with problems, 2 on usage errors.
 * Usage: node scripts/check-alert-rules.ts --alert-rules <file> [--dist dist] [--content content] [--json]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveContentDir } from '../src/collections.ts';
import { alertsFromContent, checkAlertRules } from '../src/content-check/alert-rules.ts';
import { formatProblem } from '../src/content-check/problem.ts';
import { contentOption, defineCommand, runMain, UsageError } from './lib/cli.ts';

export const checkAlertRulesCommand = defineCommand({
  name: 'check:alert-rules',
  usage: '--alert-rules <file> [options]',
  summary: `Reads Prometheus alerting rules (rule groups, or a PrometheusRule resource) and lists each
alert no runbook covers and each runbook_url that does not resolve to a page.`,
  options: {
    'alert-rules': { type: 'string', multiple: true, value: 'file', description: 'rules file (YAML)' },
    dist: {
      type: 'string',
      value: 'dir',
      description: 'built site to resolve runbook_url paths in',
      defaultText: 'only /alerts/ and /runbooks/ paths are checked',
    },
    content: contentOption,
    site: { type: 'string', value: 'url', description: 'site origin; runbook_url on another host is reported' },
    json: { type: 'boolean', default: false, description: 'print problems as JSON' },
  },
  exitCodes: { 0: 'every alert has a runbook', 1: 'problems found', 2: 'usage error, or the rules cannot be read' },
  async run({ values }) {
    const files = values['alert-rules'] ?? [];
    if (files.length === 0) throw new UsageError('give --alert-rules <file>');
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
  },
});

if (import.meta.main) await runMain(checkAlertRulesCommand);
