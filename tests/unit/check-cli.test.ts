import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureRoot } from './check-fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function check(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PARITYBOOK_TODAY: '2026-11-27', GITHUB_ACTIONS: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A knowledge base with an error (broken link) and a warning (overdue review) in two files. */
function brokenRoot(): string {
  const root = fixtureRoot('link', 'fail');
  cpSync(
    path.join(FIXTURES, 'cases', 'review-overdue', 'fail', 'content', 'runbooks', 'case.mdx'),
    path.join(root, 'content', 'runbooks', 'old.mdx'),
  );
  return root;
}

describe('npm run check', () => {
  it('exits 0 and says so on a clean knowledge base', () => {
    const result = check([], fixtureRoot());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "✓ No problems in 6 files.
      "
    `);
    expect(result.stderr).toMatch(/^Checked 6 files in \d+\.\d\d s\.\n$/);
  });

  it('lists the teams for a missing owner and points at the end of the frontmatter, not the title', () => {
    const root = fixtureRoot();
    const file = path.join(root, 'content', 'runbooks', 'db-pool.mdx');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^owner: payments\n/m, ''));
    const closing =
      text
        .replace(/^owner: payments\n/m, '')
        .split('\n')
        .indexOf('---', 1) + 1;
    const result = check([], root);
    expect(result.code).toBe(1);
    const line = result.stdout.split('\n').find((l) => l.includes(' owner: '));
    expect(line).toBe(
      `  error   content/runbooks/db-pool.mdx:${closing} owner: found nothing; expected a team id, one of "payments", "platform" (files in content/teams/): add a line in the frontmatter, before its closing "---", e.g. owner: payments [reference]`,
    );
  });

  it('prints every error before any warning, and one summary line', () => {
    const root = brokenRoot();
    // A warning in a file that sorts before the files with errors.
    cpSync(
      path.join(FIXTURES, 'cases', 'review-overdue', 'fail', 'content', 'runbooks', 'case.mdx'),
      path.join(root, 'content', 'runbooks', 'aaa-old.mdx'),
    );
    const lines = check([], root).stdout.trimEnd().split('\n');
    const lastError = lines.findLastIndex((l) => l.startsWith('  error'));
    const firstWarning = lines.findIndex((l) => l.startsWith('  warning'));
    expect(firstWarning).toBeGreaterThan(lastError);
    expect(lines.filter((l) => /^[✖✓]/.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^✖ \d+ errors and 2 warnings in 3 files \(\d+ checked\)\.$/);
  });

  it('groups problems by file and exits 1 on errors', () => {
    const result = check([], brokenRoot());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatchInlineSnapshot(`
      "Errors (CI rejects these)

      content/runbooks/case.mdx
        error   content/runbooks/case.mdx:21 link: found "/runbooks/db-pol/", but there is no runbook "db-pol"; expected an existing page, like /runbooks/db-pool/ [link]
        error   content/runbooks/case.mdx:21 link: found "/runbooks/db-pool/#mitigaton", but /runbooks/db-pool/ has no heading with id "mitigaton"; expected #mitigation (headings there: #meaning, #impact, #diagnosis, #check-pg_stat_activity, #mitigation, #rollback, #escalation) [link]
        error   content/runbooks/case.mdx:22 link: found "./db-pool.mdx", a link to a source file; expected the page link /runbooks/db-pool/ (source files are not published) [link]
        error   content/runbooks/case.mdx:22 link: found "/nowhere/", which is no page of this site; expected a link to an existing page, like /runbooks/<id>/, or a full https:// URL for other sites [link]
        error   content/runbooks/case.mdx:22 link: found "#impakt", but /runbooks/case/ has no heading with id "impakt"; expected #impact (headings there: #meaning, #impact, #diagnosis, #mitigation, #rollback, #escalation) [link]
        error   content/runbooks/case.mdx:23 link: found "/alerts/CheckoutQueueBacklg/", but no runbook lists the alert "CheckoutQueueBacklg"; expected an existing page, like /alerts/CheckoutQueueBacklog/ [link]
        error   content/runbooks/case.mdx:23 link: found "../db-pool/#check-pg-stat-activity", but /runbooks/db-pool/ has no heading with id "check-pg-stat-activity"; expected #check-pg_stat_activity (headings there: #meaning, #impact, #diagnosis, #check-pg_stat_activity, #mitigation, #rollback, #escalation) [link]

      content/runbooks/old.mdx
        error   content/runbooks/old.mdx:5 alerts.0: found "CheckoutQueueBacklog", already answered by content/runbooks/case.mdx; expected each alert in exactly one runbook: remove it here or there, so /alerts/ links stay unambiguous [duplicate-alert]

      Warnings

      content/runbooks/old.mdx
        warning content/runbooks/old.mdx:8 lastReviewed: found 2026-06-01, review overdue by 89 days (due 2026-08-30); expected a review: check the runbook against the service as it is now, fix what changed, then set lastReviewed: 2026-11-27 [review-overdue]

      ✖ 8 errors and 1 warning in 2 files (8 checked).
      "
    `);
  });

  it('reports every problem of a badly broken note at once, even when its MDX does not parse', () => {
    const root = fixtureRoot();
    cpSync(
      path.join(FIXTURES, 'broken', 'queue-backlog.mdx'),
      path.join(root, 'content', 'runbooks', 'queue-backlog.mdx'),
    );
    const result = check([], root);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatchInlineSnapshot(`
      "Errors (CI rejects these)

      content/runbooks/queue-backlog.mdx
        error   content/runbooks/queue-backlog.mdx:4 services.1: found "billing-api", which is not a service id; expected one of "checkout-api" (files in content/services/) [reference]
        error   content/runbooks/queue-backlog.mdx:5 alerts.1: found "CheckoutDbPoolExhausted", already answered by content/runbooks/db-pool.mdx; expected each alert in exactly one runbook: remove it here or there, so /alerts/ links stay unambiguous [duplicate-alert]
        error   content/runbooks/queue-backlog.mdx:6 severity: found "urgent"; expected one of "critical", "high", "medium", "low", "info" [schema]
        error   content/runbooks/queue-backlog.mdx:7 owner: found "payment", which is not a team id; expected one of "payments", "platform" (files in content/teams/) [reference]
        error   content/runbooks/queue-backlog.mdx:13 link: found "/runbooks/db-pool/#mitigaton", but /runbooks/db-pool/ has no heading with id "mitigaton"; expected #mitigation (headings there: #meaning, #impact, #diagnosis, #check-pg_stat_activity, #mitigation, #rollback, #escalation) [link]
        error   content/runbooks/queue-backlog.mdx:14 link: found "../db-pool.mdx", a link to a source file; expected the page link /runbooks/db-pool/ (source files are not published) [link]
        error   content/runbooks/queue-backlog.mdx:16 image: found "/img/queue-depth.png" without alt text; expected a description in the brackets, like ![Grafana panel: p95 latency doubles at 10:40](...), for screen readers and when images do not load [image-alt]
        error   content/runbooks/queue-backlog.mdx:16 image: found "/img/queue-depth.png", but public/img/queue-depth.png does not exist; expected a file under public/ (a src starting with / is served from public/) [image-missing]
        error   content/runbooks/queue-backlog.mdx:24 (body): found MDX that does not parse (Could not parse expression with oxc: Invalid characters after number); expected valid MDX: write \\< and \\{ for a literal < or {, close every <Component>, or put code in \`backticks\` [mdx-syntax]
        error   content/runbooks/queue-backlog.mdx:30 ## Rollback: found no "## Rollback" section; expected a "## Rollback" section with how to undo the mitigation (write "Nothing to roll back." when there is nothing to undo) [runbook-sections]

      ✖ 10 errors in 1 file (7 checked).
      "
    `);
  });

  it('treats warnings as errors with --strict', () => {
    const root = fixtureRoot('review-overdue', 'fail');
    expect(check([], root).code).toBe(0);
    const strict = check(['--strict'], root);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(
      '  error   content/runbooks/case.mdx:8 lastReviewed: found 2026-06-01, review overdue by 89 days',
    );
  });

  it('prints GitHub annotations in GitHub Actions', () => {
    const result = check([], fixtureRoot('runbook-sections', 'fail'), { GITHUB_ACTIONS: 'true' });
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::'))).toMatchInlineSnapshot(`
      [
        "::error file=content/runbooks/case.mdx,line=19,title=paritybook check%3A runbook-sections::## Mitigation: found an empty "## Mitigation" section; expected the steps that stop the impact, safest first, under the heading",
        "::error file=content/runbooks/case.mdx,line=21,title=paritybook check%3A runbook-sections::## Rollback: found no "## Rollback" section; expected a "## Rollback" section with how to undo the mitigation (write "Nothing to roll back." when there is nothing to undo)",
        "::warning file=content/runbooks/case.mdx,line=25,title=paritybook check%3A runbook-sections::## Impact: found "## Impact" after "## Escalation"; expected the sections in the order on-call reads them: Meaning, Impact, Diagnosis, Mitigation, Rollback, Escalation",
      ]
    `);
  });

  it('prints JSON with --json', () => {
    const result = check(['--json'], fixtureRoot('change-rollback', 'fail'));
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, strict: false, filesChecked: 8, errors: 2, warnings: 0 });
    expect(report.problems[0]).toMatchInlineSnapshot(`
      {
        "expected": "how to undo the change, step by step, like "Revert the PR, then run the same command": a change note without a rollback is not merged",
        "field": "rollback",
        "file": "content/changes/2026-11-21-workers.mdx",
        "found": "nothing",
        "line": 9,
        "message": "content/changes/2026-11-21-workers.mdx:9 rollback: found nothing; expected how to undo the change, step by step, like "Revert the PR, then run the same command": a change note without a rollback is not merged",
        "rule": "change-rollback",
        "severity": "error",
      }
    `);
  });

  it('lists reviews by team with --due, as text and JSON', () => {
    const root = brokenRoot();
    const text = check(['--due'], root);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatchInlineSnapshot(`
      "Reviews as of 2026-11-27

      Payments (payments) · #payments-oncall
        Checkout queue backlog
          overdue by 89 days · due 2026-08-30 · content/runbooks/old.mdx

      1 note to review across 1 team.
      "
    `);
    const json = JSON.parse(check(['--due', '--json'], root).stdout);
    expect(json).toMatchInlineSnapshot(`
      {
        "teams": [
          {
            "contact": {
              "chat": "#payments-oncall",
            },
            "name": "Payments",
            "notes": [
              {
                "daysLeft": -89,
                "description": "overdue by 89 days",
                "dueDate": "2026-08-30",
                "file": "content/runbooks/old.mdx",
                "kind": "runbook",
                "lastAuthor": null,
                "lastUpdated": null,
                "path": "/runbooks/old/",
                "state": "overdue",
                "title": "Checkout queue backlog",
              },
            ],
            "owner": "payments",
          },
        ],
        "today": "2026-11-27",
      }
    `);
    expect(check(['--due', '--strict'], root).code).toBe(1);
  });

  it('exits 2 on usage errors, and when --alert-rules cannot run', () => {
    const root = fixtureRoot();
    const bogus = check(['--bogus'], root);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr.split('\n')[0]).toMatch(/^check: Unknown option '--bogus'/);
    expect(check(['--today', 'yesterday'], root)).toMatchObject({ code: 2 });
    expect(check(['--help'], root)).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: npm run check') });
  });

  it('joins the alert-rules check: a missing rules file is a usage error naming it', () => {
    const result = check(['--alert-rules', 'rules.yml'], fixtureRoot());
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^check: --alert-rules rules\.yml: no such file$/m);
  });
});
