import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkContent, formatProblem, readContent, type SourceFile } from '../../src/content-check/index.ts';
import {
  changeSchema,
  runbookSchema,
  RUNBOOK_SECTIONS,
  SECURITY_AREAS,
  serviceSchema,
} from '../../src/schemas/index.ts';
import type { Change, Service } from '../../src/schemas/index.ts';
import { reviewInfo } from '../../src/lib/review.ts';

/**
 * The demo knowledge base is what a new user sees on first run, so it is held to more than the schema:
 * sections in reading order, links that resolve, a spread of review states and severities.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTENT = path.join(ROOT, 'content');
/** The demo is written as of this day; review states below are relative to it. */
const DEMO_TODAY = new Date('2026-11-27T00:00:00Z');

let files: SourceFile[];
const of = (collection: SourceFile['collection']) => files.filter((file) => file.collection === collection);
const ids = (collection: SourceFile['collection']) => new Set(of(collection).map((file) => file.id));

/** `## ` headings of a Markdown body, ignoring fenced code blocks. */
function h2Headings(body: string): string[] {
  const headings: string[] = [];
  let fence: string | undefined;
  for (const line of body.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      continue;
    }
    if (!fence && line.startsWith('## ')) headings.push(line.slice(3).trim());
  }
  return headings;
}

/** Body text of one `## ` section. */
function section(body: string, name: string): string {
  const start = body.indexOf(`\n## ${name}\n`);
  if (start === -1) return '';
  const rest = body.slice(start + name.length + 5);
  const end = rest.search(/\n## /);
  return end === -1 ? rest : rest.slice(0, end);
}

beforeAll(async () => {
  files = await readContent(CONTENT, ROOT);
});

describe('demo knowledge base', () => {
  it('passes the content check with no errors and no warnings', async () => {
    const problems = await checkContent(CONTENT, ROOT);
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('has the minimum counts: 2 teams, 3 services, 2 built-in checklists, 10 runbooks, 6 change notes', () => {
    expect([...ids('teams')].sort()).toEqual(['payments', 'platform']);
    expect(ids('services')).toEqual(new Set(['checkout-api', 'media-api', 'accounts-api']));
    expect(ids('checklists')).toEqual(new Set(['implementation', 'security-hardening']));
    expect(of('runbooks').length).toBeGreaterThanOrEqual(10);
    expect(of('changes').length).toBeGreaterThanOrEqual(6);
  });

  it('gives every service a staging and a production environment on distinct loopback URLs, and reasons for drift', () => {
    const urls = new Set<string>();
    for (const file of of('services')) {
      const service: Service = serviceSchema.parse(file.data);
      for (const environment of [service.environments.staging, service.environments.production]) {
        expect(environment.url, file.file).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        urls.add(environment.url);
      }
      expect(service.expectedDrift.length, file.file).toBeGreaterThanOrEqual(1);
      expect(service.links.length, file.file).toBeGreaterThanOrEqual(2);
      expect(service.probe.healthPath).toBe('/healthz');
    }
    expect(urls.size).toBe(of('services').length * 2);
    // The live demo starts checkout-api on these two ports.
    const checkout = serviceSchema.parse(of('services').find((file) => file.id === 'checkout-api')!.data);
    expect([checkout.environments.staging.url, checkout.environments.production.url]).toEqual([
      'http://127.0.0.1:18001',
      'http://127.0.0.1:18002',
    ]);
  });

  it('writes every runbook with the six sections in reading order, and a command to run in Mitigation', () => {
    for (const file of of('runbooks')) {
      expect(h2Headings(file.body), file.file).toEqual([...RUNBOOK_SECTIONS]);
      // A <Command> block, or in a note that uses no components, a fenced shell block.
      expect(section(file.body, 'Mitigation'), `${file.file} Mitigation`).toMatch(/<Command |```(sh|bash|console)\n/);
    }
  });

  it('embeds checklists in at least three runbooks', () => {
    expect(of('runbooks').filter((file) => file.body.includes('<Checklist ')).length).toBeGreaterThanOrEqual(3);
  });

  it('has a spread of review states as of the demo day: two overdue, one due within 14 days, one needs-review', () => {
    const runbooks = of('runbooks').map((file) => runbookSchema.parse(file.data));
    const states = runbooks.map((runbook) => reviewInfo(runbook, DEMO_TODAY).state);
    const count = (state: string) => states.filter((s) => s === state).length;
    expect(count('overdue')).toBeGreaterThanOrEqual(2);
    expect(count('due-soon')).toBeGreaterThanOrEqual(1);
    expect(count('needs-review')).toBeGreaterThanOrEqual(1);
    expect(count('ok')).toBeGreaterThanOrEqual(5);
    expect(new Set(runbooks.map((runbook) => runbook.severity))).toEqual(
      new Set(['critical', 'high', 'medium', 'low']),
    );
  });

  it('has change notes in every status, dated October to November 2026', () => {
    const changes: Change[] = of('changes').map((file) => changeSchema.parse(file.data));
    expect(new Set(changes.map((change) => change.status))).toEqual(new Set(['shipped', 'planned', 'rolled-back']));
    for (const change of changes) {
      expect(change.date.toISOString().slice(0, 7), change.title).toMatch(/^2026-(10|11)$/);
    }
    const covered = new Set(changes.flatMap((change) => change.securityItems.map((item) => item.area)));
    expect(covered).toEqual(new Set(SECURITY_AREAS));
  });

  it('includes the staging-parity practice note with all five security areas', () => {
    const file = of('changes').find((entry) => entry.id === 'staging-parity-behind-cdn');
    expect(file).toBeDefined();
    const change = changeSchema.parse(file!.data);
    expect(change.title).toBe('Keep staging close to production behind the CDN');
    expect(new Set(change.securityItems.map((item) => item.area))).toEqual(new Set(SECURITY_AREAS));
    expect(change.metric).toBeDefined();
    expect(change.checklists).toEqual(['implementation', 'security-hardening']);
    expect(h2Headings(file!.body)).toEqual(['Context', 'What was done', 'Verification', 'Notes']);
  });

  it('links only to notes and checklists that exist', () => {
    const known = { runbooks: ids('runbooks'), changes: ids('changes'), checklists: ids('checklists') };
    const broken: string[] = [];
    let links = 0;
    for (const file of [...of('runbooks'), ...of('changes')]) {
      for (const match of file.body.matchAll(/\]\(\/(runbooks|changes)\/([^/)#]+)\/?(?:#[^)]*)?\)/g)) {
        links++;
        if (!known[match[1] as 'runbooks' | 'changes'].has(match[2]))
          broken.push(`${file.file}: /${match[1]}/${match[2]}/`);
      }
      for (const match of file.body.matchAll(/<Checklist\s+use="([^"]+)"/g)) {
        if (!known.checklists.has(match[1])) broken.push(`${file.file}: <Checklist use="${match[1]}">`);
      }
    }
    expect(broken).toEqual([]);
    expect(links).toBeGreaterThanOrEqual(20);
  });

  it('contains no credentials, only references to where they live', () => {
    const leaks: string[] = [];
    const patterns = [
      /\b(?:postgres(?:ql)?|mysql|redis):\/\/[^\s:@/]+:[^\s@*$]+@/i, // DSN with a literal password
      /\bBearer\s+(?!\$)[A-Za-z0-9._~+/-]{16,}/, // a literal bearer token
      /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
      /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    ];
    for (const file of files) {
      const text = `${JSON.stringify(file.data)}\n${file.body}`;
      for (const pattern of patterns) if (pattern.test(text)) leaks.push(`${file.file}: ${pattern}`);
    }
    expect(leaks).toEqual([]);
  });
});
