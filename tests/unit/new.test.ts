import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown, slugify } from '../../scripts/lib/scaffold.ts';
import { fixtureRoot } from './check-fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE = process.execPath;

function run(script: 'new' | 'check', args: string[], cwd: string) {
  const result = spawnSync(NODE, [path.join(ROOT, 'scripts', `${script}.ts`), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PARITYBOOK_TODAY: '2026-11-27', GITHUB_ACTIONS: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Ana Lima', '-c', 'user.email=ana@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });

describe('slugify', () => {
  it('makes file-name ids from titles', () => {
    expect(slugify('DB pool: exhausted!')).toBe('db-pool-exhausted');
    expect(slugify('Café 502/504 — CDN')).toBe('cafe-502-504-cdn');
    expect(slugify('a'.repeat(30) + ' ' + 'b'.repeat(40))).toBe('a'.repeat(30));
  });
  it('escapes text for MDX', () => {
    expect(escapeMarkdown('Fix <Upload> {limit} *now*')).toBe('Fix \\<Upload\\> \\{limit\\} \\*now\\*');
  });
});

describe('npm run new', () => {
  let root: string;
  beforeAll(() => {
    root = fixtureRoot();
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'Base');
    writeFileSync(path.join(root, 'pool.py'), 'POOL_SIZE = 40\n');
    git(root, 'add', 'pool.py');
    git(root, 'commit', '-qm', 'Raise <Pool> size {40} for *peak*');
  });

  it('writes a runbook with every required field and the sections in order, and prints its path', () => {
    const result = run(
      'new',
      ['runbook', 'Checkout queue: backlog', '--service', 'checkout-api', '--alert', 'CheckoutQueueBacklog'],
      root,
    );
    expect(result).toMatchObject({ code: 0, stdout: 'content/runbooks/checkout-queue-backlog.mdx\n' });
    expect(readFileSync(path.join(root, 'content/runbooks/checkout-queue-backlog.mdx'), 'utf8')).toMatchInlineSnapshot(`
      "---
      # Runbook: what on-call does when an alert fires or a symptom shows.
      # Fields are described in docs/authoring.md ("Writing notes") and schemas/runbook.schema.json.
      title: "Checkout queue: backlog"
      summary: "TODO: one or two sentences for search results: what is wrong and what it hurts."
      services: [checkout-api]
      alerts: [CheckoutQueueBacklog] # alert names exactly as Prometheus has them; each gets /alerts/<name>/
      severity: medium # critical | high | medium | low | info
      owner: payments
      status: draft # draft | reviewed | needs-review
      lastReviewed: 2026-11-27
      reviewEvery: 90 # days between reviews
      tags: []
      checklists: []
      ---

      ## Meaning

      TODO: what fired or what people see, in plain words, and what it measures.

      ## Impact

      TODO: who notices and how badly: customers, internal users, data at risk.

      ## Diagnosis

      TODO: how to confirm the cause, in the order to try. Commands go in code blocks:

      \`\`\`sh
      # TODO: the first command to run
      \`\`\`

      ## Mitigation

      TODO: the steps that stop the impact, safest first.

      ## Rollback

      TODO: how to undo the mitigation, or "Nothing to roll back."

      ## Escalation

      Page Payments and post in \\#payments-oncall.
      "
    `);
  });

  it('fills files touched and commit subjects from git for a change note', () => {
    const result = run(
      'new',
      ['change', 'Raise the pool size', '--service', 'checkout-api', '--from-git', 'HEAD~1..HEAD'],
      root,
    );
    expect(result).toMatchObject({ code: 0, stdout: 'content/changes/raise-the-pool-size.mdx\n' });
    const text = readFileSync(path.join(root, 'content/changes/raise-the-pool-size.mdx'), 'utf8');
    expect(text).toContain('filesTouched:\n  - pool.py\n');
    expect(text.replace(/`[0-9a-f]{7,}`/, '`<hash>`')).toMatch(
      /- Raise \\<Pool\\> size \\\{40\\\} for \\\*peak\\\* \(`<hash>`\)/,
    );
  });

  it('writes checklists, services and teams', () => {
    for (const [kind, title, expected] of [
      ['checklist', 'Database failover', 'content/checklists/database-failover.yaml'],
      ['service', 'Billing API', 'content/services/billing-api.yaml'],
      ['team', 'Data', 'content/teams/data.yaml'],
    ]) {
      expect(run('new', [kind, title, '--owner', 'platform'], root)).toMatchObject({
        code: 0,
        stdout: `${expected}\n`,
      });
    }
    expect(readFileSync(path.join(root, 'content/services/billing-api.yaml'), 'utf8')).toContain('owner: platform\n');
  });

  it('produces files that pass npm run check (TODOs are warnings, not errors)', () => {
    const result = run('check', ['--json'], root);
    const report = JSON.parse(result.stdout) as { errors: number; problems: { rule: string }[] };
    expect(result.code).toBe(0);
    expect(report.errors).toBe(0);
    expect(new Set(report.problems.map((p) => p.rule))).toEqual(new Set(['todo']));
  });

  it('refuses to overwrite', () => {
    const file = path.join(root, 'content/runbooks/checkout-queue-backlog.mdx');
    const before = readFileSync(file, 'utf8');
    const result = run('new', ['runbook', 'Checkout queue: backlog', '--owner', 'platform'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "new: content/runbooks/checkout-queue-backlog.mdx already exists: pick another title, or pass --id. Nothing was written.
      "
    `);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('explains usage errors with exit status 2', () => {
    const messages = [
      ['page', 'X'],
      ['runbook'],
      ['runbook', 'X', '--service', 'billing'],
      ['change', 'X'],
      ['change', 'X', '--service', 'checkout-api', '--from-git', 'nope..HEAD'],
      ['runbook', 'X', '--owner', 'sre'],
    ].map((args) => {
      const result = run('new', args, root);
      expect(result.code).toBe(2);
      return result.stderr.split('\n')[0];
    });
    expect(messages).toMatchInlineSnapshot(`
      [
        "new: unknown kind "page": use one of runbook, change, checklist, service, team",
        "new: give the runbook a title in quotes, like npm run new -- runbook "Checkout queue backlog"",
        "new: --service billing: no such service; known: "billing-api", "checkout-api"",
        "new: change notes name the service they change: add --service <id> (known: "billing-api", "checkout-api")",
        "new: --from-git nope..HEAD: git could not read it (fatal: bad revision 'nope..HEAD')",
        "new: --owner sre: no such team; known: "data", "payments", "platform" (create one with npm run new -- team "Name")",
      ]
    `);
  });
});
