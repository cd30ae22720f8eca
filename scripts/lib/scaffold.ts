/**
 * Templates of `npm run new`: one valid, prefilled file per kind, with every required field,
 * the runbook sections in reading order, and TODO markers where only the author knows the answer.
 */
import { execFileSync } from 'node:child_process';
import { stringify } from 'yaml';
import type { CollectionName } from '../../src/content-check/read.ts';
import { RUNBOOK_SECTIONS } from '../../src/schemas/runbook.ts';

export const KINDS = ['runbook', 'change', 'checklist', 'service', 'team'] as const;
export type Kind = (typeof KINDS)[number];

export const COLLECTION_OF: Record<Kind, CollectionName> = {
  runbook: 'runbooks',
  change: 'changes',
  checklist: 'checklists',
  service: 'services',
  team: 'teams',
};

export interface TeamInfo {
  id: string;
  name: string;
  contact: { chat: string; pager?: string };
}

export interface ScaffoldInput {
  kind: Kind;
  title: string;
  id: string;
  /** YYYY-MM-DD, for lastReviewed and change dates. */
  today: string;
  services: string[];
  owner?: TeamInfo;
  alerts: string[];
  /** Checklists that exist, offered to runbooks and change notes. */
  checklists: string[];
  git?: GitRange;
}

export interface GitRange {
  range: string;
  commits: { hash: string; subject: string }[];
  files: string[];
}

/** Error in what the author asked for (unknown range, team or service): a usage error, exit 2. */
export class ScaffoldError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ScaffoldError';
  }
}

/** File-name id from a title: "DB pool: exhausted!" → "db-pool-exhausted". */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 60) return slug;
  return slug.slice(0, 60).replace(/-[^-]*$/, '');
}

/** A YAML scalar, quoted only when it has to be. */
const scalar = (value: string | number) => stringify(value, { lineWidth: 0 }).trimEnd();
/** A one-line YAML list, `[a, b]`. */
const flowList = (values: string[]) =>
  `[${values.map((v) => (/^[A-Za-z0-9_./:-]+$/.test(v) && !/^[-:]/.test(v) ? v : JSON.stringify(v))).join(', ')}]`;

/** Text safe inside Markdown/MDX: a commit subject like "Fix <Foo> {bar}" must not become JSX. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~&]/g, '\\$&');
}

/** Commits and files of a git range (`main..HEAD`) or of one commit (`abc1234`). */
export function readGitRange(range: string, cwd: string): GitRange {
  const spec = range.includes('..') ? range : `${range}^!`;
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? '')
        .trim()
        .split('\n')[0];
      throw new ScaffoldError(`--from-git ${range}: git could not read it (${stderr || (error as Error).message})`, {
        cause: error,
      });
    }
  };
  if (range.startsWith('-'))
    throw new ScaffoldError(`--from-git ${range}: a range is written like main..HEAD or a commit id`);
  const commits = git(['log', '--no-merges', '--format=%h%x1f%s', spec, '--'])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [hash, subject] = line.split('\x1f');
      return { hash, subject };
    });
  if (commits.length === 0) throw new ScaffoldError(`--from-git ${range}: no commits in that range`);
  const files = [
    ...new Set(git(['log', '--no-merges', '--name-only', '--format=', spec, '--']).split('\n').filter(Boolean)),
  ].sort();
  return { range, commits, files };
}

function escalationLine(owner: TeamInfo | undefined): string {
  if (!owner) return 'TODO: who to page when this does not work, and where to talk.';
  const pager = owner.contact.pager ? ` (pager: ${escapeMarkdown(owner.contact.pager)})` : '';
  return `Page ${escapeMarkdown(owner.name)}${pager} and post in ${escapeMarkdown(owner.contact.chat)}.`;
}

const SECTION_PROMPTS: Record<(typeof RUNBOOK_SECTIONS)[number], string> = {
  Meaning: 'TODO: what fired or what people see, in plain words, and what it measures.',
  Impact: 'TODO: who notices and how badly: customers, internal users, data at risk.',
  Diagnosis:
    'TODO: how to confirm the cause, in the order to try. Commands go in code blocks:\n\n```sh\n# TODO: the first command to run\n```',
  Mitigation: 'TODO: the steps that stop the impact, safest first.',
  Rollback: 'TODO: how to undo the mitigation, or "Nothing to roll back."',
  Escalation: '',
};

function runbook(input: ScaffoldInput): string {
  const body = RUNBOOK_SECTIONS.map(
    (section) =>
      `## ${section}\n\n${section === 'Escalation' ? escalationLine(input.owner) : SECTION_PROMPTS[section]}\n`,
  ).join('\n');
  return `---
# Runbook: what on-call does when an alert fires or a symptom shows.
# Fields are described in docs/authoring.md ("Writing notes") and schemas/runbook.schema.json.
title: ${scalar(input.title)}
summary: ${scalar('TODO: one or two sentences for search results: what is wrong and what it hurts.')}
services: ${flowList(input.services)}
alerts: ${flowList(input.alerts)} # alert names exactly as Prometheus has them; each gets /alerts/<name>/
severity: medium # critical | high | medium | low | info
owner: ${input.owner!.id}
status: draft # draft | reviewed | needs-review
lastReviewed: ${input.today}
reviewEvery: 90 # days between reviews
tags: []
checklists: ${flowList(input.checklists)}
---

${body}`;
}

function change(input: ScaffoldInput): string {
  const files = input.git?.files ?? [];
  const commits = input.git?.commits ?? [];
  const filesYaml = files.length > 0 ? `\n${files.map((file) => `  - ${scalar(file)}`).join('\n')}` : ' []';
  const commitList =
    commits.length > 0
      ? `\n\nCommits (${escapeMarkdown(input.git!.range)}):\n\n${commits.map((c) => `- ${escapeMarkdown(c.subject)} (\`${c.hash}\`)`).join('\n')}`
      : '';
  return `---
# Change note: why a change was made, what it did and how to undo it.
# Fields are described in docs/authoring.md ("Writing notes") and schemas/change.schema.json.
title: ${scalar(input.title)}
date: ${input.today}
services: ${flowList(input.services)}
owner: ${input.owner!.id}
reason: ${scalar('TODO: why this change, in one or two sentences.')}
filesTouched:${filesYaml}
commands: [] # commands that apply the change; shown with copy buttons
expectedResult: ${scalar('TODO: what should be true after the change, and how to see it.')}
rollback: ${scalar('TODO: how to undo it, step by step.')}
status: planned # planned | shipped | rolled-back
checklists: ${flowList(input.checklists)}
# metric: { name: "p95 latency of POST /orders", unit: ms, before: 840, after: 310, better: lower }
# securityItems:
#   - { area: headers, item: "HSTS on production", done: true } # permissions | secrets | headers | upload-limits | logging
# links: { pr: "https://git.example.com/org/repo/pull/1" }
---

## What changed

TODO: the change in a few sentences, for someone who was not in the room.${commitList}

## How it was verified

TODO: what you checked after the release, and where (dashboard, log query, command).
`;
}

function checklist(input: ScaffoldInput): string {
  return `# Checklist: reusable steps that runbooks and change notes reference as checklists: [${input.id}].
# Fields are described in docs/authoring.md ("Writing notes") and schemas/checklist.schema.json.
title: ${scalar(input.title)}
summary: ${scalar('TODO: when to follow this checklist.')}
owner: ${input.owner!.id}
items:
  - id: first-step
    text: ${scalar('TODO: the first step')}
    hint: ${scalar('TODO: how to tell it is done')}
  - id: second-step
    text: ${scalar('TODO: the next step')}
tags: []
`;
}

function service(input: ScaffoldInput): string {
  return `# Service: compared between staging and production by the parity snapshots.
# Fields are described in docs/parity.md ("Service file") and schemas/service.schema.json.
id: ${input.id}
name: ${scalar(input.title)}
owner: ${input.owner!.id}
description: ${scalar('TODO: one sentence on what the service does.')}
environments:
  # Replace the placeholder URLs (.invalid never resolves) with the real base URLs.
  staging: { url: "https://${input.id}.staging.invalid" }
  production: { url: "https://${input.id}.production.invalid" }
# probe: { healthPath: /healthz, routes: [/] }
# expectedDrift:
#   - { path: version.commit, reason: staging runs the release candidate }
`;
}

function team(input: ScaffoldInput): string {
  return `# Team: owns services and notes; its contact shows on every page it owns.
# Fields are described in docs/authoring.md ("Writing notes") and schemas/team.schema.json.
id: ${input.id}
name: ${scalar(input.title)}
description: ${scalar('TODO: one sentence on what the team runs.')}
contact:
  chat: ${scalar(`#${input.id}-oncall`)}
  # pager: ${input.id}-primary
  # email: ${input.id}@example.com
`;
}

export const TEMPLATES: Record<Kind, { extension: string; render: (input: ScaffoldInput) => string }> = {
  runbook: { extension: '.mdx', render: runbook },
  change: { extension: '.mdx', render: change },
  checklist: { extension: '.yaml', render: checklist },
  service: { extension: '.yaml', render: service },
  team: { extension: '.yaml', render: team },
};

/** File name inside the collection folder: the id and the collection's extension (change notes carry their date in `date:`). */
export function fileNameFor(kind: Kind, id: string): string {
  return `${id}${TEMPLATES[kind].extension}`;
}
