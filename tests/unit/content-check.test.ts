import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertValidContent, checkContent, ContentError, formatProblem } from '../../src/content-check/index.ts';
import { parseSource } from '../../src/content-check/read.ts';
import { validateSchemas } from '../../src/content-check/validate.ts';

const runbook = (frontmatter: string) =>
  parseSource('runbooks', 'content/runbooks/x.mdx', `---\n${frontmatter}\n---\n\n## Meaning\n`, 'x');

const messages = (frontmatter: string) => validateSchemas([runbook(frontmatter)]).problems.map(formatProblem);

const VALID = 'title: X\nsummary: s\nseverity: high\nowner: platform\nlastReviewed: 2026-01-01';

describe('schema messages', () => {
  it('names the file, line, field, what was found and what is expected', () => {
    expect(messages('title: X\nsummary: s\nseverity: urgent\nowner: platform\nlastReviewed: 2026-01-01'))
      .toMatchInlineSnapshot(`
      [
        "content/runbooks/x.mdx:4 severity: found "urgent"; expected one of "critical", "high", "medium", "low", "info"",
      ]
    `);
  });

  it('reports a missing required field where it belongs: the closing line of the frontmatter, not the title', () => {
    expect(messages('title: X\nseverity: high\nowner: platform\nlastReviewed: 2026-01-01')).toMatchInlineSnapshot(`
      [
        "content/runbooks/x.mdx:6 summary: found nothing; expected a value (string): this field is required",
      ]
    `);
  });

  it('reports a misspelt field as unknown', () => {
    expect(messages(`${VALID}\nalert: [A]`)).toMatchInlineSnapshot(`
      [
        "content/runbooks/x.mdx:7 alert: found an unknown field; expected no such field: check the spelling against the authoring guide, or remove it",
      ]
    `);
  });

  it('reports a bad date and a bad id with what to write instead', () => {
    expect(messages('title: X\nsummary: s\nseverity: high\nowner: Platform Team\nlastReviewed: last week'))
      .toMatchInlineSnapshot(`
      [
        "content/runbooks/x.mdx:5 owner: found "Platform Team"; expected use lower-case letters, digits and single dashes, like "checkout-api"",
        "content/runbooks/x.mdx:6 lastReviewed: found "last week"; expected write a date as YYYY-MM-DD, like 2026-11-27",
      ]
    `);
  });

  it('reports a date that is no day of the calendar instead of rolling it over', () => {
    expect(messages('title: X\nsummary: s\nseverity: high\nowner: platform\nlastReviewed: 2024-02-30'))
      .toMatchInlineSnapshot(`
      [
        "content/runbooks/x.mdx:6 lastReviewed: found "2024-02-30"; expected a real day of the calendar as YYYY-MM-DD, like 2026-11-27 (February 2024 has 29 days)",
      ]
    `);
    expect(messages('title: X\nsummary: s\nseverity: high\nowner: platform\nlastReviewed: "2026-04-31"'))
      .toMatchInlineSnapshot(`
      [
        "content/runbooks/x.mdx:6 lastReviewed: found "2026-04-31"; expected a real day of the calendar as YYYY-MM-DD, like 2026-11-27 (April 2026 has 30 days)",
      ]
    `);
    expect(messages('title: X\nsummary: s\nseverity: high\nowner: platform\nlastReviewed: 2024-02-29')).toEqual([]);
  });

  it('points at the list item that is wrong', () => {
    expect(messages(`${VALID}\nalerts:\n  - GoodAlert\n  - "bad alert"`)).toMatchInlineSnapshot(`
      [
        "content/runbooks/x.mdx:9 alerts.1: found "bad alert"; expected use the alert name exactly as Prometheus names it, like KubePodCrashLooping",
      ]
    `);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(messages(`${VALID}\ntags: [cdn`)).toMatchInlineSnapshot(`
      [
        "content/runbooks/x.mdx:7 (frontmatter): found invalid YAML (Flow sequence in block collection must be sufficiently indented and end with a ]); expected valid YAML between "---" lines: quote values that contain ": " or start with a special character",
      ]
    `);
  });

  it('accepts a valid runbook and fills defaults', () => {
    const { problems, valid } = validateSchemas([runbook(`${VALID}\nservices: checkout-api`)]);
    expect(problems).toEqual([]);
    expect([...valid.values()][0]).toMatchObject({
      services: ['checkout-api'],
      status: 'reviewed',
      reviewEvery: 90,
      alerts: [],
    });
  });
});

describe('cross-references across the knowledge base', () => {
  let root: string;
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'paritybook-kb-'));
    await write('content/teams/platform.yaml', 'id: platform\nname: Platform\ncontact:\n  chat: "#platform"\n');
    await write(
      'content/services/checkout-api.yaml',
      'id: checkout-api\nname: Checkout\nowner: platform\nenvironments:\n  staging: { url: "http://127.0.0.1:1" }\n  production: { url: "http://127.0.0.1:2" }\n',
    );
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('accepts a consistent knowledge base', async () => {
    await write('content/runbooks/a.mdx', `---\n${VALID}\nservices: [checkout-api]\nalerts: [A]\n---\n`);
    await expect(assertValidContent(path.join(root, 'content'), root)).resolves.toEqual([]);
  });

  it('reports unknown owners, services and checklists, duplicate alerts and ids that differ from file names', async () => {
    await write('content/runbooks/a.mdx', `---\n${VALID}\nservices: [checkout-api]\nalerts: [A]\n---\n`);
    await write(
      'content/runbooks/b.mdx',
      `---\ntitle: B\nsummary: s\nseverity: low\nowner: payments\nlastReviewed: 2026-01-01\nservices: [checkout-api, billing]\nalerts: [A]\nchecklists: [nope]\n---\n`,
    );
    await write('content/teams/ops.yaml', 'id: operations\nname: Ops\ncontact:\n  chat: "#ops"\n');
    const problems = await checkContent(path.join(root, 'content'), root);
    expect(problems.map(formatProblem)).toMatchInlineSnapshot(`
      [
        "content/runbooks/b.mdx:5 owner: found "payments", which is not a team id; expected one of "ops", "platform" (files in content/teams/)",
        "content/runbooks/b.mdx:7 services.1: found "billing", which is not a service id; expected one of "checkout-api" (files in content/services/)",
        "content/runbooks/b.mdx:8 alerts.0: found "A", already answered by content/runbooks/a.mdx; expected each alert in exactly one runbook: remove it here or there, so /alerts/ links stay unambiguous",
        "content/runbooks/b.mdx:9 checklists.0: found "nope", which is not a checklist id; expected a checklist id: add content/checklists/nope.yaml first",
        "content/teams/ops.yaml:1 id: found "operations"; expected "ops", the file name without extension (or rename the file to operations.yaml)",
      ]
    `);
    await expect(assertValidContent(path.join(root, 'content'), root)).rejects.toBeInstanceOf(ContentError);
  });
});
