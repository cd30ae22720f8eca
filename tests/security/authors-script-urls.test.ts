/**
 * Case 6, script URLs and raw HTML: a `javascript:` pull-request link in frontmatter, `javascript:`/`data:`
 * links in Markdown and MDX, and `<script>`, `onerror=`, `<iframe>`, `<object>`, `<embed>` in MDX and Markdown
 * bodies. Each used to reach dist/ (only the CSP stopped them); now the check and the build refuse them with
 * file and line. An iframe from an origin the note lists in `embedOrigins` is the one thing allowed.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNpm } from '../support/project-copy.ts';
import {
  authorsProject,
  buildProblems,
  checkErrors,
  filesContaining,
  lineOf,
  runbook,
  write,
} from './authors-project.ts';

const project = authorsProject('script-urls');

const CHANGE = 'content/changes/2026-11-25-evil-links.mdx';
const MDX = 'content/runbooks/script-in-mdx.mdx';
const MARKDOWN = 'content/runbooks/script-in-markdown.md';

const change = write(
  project,
  CHANGE,
  [
    '---',
    'title: Raise the worker count',
    'date: 2026-11-25',
    'services: [checkout-api]',
    'owner: payments',
    'reason: The queue backs up at peak.',
    'expectedResult: The queue drains within a minute.',
    'rollback: Scale back to 4 workers.',
    'status: shipped',
    'links:',
    '  pr: "javascript:alert(1)"',
    '---',
    '',
    'Scaled from 4 to 8 workers.',
    '',
  ].join('\n'),
);

const mdx = write(
  project,
  MDX,
  runbook('ScriptInMdx', {
    meaning: [
      'See [the dashboard](javascript:alert(2)) and [a copy](data:text/html;base64,PHNjcmlwdD4=).',
      '',
      '<script>alert(3)</script>',
      '',
      '<img src="/favicon.svg" alt="Queue depth" onerror="alert(4)" />',
      '',
      '<iframe src="https://evil.example/panel"></iframe>',
      '',
      '<object data="https://evil.example/x.swf"></object>',
      '',
      '<embed src="https://evil.example/x.swf" />',
      '',
      '<a href="java&#9;script:alert(5)">escalate</a>',
    ].join('\n'),
  }),
);

const markdown = write(
  project,
  MARKDOWN,
  runbook('ScriptInMarkdown', {
    meaning: [
      'Open <a href="vbscript:msgbox(6)">the console</a>.',
      '',
      '<div>',
      '<IMG SRC="/favicon.svg" ALT="x" OnError=alert(7)>',
      '</div>',
      '',
      '<script>',
      'alert(8)',
      '</script>',
    ].join('\n'),
  }),
);

const UNSAFE_LINK = 'expected an https:// URL, or a page path like /runbooks/<id>/ [unsafe-url]';
const HANDLER =
  'expected no event handlers in a note: remove the attribute (behaviour belongs in a component under src/user-components/) [unsafe-html]';
const SCRIPT =
  'expected no script in a note: behaviour belongs in a component under src/user-components/, code to show in a ``` block [unsafe-html]';
const PLUGIN = (tag: string) =>
  `expected no ${tag} in a note: link to what it would load instead (only <iframe> can be allowed, with embedOrigins) [unsafe-html]`;

const EXPECTED_ERRORS = [
  `${CHANGE}:${lineOf(change, 'pr:')} links.pr: found "javascript:alert(1)"; expected use an https:// (or http://) URL, or a path on this site like /runbooks/db-pool/ [schema]`,
  `${MARKDOWN}:${lineOf(markdown, 'vbscript')} <a href>: found "vbscript:msgbox(6)", a vbscript: URL, which runs script in the page when clicked; ${UNSAFE_LINK}`,
  `${MARKDOWN}:${lineOf(markdown, 'OnError')} <img onerror>: found onerror="alert(7)" on <img>, an event handler, which runs script; ${HANDLER}`,
  `${MARKDOWN}:${lineOf(markdown, '<script>')} <script>: found <script>, which runs a script in every reader’s browser; ${SCRIPT}`,
  `${MDX}:${lineOf(mdx, 'javascript:alert(2)')} link: found "javascript:alert(2)", a javascript: URL, which runs script in the page when clicked; ${UNSAFE_LINK}`,
  `${MDX}:${lineOf(mdx, 'data:text/html')} link: found "data:text/html;base64,PHNjcmlwdD4=", a data: URL, which opens content carried in the link itself, not a page of any site; ${UNSAFE_LINK}`,
  `${MDX}:${lineOf(mdx, '<script>')} <script>: found <script>, which runs a script in every reader’s browser; ${SCRIPT}`,
  `${MDX}:${lineOf(mdx, 'onerror')} <img onerror>: found onerror="alert(4)" on <img>, an event handler, which runs script; ${HANDLER}`,
  `${MDX}:${lineOf(mdx, '<iframe')} <iframe>: found <iframe src="https://evil.example/panel">, which embeds a page from another site this note does not trust; expected a link to the page instead, or embedOrigins: [https://evil.example] in the frontmatter if you trust that site (docs/security.md, "What the check refuses") [unsafe-html]`,
  `${MDX}:${lineOf(mdx, '<object')} <object>: found <object>, which embeds a plugin or another file; ${PLUGIN('<object>')}`,
  `${MDX}:${lineOf(mdx, '<embed')} <embed>: found <embed>, which embeds a plugin or another file; ${PLUGIN('<embed>')}`,
  `${MDX}:${lineOf(mdx, 'escalate')} <a href>: found "java\\tscript:alert(5)", a javascript: URL, which runs script in the page when clicked; ${UNSAFE_LINK}`,
];

describe('script URLs and raw HTML in notes', () => {
  it('npm run check refuses each one, naming file and line', () => {
    const result = runNpm(project, 'check');
    expect(result.code).toBe(1);
    expect(checkErrors(result.stdout)).toEqual(EXPECTED_ERRORS);
  });

  it('npm run build refuses them before rendering, with the same lines', { timeout: 300_000 }, () => {
    const result = runNpm(project, 'build', ['--skip-snapshot']);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code).toBe(1);
    expect(buildProblems(output)).toEqual(EXPECTED_ERRORS.map((line) => line.replace(/ \[[a-z-]+\]$/, '')));
    expect(output).toContain('Fix each line above');
    expect(existsSync(path.join(project, 'dist'))).toBe(false);
  });

  it('builds an iframe from an origin the note trusts, and nothing else of the kind', { timeout: 300_000 }, () => {
    for (const file of [CHANGE, MDX, MARKDOWN]) rmSync(path.join(project, file));
    const trusting = 'content/runbooks/queue-dashboard.mdx';
    const iframe = '<iframe src="https://grafana.example.com/d/queue?orgId=1" title="Queue depth"></iframe>';
    write(
      project,
      trusting,
      runbook('QueueDashboard', { frontmatter: ['embedOrigins: [https://grafana.example.com]'], meaning: iframe }),
    );
    const check = runNpm(project, 'check');
    expect(check.code, check.stdout).toBe(0);
    const build = runNpm(project, 'build', ['--skip-snapshot']);
    expect(build.code, `${build.stdout}\n${build.stderr}`.slice(-3000)).toBe(0);
    const page = readFileSync(path.join(project, 'dist/runbooks/queue-dashboard/index.html'), 'utf8');
    expect(page).toContain('<iframe src="https://grafana.example.com/d/queue?orgId=1" title="Queue depth">');
    expect(filesContaining(path.join(project, 'dist'), 'javascript:')).toEqual([]);
  });
});
