/**
 * Checks Prometheus alerting rules against the knowledge base: every alert needs a runbook,
 * and every `runbook_url` annotation must lead to a page the build produced.
 * Reads rule-group files (`groups:`) and PrometheusRule resources (`spec.groups:`).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { Problem } from './problem.ts';
import { readContent, type SourceFile } from './read.ts';
import { runbookSchema } from '../schemas/runbook.ts';
import { alertIndex, type AlertTarget } from '../search/alerts.ts';

export interface AlertRulesOptions {
  /** Alert name -> runbooks that list it (see `alertsFromContent`). */
  alerts: Map<string, AlertTarget[]>;
  /** Built site; when given, runbook_url paths must exist in it. */
  dist?: string;
  /** Path of the rules file, as shown in problems. */
  file?: string;
  /** Site origin; runbook_url on another host is reported. When unset, only the path is checked. */
  site?: string;
}

/** Alert index of a content folder, every runbook counted (needs-review too). */
export async function alertsFromContent(
  contentDir: string,
  rootDir = path.dirname(contentDir),
): Promise<Map<string, AlertTarget[]>> {
  return alertsOf(await readContent(contentDir, rootDir, ['runbooks']));
}

/** Alert index of files already read, every runbook counted (needs-review too). */
export function alertsOf(files: SourceFile[]): Map<string, AlertTarget[]> {
  const runbooks = files
    .filter((file) => file.collection === 'runbooks')
    .flatMap((file) => {
      const parsed = runbookSchema.safeParse(file.data);
      return parsed.success ? [{ id: file.id, data: parsed.data }] : [];
    });
  return alertIndex(runbooks);
}

interface RuleRef {
  alert: string;
  runbookUrl?: string;
  line?: number;
  urlLine?: number;
  field: string;
}

function rulesOf(text: string): { rules: RuleRef[]; errors: { line?: number; message: string }[] } {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  const docs = Array.isArray(documents) ? documents : [documents];
  const rules: RuleRef[] = [];
  const errors: { line?: number; message: string }[] = [];
  const lineOf = (node: YamlNode | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  docs.forEach((doc, docIndex) => {
    for (const error of doc.errors)
      errors.push({ line: lineCounter.linePos(error.pos[0]).line, message: error.message.split('\n')[0] });
    if (doc.errors.length > 0) return;
    const root = doc.contents;
    if (!isMap(root)) return;
    const spec = root.get('spec', true);
    const groups = (isMap(spec) ? spec.get('groups', true) : root.get('groups', true)) as YamlNode | undefined;
    if (!isSeq(groups)) return;
    const prefix = `${docs.length > 1 ? `doc${docIndex}.` : ''}${isMap(spec) ? 'spec.' : ''}groups`;
    groups.items.forEach((group, g) => {
      if (!isMap(group)) return;
      const list = group.get('rules', true);
      if (!isSeq(list)) return;
      list.items.forEach((rule, r) => {
        if (!isMap(rule)) return;
        const alert = rule.get('alert');
        if (typeof alert !== 'string') return;
        const annotations = rule.get('annotations', true);
        const urlNode = isMap(annotations) ? annotations.get('runbook_url', true) : undefined;
        const url = isMap(annotations) ? annotations.get('runbook_url') : undefined;
        rules.push({
          alert,
          runbookUrl: typeof url === 'string' ? url : undefined,
          line: lineOf(rule as YamlNode),
          urlLine: lineOf(urlNode as YamlNode | undefined),
          field: `${prefix}.${g}.rules.${r}`,
        });
      });
    });
  });
  return { rules, errors };
}

/** Expands the alert-name templates people put into runbook_url. */
export function expandRunbookUrl(url: string, alert: string): string {
  return url.replace(/\{\{\s*\$labels\.alertname\s*\}\}|\{\{\s*\.Labels\.alertname\s*\}\}|\$labels\.alertname/g, alert);
}

async function builtPageExists(dist: string, pathname: string): Promise<boolean> {
  const clean = decodeURIComponent(pathname).replace(/^\/+/, '');
  const candidates =
    clean === '' || clean.endsWith('/')
      ? [path.join(dist, clean, 'index.html')]
      : [path.join(dist, clean), path.join(dist, clean, 'index.html'), path.join(dist, `${clean}.html`)];
  for (const candidate of candidates) {
    if (!path.resolve(candidate).startsWith(path.resolve(dist))) return false;
    if ((await stat(candidate).catch(() => undefined))?.isFile()) return true;
  }
  return false;
}

/** Where a site path leads without a build: /alerts/<name>/ and /runbooks/<id>/ are known. */
function knownPath(pathname: string, alerts: Map<string, AlertTarget[]>): boolean {
  const decoded = decodeURIComponent(pathname);
  const alert = /^\/alerts\/([^/]+)\/?$/.exec(decoded)?.[1];
  if (alert) return alerts.has(alert);
  const normalized = decoded.endsWith('/') ? decoded : `${decoded}/`;
  return [...alerts.values()].some((targets) => targets.some((t) => decodeURIComponent(t.url) === normalized));
}

/** Checks a rules file's text; returns one problem per alert without a runbook or with a broken runbook_url. */
export async function checkAlertRules(rulesYaml: string, options: AlertRulesOptions): Promise<Problem[]> {
  const file = options.file ?? 'alert rules';
  const problems: Problem[] = [];
  const { rules, errors } = rulesOf(rulesYaml);
  for (const error of errors) {
    problems.push({
      file,
      line: error.line,
      field: '(file)',
      found: `invalid YAML (${error.message})`,
      expected: 'a Prometheus rule file with groups: [{name, rules: [...]}]',
      severity: 'error',
      rule: 'alert-rules-yaml',
    });
  }
  if (errors.length === 0 && rules.length === 0) {
    problems.push({
      file,
      field: '(file)',
      found: 'no alerting rules',
      expected: 'groups with rules that have an alert: name',
      severity: 'warning',
      rule: 'alert-rules-empty',
    });
  }
  for (const rule of rules) {
    if (!options.alerts.has(rule.alert)) {
      problems.push({
        file,
        line: rule.line,
        field: `${rule.field}.alert`,
        severity: 'error',
        rule: 'alert-without-runbook',
        found: `alert ${JSON.stringify(rule.alert)}, which no runbook lists`,
        expected: `a runbook with alerts: [${rule.alert}] (npm run new, or add it to the runbook that covers it)`,
      });
    }
    const field = `${rule.field}.annotations.runbook_url`;
    if (!rule.runbookUrl) {
      problems.push({
        file,
        line: rule.line,
        field,
        severity: 'warning',
        rule: 'runbook-url-missing',
        found: 'no runbook_url annotation',
        expected: `runbook_url: <site>/alerts/${rule.alert}/ so the page links straight to the runbook`,
      });
      continue;
    }
    const urlProblem = (found: string, expected: string) =>
      problems.push({
        file,
        line: rule.urlLine ?? rule.line,
        field,
        severity: 'error',
        rule: 'runbook-url',
        found,
        expected,
      });
    const expanded = expandRunbookUrl(rule.runbookUrl, rule.alert);
    let url: URL;
    try {
      url = new URL(expanded, options.site ?? 'http://site.invalid');
    } catch {
      urlProblem(JSON.stringify(rule.runbookUrl), 'a URL or a path on this site');
      continue;
    }
    if (options.site && url.origin !== new URL(options.site).origin) {
      urlProblem(
        `${JSON.stringify(rule.runbookUrl)}, on another site`,
        new URL(`/alerts/${rule.alert}/`, options.site).href,
      );
      continue;
    }
    const resolves = options.dist
      ? await builtPageExists(options.dist, url.pathname)
      : knownPath(url.pathname, options.alerts);
    if (!resolves) {
      urlProblem(
        `${JSON.stringify(rule.runbookUrl)}, which is not a page of the ${options.dist ? 'built ' : ''}site`,
        options.alerts.has(rule.alert)
          ? `/alerts/${rule.alert}/ (always leads to the runbook)`
          : `a runbook for ${rule.alert} first, then /alerts/${rule.alert}/`,
      );
    }
  }
  return problems;
}
