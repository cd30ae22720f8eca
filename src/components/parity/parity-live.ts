/**
 * Parity panels without a rebuild: pages carry the build's snapshot and read fully without
 * JavaScript; this script keeps each panel's age current and, when `npm run snapshot -- --publish`
 * wrote newer data to /parity/history.json, redraws the panel from it. Text only (textContent),
 * one same-origin request: it works under the production CSP (script-src 'self', connect-src 'self').
 */
import { groupRows } from '../../parity/causes.ts';
import {
  formatAge,
  formatTime,
  severityClass,
  severityLabel,
  stateBadge,
  type EnvironmentState,
} from '../../parity/format.ts';
import { driftRows, isUnexpected, tableRows, type DriftDetail, type TableRow } from '../../parity/rows.ts';
import type { DriftEntry, DriftSeverity } from '../../schemas/snapshot.ts';

/** Mirrors src/parity/published.ts (not imported: it brings zod and node modules along). */
const PUBLISHED_URL = '/parity/history.json';

interface Panel {
  asOf: string | null;
  worst: DriftSeverity | null;
  same: number;
  environments: Record<string, { state: string; takenAt: string | null }>;
  rows: DriftEntry[];
}

interface Published {
  format: string;
  updatedAt: string;
  services: Record<string, { panel?: Panel }>;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function code(text: string): HTMLElement {
  return element('code', text);
}

function timeOf(iso: string): HTMLTimeElement {
  const node = element('time', formatTime(iso));
  node.dateTime = iso;
  return node;
}

/** One table row, the same markup ParityPanel.astro renders. */
function rowElement(row: TableRow, detail: DriftDetail): HTMLTableRowElement {
  const tr = element('tr');
  tr.dataset.parityPath = row.path;
  tr.dataset.class = row.class;
  tr.dataset.severity = row.severity;
  if (row.isNew) tr.dataset.new = 'true';
  const head = element('th');
  head.scope = 'row';
  if (row.members) {
    const details = element('details', undefined, 'parity-cause');
    details.append(element('summary', `${row.path} (${row.members.length} paths)`));
    const list = element('ul');
    for (const member of row.members) {
      const item = element('li');
      item.dataset.parityMember = member.path;
      item.append(code(member.path), ': ', code(member.staging), ' → ', code(member.production));
      list.append(item);
    }
    details.append(list);
    head.append(details);
  } else head.append(code(row.path));
  if (row.isNew) head.append(element('span', 'new', 'badge new'));
  const staging = element('td');
  staging.append(code(row.staging));
  const production = element('td');
  production.append(code(row.production));
  const klass = element('td', row.class);
  for (const note of row.notes) klass.append(element('div', note, 'muted parity-reason'));
  const severity = element('td');
  severity.append(element('span', row.severity, `badge ${row.severity}`));
  tr.append(head, staging, production, klass, severity);
  if (detail === 'full') {
    const since = element('td');
    since.append(row.since ? timeOf(row.since) : '—');
    tr.append(since);
  }
  return tr;
}

function setBadge(node: Element | null, text: string, kind: string): void {
  if (!node) return;
  node.textContent = text;
  node.className = `badge ${kind}`;
}

/** Counts as ParityState.astro words them. */
export function countsText(rows: DriftEntry[]): string {
  const unexpected = rows.filter(isUnexpected);
  const critical = unexpected.filter((e) => e.severity === 'critical').length;
  const warning = unexpected.filter((e) => e.severity === 'warning').length;
  const fresh = unexpected.filter((e) => e.new).length;
  return `${critical} critical, ${warning} warning${fresh ? `, ${fresh} new` : ''}`;
}

function redraw(root: HTMLElement, panel: Panel): void {
  const detail: DriftDetail = root.dataset.parityLive === 'compact' ? 'compact' : 'full';
  root.dataset.parityWorst = panel.worst ?? 'none';
  root.dataset.parityAsOf = panel.asOf ?? '';
  setBadge(root.querySelector('[data-parity-badge]'), severityLabel(panel.worst), severityClass(panel.worst));
  const counts = root.querySelector('[data-parity-counts]');
  if (counts) counts.textContent = countsText(panel.rows);
  for (const [name, env] of Object.entries(panel.environments)) {
    const holder = root.querySelector<HTMLElement>(`[data-parity-env="${name}"]`);
    if (!holder) continue;
    holder.dataset.state = env.state;
    setBadge(holder.querySelector('[data-parity-state]'), env.state, stateBadge(env.state as EnvironmentState));
  }
  const body = root.querySelector('tbody[data-parity-rows]');
  if (body) {
    const rows = driftRows(panel.rows, detail);
    body.replaceChildren(...tableRows(groupRows(rows)).map((row) => rowElement(row, detail)));
    const wrap = root.querySelector<HTMLElement>('.parity-table-wrap');
    if (wrap) wrap.hidden = rows.length === 0;
    const none = root.querySelector<HTMLElement>('.parity-none');
    if (none) none.hidden = rows.length > 0;
  }
  const top = root.querySelector('[data-parity-top]');
  if (top) {
    const rows = driftRows(panel.rows, 'compact').slice(0, 3);
    top.replaceChildren(
      ...rows.map((row) => {
        const item = element('li');
        item.dataset.parityPath = row.path;
        item.append(code(row.path), ' ', String(row.staging ?? '—'), ' → ', String(row.production ?? '—'), ' ');
        item.append(element('span', row.severity, `badge ${row.severity}`));
        if (row.new) item.append(' ', element('span', 'new', 'badge new'));
        if (row.since) item.append(' since ', timeOf(row.since));
        return item;
      }),
    );
  }
}

/** Rewrites the age line against the current time, and says where the data came from. */
function refreshAge(root: HTMLElement, source?: string): void {
  const asOf = root.dataset.parityAsOf;
  const age = root.querySelector('[data-parity-age]');
  if (!age || !asOf) return;
  const time = age.querySelector('time');
  if (time) {
    time.dateTime = asOf;
    time.textContent = formatTime(asOf);
  }
  const text = age.querySelector('[data-parity-age-text]');
  if (text) text.textContent = `(${formatAge(asOf, new Date().toISOString())} old)`;
  const from = age.querySelector('[data-parity-age-source]');
  if (from && source) from.textContent = `, ${source}`;
}

async function readPublished(): Promise<Published | undefined> {
  try {
    const response = await fetch(PUBLISHED_URL, { cache: 'no-cache', headers: { accept: 'application/json' } });
    if (!response.ok) return undefined;
    const data = (await response.json()) as Published;
    return data && data.format === 'paritybook-parity/1' && typeof data.services === 'object' ? data : undefined;
  } catch {
    return undefined; // offline or not published: the page keeps what the build put in it
  }
}

let started = false;

/** Upgrades every parity element of the page; safe to call from several components (runs once). */
export function upgradeParity(): void {
  if (started) return;
  started = true;
  const roots = [...document.querySelectorAll<HTMLElement>('[data-parity-live][data-parity-service]')];
  if (roots.length === 0) return;
  for (const root of roots) refreshAge(root);
  // Offline (or a page served from the offline copy) there is nothing newer to fetch, and a failed
  // request would only add a console error.
  if (!navigator.onLine || document.documentElement.dataset.paritybookOffline) return;
  void readPublished().then((published) => {
    if (!published) return;
    for (const root of roots) {
      const panel = published.services[root.dataset.parityService ?? '']?.panel;
      if (!panel?.asOf || !Array.isArray(panel.rows)) continue;
      const current = root.dataset.parityAsOf ?? '';
      if (panel.asOf <= current) continue;
      redraw(root, panel);
      root.dataset.paritySource = 'published';
      refreshAge(root, `updated after the build (published ${formatTime(published.updatedAt)})`);
    }
  });
}
