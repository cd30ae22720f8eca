import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAlertRules, expandRunbookUrl } from '../../src/content-check/alert-rules.ts';
import { alertIndex } from '../../src/search/alerts.ts';

const alerts = alertIndex([
  {
    id: 'cdn-502-504',
    data: { title: 'CDN 502', alerts: ['CheckoutOrigin5xxHigh'], severity: 'critical', status: 'reviewed' },
  },
]);

const rules = (url: string, alert = 'CheckoutOrigin5xxHigh') => `groups:
  - name: g
    rules:
      - alert: ${alert}
        expr: up == 0
        annotations:
          runbook_url: ${url}
`;

describe('checkAlertRules', () => {
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(os.tmpdir(), 'paritybook-rules-'));
    await mkdir(path.join(dist, 'alerts/CheckoutOrigin5xxHigh'), { recursive: true });
    await writeFile(path.join(dist, 'alerts/CheckoutOrigin5xxHigh/index.html'), '<html></html>');
  });
  afterAll(() => rm(dist, { recursive: true, force: true }));

  it('accepts an alert URL that resolves in the built site, with the alertname template expanded', async () => {
    expect(
      await checkAlertRules(rules('https://kb.example.com/alerts/{{ $labels.alertname }}/'), { alerts, dist }),
    ).toEqual([]);
  });

  it('reports a runbook_url that is no built page, with file, line and field', async () => {
    const problems = await checkAlertRules(rules('/runbooks/nope/'), { alerts, dist, file: 'rules.yaml' });
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'rules.yaml',
        line: 7,
        field: 'groups.0.rules.0.annotations.runbook_url',
        rule: 'runbook-url',
        severity: 'error',
      }),
    ]);
  });

  it('reports an alert no runbook covers', async () => {
    const problems = await checkAlertRules(rules('/alerts/Unknown/', 'Unknown'), { alerts });
    expect(problems.map((p) => p.rule)).toEqual(['alert-without-runbook', 'runbook-url']);
  });

  it('reads PrometheusRule resources and warns about a missing runbook_url', async () => {
    const text = `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: CheckoutOrigin5xxHigh\n          expr: up == 0\n`;
    const problems = await checkAlertRules(text, { alerts });
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.groups.0.rules.0.annotations.runbook_url',
        severity: 'warning',
        rule: 'runbook-url-missing',
      }),
    ]);
  });

  it('reports invalid YAML instead of throwing', async () => {
    const problems = await checkAlertRules('groups: [', { alerts });
    expect(problems[0]).toMatchObject({ rule: 'alert-rules-yaml', severity: 'error' });
  });

  it('expands the common alertname templates', () => {
    expect(expandRunbookUrl('/alerts/{{$labels.alertname}}/', 'X')).toBe('/alerts/X/');
  });
});

describe('check-alert-rules command', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/check-alert-rules.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PARITYBOOK_CONTENT_DIR: '' },
    });

  it('exits 1 and lists each uncovered alert and unresolved runbook_url of the fixture against the demo content', () => {
    const result = run('--alert-rules', 'tests/fixtures/alert-rules.yaml', '--content', 'content');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'tests/fixtures/alert-rules.yaml:9 groups.0.rules.1.alert: found alert "CheckoutLatencyHigh", which no runbook lists',
    );
    expect(result.stdout).toContain('groups.0.rules.1.annotations.runbook_url');
    expect(result.stdout).not.toContain('CheckoutOrigin5xxHigh');
    expect(result.stdout).toMatch(/2 error\(s\), 0 warning\(s\)/);
  });

  it('exits 2 with a hint when no rules file is given', () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--alert-rules');
  });
});
