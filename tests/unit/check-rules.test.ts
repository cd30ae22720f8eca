import { describe, expect, it } from 'vitest';
import { checkCase } from './check-fixtures.ts';

// Each rule: a fixture that passes (no problem at all) and one that fails, with the exact messages.

describe('yaml-syntax', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('yaml-syntax', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('yaml-syntax', 'fail')).toMatchInlineSnapshot(`
      [
        "[yaml-syntax] error content/runbooks/case.mdx:3 (frontmatter): found invalid YAML (Nested mappings are not allowed in compact mappings); expected valid YAML between "---" lines: quote values that contain ": " or start with a special character",
      ]
    `);
  });
});

describe('schema', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('schema', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('schema', 'fail')).toMatchInlineSnapshot(`
      [
        "[schema] error content/runbooks/case.mdx:6 severity: found "urgent"; expected one of "critical", "high", "medium", "low", "info"",
        "[schema] error content/runbooks/case.mdx:8 lastReviewed: found "last week"; expected write a date as YYYY-MM-DD, like 2026-11-27",
        "[schema] error content/runbooks/case.mdx:9 reviewEvery: found 0; expected more than 0",
      ]
    `);
  });
});

describe('reference', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('reference', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('reference', 'fail')).toMatchInlineSnapshot(`
      [
        "[reference] error content/runbooks/case.mdx:4 services.1: found "billing-api", which is not a service id; expected one of "checkout-api" (files in content/services/)",
        "[reference] error content/runbooks/case.mdx:7 owner: found "paymnets", which is not a team id; expected one of "payments", "platform" (files in content/teams/)",
      ]
    `);
  });
});

describe('id-matches-file', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('id-matches-file', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('id-matches-file', 'fail')).toMatchInlineSnapshot(`
      [
        "[id-matches-file] error content/teams/sre.yaml:1 id: found "site-reliability"; expected "sre", the file name without extension (or rename the file to site-reliability.yaml)",
      ]
    `);
  });
});

describe('duplicate-alert', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('duplicate-alert', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('duplicate-alert', 'fail')).toMatchInlineSnapshot(`
      [
        "[duplicate-alert] error content/runbooks/db-pool.mdx:5 alerts.0: found "CheckoutDbPoolExhausted", already answered by content/runbooks/case.mdx; expected each alert in exactly one runbook: remove it here or there, so /alerts/ links stay unambiguous",
      ]
    `);
  });
});

describe('mdx-syntax', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('mdx-syntax', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('mdx-syntax', 'fail')).toMatchInlineSnapshot(`
      [
        "[mdx-syntax] error content/runbooks/case.mdx:21 (body): found MDX that does not parse (Could not parse expression with oxc: Invalid characters after number); expected valid MDX: write \\< and \\{ for a literal < or {, close every <Component>, or put code in \`backticks\`",
      ]
    `);
  });
});

describe('mdx-component', () => {
  it('passes shared components, imported ones and checklists that exist', async () => {
    expect(await checkCase('mdx-component', 'pass')).toEqual([]);
  });
  it('reports components the build cannot render', async () => {
    expect(await checkCase('mdx-component', 'fail')).toMatchInlineSnapshot(`
      [
        "[mdx-component] error content/runbooks/case.mdx:21 <Callot>: found <Callot>, which is not a component notes can use; expected <Callout>, or one of <Callout>, <Checklist>, <Command>, <Metric> (src/user-components/), or an import at the top of the file",
        "[reference] error content/runbooks/case.mdx:23 <Checklist>: found use="implementaton", which is not a checklist id; expected one of "implementation" (files in content/checklists/)",
        "[mdx-component] error content/runbooks/case.mdx:25 <Checklist>: found a <Checklist> without use or items; expected use="<checklist id>" to embed a checklist, or items={["First step", "Second step"]}",
        "[mdx-component] error content/runbooks/case.mdx:27 <QueueChart>: found <QueueChart>, which is not a component notes can use; expected one of <Callout>, <Checklist>, <Command>, <Metric> (src/user-components/), or an import at the top of the file",
        "[mdx-component] error content/runbooks/case.mdx:29 <Command>: found <Command> without code; expected code="...": required by <Command> (src/user-components/props.ts)",
      ]
    `);
  });
});

describe('link', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('link', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('link', 'fail')).toMatchInlineSnapshot(`
      [
        "[link] error content/runbooks/case.mdx:21 link: found "/runbooks/db-pol/", but there is no runbook "db-pol"; expected an existing page, like /runbooks/db-pool/",
        "[link] error content/runbooks/case.mdx:21 link: found "/runbooks/db-pool/#mitigaton", but /runbooks/db-pool/ has no heading with id "mitigaton"; expected #mitigation (headings there: #meaning, #impact, #diagnosis, #check-pg_stat_activity, #mitigation, #rollback, #escalation)",
        "[link] error content/runbooks/case.mdx:22 link: found "./db-pool.mdx", a link to a source file; expected the page link /runbooks/db-pool/ (source files are not published)",
        "[link] error content/runbooks/case.mdx:22 link: found "/nowhere/", which is no page of this site; expected a link to an existing page, like /runbooks/<id>/, or a full https:// URL for other sites",
        "[link] error content/runbooks/case.mdx:22 link: found "#impakt", but /runbooks/case/ has no heading with id "impakt"; expected #impact (headings there: #meaning, #impact, #diagnosis, #mitigation, #rollback, #escalation)",
        "[link] error content/runbooks/case.mdx:23 link: found "/alerts/CheckoutQueueBacklg/", but no runbook lists the alert "CheckoutQueueBacklg"; expected an existing page, like /alerts/CheckoutQueueBacklog/",
        "[link] error content/runbooks/case.mdx:23 link: found "../db-pool/#check-pg-stat-activity", but /runbooks/db-pool/ has no heading with id "check-pg-stat-activity"; expected #check-pg_stat_activity (headings there: #meaning, #impact, #diagnosis, #check-pg_stat_activity, #mitigation, #rollback, #escalation)",
      ]
    `);
  });
});

describe('link (fixed pages, public files and template anchors)', () => {
  it('passes links to the pages of the route model, files in public/ and ids the templates add', async () => {
    expect(await checkCase('link-pages', 'pass')).toEqual([]);
  });
  it('reports paths that are no page of the site, and public files that are not there', async () => {
    expect(await checkCase('link-pages', 'fail')).toMatchInlineSnapshot(`
      [
        "[link] error content/runbooks/case.mdx:21 link: found "/rss.xml", which is no page of this site; expected a link to an existing page, like /runbooks/<id>/, or a full https:// URL for other sites",
        "[link] error content/runbooks/case.mdx:21 link: found "/favicon.svg", which is no page of this site; expected a link to an existing page, like /runbooks/<id>/, or a full https:// URL for other sites",
      ]
    `);
  });
});

describe('image-alt', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('image-alt', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('image-alt', 'fail')).toMatchInlineSnapshot(`
      [
        "[image-alt] error content/runbooks/case.mdx:21 image: found "/img/queue.png" without alt text; expected a description in the brackets, like ![Grafana panel: p95 latency doubles at 10:40](...), for screen readers and when images do not load",
        "[image-alt] error content/runbooks/case.mdx:23 image: found "/img/queue.png" without alt text; expected an alt="..." describing the image (alt="" only for decoration), for screen readers and when images do not load",
      ]
    `);
  });
});

describe('image-missing', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('image-missing', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('image-missing', 'fail')).toMatchInlineSnapshot(`
      [
        "[image-missing] error content/runbooks/case.mdx:21 image: found "/img/missing.png", but public/img/missing.png does not exist; expected a file under public/ (a src starting with / is served from public/)",
        "[image-missing] error content/runbooks/case.mdx:23 image: found "./images/panel.png", but content/runbooks/images/panel.png does not exist; expected a path relative to this file, like ./images/panel.png",
      ]
    `);
  });
});

describe('runbook-sections', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('runbook-sections', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('runbook-sections', 'fail')).toMatchInlineSnapshot(`
      [
        "[runbook-sections] error content/runbooks/case.mdx:19 ## Mitigation: found an empty "## Mitigation" section; expected the steps that stop the impact, safest first, under the heading",
        "[runbook-sections] error content/runbooks/case.mdx:21 ## Rollback: found no "## Rollback" section; expected a "## Rollback" section with how to undo the mitigation (write "Nothing to roll back." when there is nothing to undo)",
        "[runbook-sections] warning content/runbooks/case.mdx:25 ## Impact: found "## Impact" after "## Escalation"; expected the sections in the order on-call reads them: Meaning, Impact, Diagnosis, Mitigation, Rollback, Escalation",
      ]
    `);
  });
});

describe('change-rollback', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('change-rollback', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('change-rollback', 'fail')).toMatchInlineSnapshot(`
      [
        "[change-rollback] error content/changes/2026-11-21-workers.mdx:9 rollback: found nothing; expected how to undo the change, step by step, like "Revert the PR, then run the same command": a change note without a rollback is not merged",
        "[change-rollback] error content/changes/2026-11-22-workers-again.mdx:9 rollback: found "TBD", a placeholder; expected how to undo the change, step by step, like "Revert the PR, then run the same command": a change note without a rollback is not merged",
      ]
    `);
  });
});

describe('change-expected-result', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('change-expected-result', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('change-expected-result', 'fail')).toMatchInlineSnapshot(`
      [
        "[change-expected-result] error content/changes/2026-11-21-workers.mdx:8 expectedResult: found ""; expected what should be true after the change, so whoever watches the release can tell it worked, like "Uploads up to 25 MiB succeed; larger ones get 413"",
        "[change-expected-result] error content/changes/2026-11-22-workers-again.mdx:9 expectedResult: found nothing; expected what should be true after the change, so whoever watches the release can tell it worked, like "Uploads up to 25 MiB succeed; larger ones get 413"",
      ]
    `);
  });
});

describe('review-overdue', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('review-overdue', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('review-overdue', 'fail')).toMatchInlineSnapshot(`
      [
        "[review-overdue] warning content/runbooks/case.mdx:8 lastReviewed: found 2026-06-01, review overdue by 89 days (due 2026-08-30); expected a review: check the runbook against the service as it is now, fix what changed, then set lastReviewed: 2026-11-27",
      ]
    `);
  });
});

describe('todo', () => {
  it('passes a correct note', async () => {
    expect(await checkCase('todo', 'pass')).toEqual([]);
  });
  it('reports the failing note', async () => {
    expect(await checkCase('todo', 'fail')).toMatchInlineSnapshot(`
      [
        "[todo] warning content/runbooks/case.mdx:3 summary: found "TODO: one sentence"; expected your own text in place of the TODO from npm run new",
        "[todo] warning content/runbooks/case.mdx:25 (body): found "TODO: the steps that stop the impact."; expected your own text in place of the TODO from npm run new",
        "[todo] warning content/services/new-api.yaml:5 environments.staging.url: found the placeholder URL "https://new-api.staging.invalid"; expected the real URL of the environment",
      ]
    `);
  });
});

describe('unsafe-url', () => {
  it('passes https links, page paths and mailto', async () => {
    expect(await checkCase('unsafe-url', 'pass')).toEqual([]);
  });
  it('reports javascript:, data: and vbscript: links, however they are spelt', async () => {
    expect(await checkCase('unsafe-url', 'fail')).toMatchInlineSnapshot(`
      [
        "[unsafe-url] error content/runbooks/case.mdx:21 link: found "javascript:alert(1)", a javascript: URL, which runs script in the page when clicked; expected an https:// URL, or a page path like /runbooks/<id>/",
        "[unsafe-url] error content/runbooks/case.mdx:21 link: found "data:text/html,hello", a data: URL, which opens content carried in the link itself, not a page of any site; expected an https:// URL, or a page path like /runbooks/<id>/",
        "[unsafe-url] error content/runbooks/case.mdx:22 <a href>: found "JAVA\\nSCRIPT:alert(2)", a javascript: URL, which runs script in the page when clicked; expected an https:// URL, or a page path like /runbooks/<id>/",
        "[unsafe-url] error content/runbooks/case.mdx:24 link: found "javascript:alert(5)", a javascript: URL, which runs script in the page when clicked; expected an https:// URL, or a page path like /runbooks/<id>/",
        "[unsafe-url] error content/runbooks/case.mdx:26 link: found "vbscript:msgbox(3)", a vbscript: URL, which runs script in the page when clicked; expected an https:// URL, or a page path like /runbooks/<id>/",
        "[unsafe-url] error content/runbooks/escaped.md:21 link: found "javascript:alert(4)", a javascript: URL, which runs script in the page when clicked; expected an https:// URL, or a page path like /runbooks/<id>/",
        "[unsafe-url] error content/runbooks/escaped.md:21 link: found "JAVASCRIPT:alert(6)", a javascript: URL, which runs script in the page when clicked; expected an https:// URL, or a page path like /runbooks/<id>/",
        "[unsafe-url] error content/runbooks/escaped.md:23 link: found "DATA:text/html,x", a data: URL, which opens content carried in the link itself, not a page of any site; expected an https:// URL, or a page path like /runbooks/<id>/",
      ]
    `);
  });
});

describe('unsafe-html', () => {
  it('passes an iframe from an origin in embedOrigins, and harmless HTML', async () => {
    expect(await checkCase('unsafe-html', 'pass')).toEqual([]);
  });
  it('reports script, handlers, embeds and raw HTML in MDX and Markdown', async () => {
    expect(await checkCase('unsafe-html', 'fail')).toMatchInlineSnapshot(`
      [
        "[unsafe-html] error content/runbooks/case.mdx:21 <script>: found <script>, which runs a script in every reader’s browser; expected no script in a note: behaviour belongs in a component under src/user-components/, code to show in a \`\`\` block",
        "[unsafe-html] error content/runbooks/case.mdx:23 <img onError>: found onError="alert(1)" on <img>, an event handler, which runs script; expected no event handlers in a note: remove the attribute (behaviour belongs in a component under src/user-components/)",
        "[unsafe-html] error content/runbooks/case.mdx:25 <iframe>: found <iframe src="https://grafana.example.com/d/queue">, which embeds a page from another site this note does not trust; expected a link to the page instead, or embedOrigins: [https://grafana.example.com] in the frontmatter if you trust that site (docs/security.md, "What the check refuses")",
        "[unsafe-html] error content/runbooks/case.mdx:27 <div set:html>: found set:html on <div>, which writes raw HTML into the page unchecked; expected the content written as Markdown or MDX in the note itself",
        "[unsafe-html] error content/runbooks/case.mdx:29 <base>: found <base>, which changes where every link and script of the page points; expected no <base> in a note: link to what it would load instead (only <iframe> can be allowed, with embedOrigins)",
        "[unsafe-html] error content/runbooks/case.mdx:31 <object>: found <object>, which embeds a plugin or another file; expected no <object> in a note: link to what it would load instead (only <iframe> can be allowed, with embedOrigins)",
        "[unsafe-html] error content/runbooks/raw.md:21 <embed>: found <embed>, which embeds a plugin or another file; expected no <embed> in a note: link to what it would load instead (only <iframe> can be allowed, with embedOrigins)",
        "[unsafe-html] error content/runbooks/raw.md:21 <a onmouseover>: found onmouseover="alert(2)" on <a>, an event handler, which runs script; expected no event handlers in a note: remove the attribute (behaviour belongs in a component under src/user-components/)",
      ]
    `);
  });
});

describe('file-name', () => {
  it('passes letters, digits, dashes and underscores', async () => {
    expect(await checkCase('file-name', 'pass')).toEqual([]);
  });
  it('reports a name the page address would change', async () => {
    expect(await checkCase('file-name', 'fail')).toMatchInlineSnapshot(`
      [
        "[file-name] error content/runbooks/Queue backlog (old).mdx (file): found the name "Queue backlog (old).mdx", with "(", ")", which page addresses and search do not keep as written; expected "queue-backlog-old.mdx" or another name of letters a-z, digits, dashes and underscores (the file name is the page address)",
      ]
    `);
  });
});

describe('duplicate-page', () => {
  it('passes two notes with two pages', async () => {
    expect(await checkCase('duplicate-page', 'pass')).toEqual([]);
  });
  it('reports both files of one page', async () => {
    expect(await checkCase('duplicate-page', 'fail')).toMatchInlineSnapshot(`
      [
        "[duplicate-page] error content/runbooks/DB-Pool.md (file): found a second file for the page /runbooks/db-pool/: content/runbooks/db-pool.mdx makes it too; expected one file per page: rename or remove all but one (the build keeps one of them, with only a warning, and which one is left to chance)",
        "[duplicate-page] error content/runbooks/db-pool.mdx (file): found a second file for the page /runbooks/db-pool/: content/runbooks/DB-Pool.md makes it too; expected one file per page: rename or remove all but one (the build keeps one of them, with only a warning, and which one is left to chance)",
      ]
    `);
  });
});

describe('review-date', () => {
  it('passes a review date one day ahead (a time zone east of UTC)', async () => {
    expect(await checkCase('review-date', 'pass')).toEqual([]);
  });
  it('reports a review date further ahead', async () => {
    expect(await checkCase('review-date', 'fail')).toMatchInlineSnapshot(`
      [
        "[review-date] error content/runbooks/case.mdx:8 lastReviewed: found 2026-11-29, a day that has not come yet (today is 2026-11-27); expected the day the runbook was last reviewed, today at the latest: lastReviewed: 2026-11-27",
      ]
    `);
  });
});
