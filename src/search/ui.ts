/**
 * Fills in the search dialog of Search.astro: results as you type, arrow keys and Enter, filter
 * chips with counts, the query mirrored in the URL (?q=) so a search can be pasted into the
 * incident channel. The dialog itself is markup; this code only finds its parts, listens to its
 * box and builds results with createElement and classes, so it runs under a CSP without
 * 'unsafe-inline'.
 */
import { loadEngine, type Engine } from './engine.ts';
import { identifierVariants } from './identifiers.ts';
import { PAGEFIND_BASE } from './base.ts';
import { compact, measureSince, type Filters, type Hit, type SearchOutcome } from './query.ts';

const FILTER_KEYS = ['kind', 'service', 'severity', 'owner', 'status'] as const;
const FILTER_LABEL: Record<string, string> = {
  kind: 'Kind',
  service: 'Service',
  severity: 'Severity',
  owner: 'Owner',
  status: 'Status',
};
const BADGE_CLASS: Record<string, string> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'info',
};

interface State {
  dialog: HTMLDialogElement;
  input: HTMLInputElement;
  filtersBox: HTMLElement;
  status: HTMLElement;
  /** Shown when nothing matches well: points to the filters and the alert and runbook lists. */
  weak: HTMLElement;
  list: HTMLUListElement;
  hits: Hit[];
  active: number;
  filters: Filters;
  sequence: number;
  timer?: ReturnType<typeof setTimeout>;
  /** When the last input event came, to tell a pasted or first key from fast typing. */
  lastInput: number;
  engine?: Promise<Engine>;
  tag: string;
  /** What the status line says before a query, as the markup has it. */
  idleText: string;
}

let state: State | undefined;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text of an HTML fragment: tags dropped, character references decoded. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (whole, dec: string, hex: string, name: string) => {
      if (dec || hex) {
        const code = Number.parseInt(dec ?? hex, dec ? 10 : 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}

/**
 * Pagefind's excerpt as DOM: its text and <mark> highlights, nothing else, built as text nodes
 * (no HTML parser per excerpt: a list draws twenty of them).
 */
function excerptNodes(html: string): Node[] {
  return html
    .split(/(<mark>[\s\S]*?<\/mark>)/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith('<mark>')
        ? el('mark', {}, textOf(part.slice('<mark>'.length, -'</mark>'.length)))
        : document.createTextNode(textOf(part)),
    );
}

/** True when an excerpt is the index-only list of alert-name variants rather than page text. */
function isVariantExcerpt(excerpt: string, alerts: string[]): boolean {
  if (alerts.length === 0) return false;
  const variants = new Set(alerts.flatMap(identifierVariants).map((v) => v.toLowerCase()));
  const text = excerpt
    .replace(/<[^>]+>/g, '')
    .toLowerCase()
    .split(/\s+/);
  return text.filter((word) => variants.has(word.replace(/[^a-z0-9]/g, ''))).length >= 3;
}

/** A part of the dialog's markup; a missing one means Search.astro and this file disagree. */
function part<T extends Element>(dialog: HTMLDialogElement, selector: string): T {
  const found = dialog.querySelector<T>(selector);
  if (!found) throw new Error(`The search dialog has no ${selector}: Search.astro renders it.`);
  return found;
}

function attach(dialog: HTMLDialogElement, tag: string): State {
  const input = part<HTMLInputElement>(dialog, '[data-search-input]');
  const status = part<HTMLElement>(dialog, '[data-search-status]');
  const s: State = {
    dialog,
    input,
    filtersBox: part(dialog, '[data-search-filters]'),
    status,
    weak: part(dialog, '[data-search-weak]'),
    list: part(dialog, '[data-search-results]'),
    hits: [],
    active: -1,
    filters: {},
    sequence: 0,
    lastInput: 0,
    tag,
    idleText: status.textContent?.trim() ?? '',
  };

  // Opening, closing and handing focus back are the page script's (Search.astro); the query leaves the URL here.
  dialog.addEventListener('close', () => setUrlQuery(''));
  input.addEventListener('input', () => schedule(s));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (s.hits.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(s, (s.active + step + s.hits.length) % s.hits.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const newTab = event.metaKey || event.ctrlKey;
      // A pasted alert name and a quick Enter: wait for this query's results, never open a stale one.
      if (s.dialog.dataset.query !== input.value || s.dialog.dataset.state !== 'done') {
        clearTimeout(s.timer);
        void runNow(s).then(() => {
          if (s.hits[0] && s.dialog.dataset.query === input.value) go(s, s.hits[0].url, newTab);
        });
        return;
      }
      const hit = s.hits[Math.max(0, s.active)];
      if (hit) go(s, hit.url, newTab);
    }
  });
  return s;
}

function go(s: State, url: string, newTab = false) {
  if (newTab) {
    window.open(url, '_blank', 'noopener');
    return;
  }
  s.dialog.close();
  window.location.assign(url);
}

function setUrlQuery(query: string) {
  const url = new URL(window.location.href);
  if (query) url.searchParams.set('q', query);
  else url.searchParams.delete('q');
  if (url.href !== window.location.href) history.replaceState(history.state, '', url);
}

/** Marks the active result; `scroll` brings it into view (a forced layout, so not for a new list's first). */
function setActive(s: State, index: number, scroll = true) {
  s.active = index;
  s.list.querySelectorAll<HTMLElement>('li.pb-hit').forEach((item, i) => {
    item.dataset.active = String(i === index);
    if (i === index && scroll) item.scrollIntoView({ block: 'nearest' });
  });
}

/** Keys typed closer together than this are one burst: search once the burst pauses. */
const TYPING_PAUSE_MS = 40;

function schedule(s: State) {
  clearTimeout(s.timer);
  const now = performance.now();
  // When the query was typed: the benchmark measures results from here.
  s.dialog.dataset.inputAt = String(now);
  const burst = now - s.lastInput < TYPING_PAUSE_MS * 3;
  s.lastInput = now;
  // A pasted alert name or the first key after a pause searches at once; fast typing waits for a pause.
  if (!burst) void runNow(s);
  else s.timer = setTimeout(() => void runNow(s), TYPING_PAUSE_MS);
}

async function runNow(s: State) {
  const query = s.input.value;
  const sequence = ++s.sequence;
  setUrlQuery(query.trim());
  if (!query.trim() && Object.keys(s.filters).length === 0) {
    render(s, undefined, '');
    return;
  }
  s.dialog.dataset.state = 'loading';
  const started = performance.now();
  let drawn = false;
  const draw = (outcome: SearchOutcome, partial: boolean) => {
    if (sequence !== s.sequence) return;
    const drawing = performance.now();
    render(s, outcome, query, partial);
    measureSince(partial ? 'render-first' : 'render', drawing);
    if (drawn) return;
    drawn = true;
    // When this query's first results were on screen, for the benchmark.
    s.dialog.dataset.firstAt = String(performance.now());
    s.dialog.dataset.firstMs = String(Math.round(performance.now() - started));
  };
  try {
    s.engine ??= loadEngine(PAGEFIND_BASE, s.tag);
    const engine = await s.engine;
    const outcome = await engine.search(query, s.filters, (first) => draw(first, true));
    if (sequence !== s.sequence) return;
    draw(outcome, false);
    // Time from the (debounced) keystroke to the full results drawn, for the benchmark and for curious users.
    s.dialog.dataset.ms = String(Math.round(performance.now() - started));
    measureSince('query', started);
  } catch (error) {
    if (sequence !== s.sequence) return;
    s.engine = undefined;
    s.hits = [];
    s.list.replaceChildren();
    s.weak.hidden = false;
    showWeakParts(s, false);
    s.status.textContent = `Search is unavailable: ${(error as Error).message}.`;
    s.dialog.dataset.state = 'error';
  }
}

function badge(text: string, kind: string): HTMLElement {
  return el('span', { class: `badge ${BADGE_CLASS[text] ?? ''} pb-badge-${kind}`.trim() }, text);
}

function renderHit(hit: Hit, index: number): HTMLLIElement {
  const title = el('a', { class: 'pb-hit-title', href: hit.url }, hit.title);
  const badges = el('span', { class: 'pb-hit-badges' });
  if (hit.kind) badges.append(badge(hit.kind, 'kind'));
  for (const service of hit.services) badges.append(badge(service, 'service'));
  if (hit.severity) badges.append(badge(hit.severity, 'severity'));
  // A runbook waiting for review is reached by its alert name but says so.
  if (hit.status === 'needs-review') badges.append(badge('unreviewed', 'status'));
  else if (hit.status && hit.status !== 'reviewed') badges.append(badge(hit.status, 'status'));
  const item = el(
    'li',
    {
      class: 'pb-hit',
      id: `pb-hit-${index}`,
      'data-active': 'false',
      'data-url': hit.url,
      // For the relevance harness and for anyone asking why a result ranks where it does.
      'data-score': hit.score.toFixed(2),
    },
    el('div', {}, title, badges),
  );
  if (hit.alerts.length) item.append(el('p', { class: 'pb-hit-alerts' }, hit.alerts.join(' · ')));
  const showExcerpt = hit.excerpt && !isVariantExcerpt(hit.excerpt, hit.alerts);
  if (showExcerpt) item.append(el('p', { class: 'pb-hit-excerpt' }, ...excerptNodes(hit.excerpt)));
  else if (hit.summary) item.append(el('p', { class: 'pb-hit-summary' }, hit.summary));
  const subResults = hit.subResults.filter((sub) => !isVariantExcerpt(sub.excerpt, hit.alerts));
  if (subResults.length) {
    item.append(
      el(
        'ul',
        { class: 'pb-subs', 'aria-label': `Sections of ${hit.title}` },
        ...subResults.map((sub) =>
          el(
            'li',
            {},
            el('a', { href: sub.url }, sub.title),
            ' ',
            el('span', { class: 'pb-sub-excerpt' }, ...excerptNodes(sub.excerpt)),
          ),
        ),
      ),
    );
  }
  item.addEventListener('mousemove', () => {
    if (state && state.active !== index) setActive(state, index);
  });
  return item;
}

function renderFilters(s: State, outcome: SearchOutcome | undefined) {
  const chips: HTMLElement[] = [];
  for (const key of FILTER_KEYS) {
    const counts = outcome?.filterCounts[key] ?? {};
    const selected = s.filters[key] ?? [];
    const values = Object.entries(counts).filter(([value, count]) => count > 0 || selected.includes(value));
    for (const value of selected) if (!(value in counts)) values.push([value, 0]);
    // A filter with a single value that every result shares narrows nothing.
    if (values.length < 2 && selected.length === 0) continue;
    for (const [value, count] of values.sort((a, b) => b[1] - a[1])) {
      const pressed = selected.includes(value);
      const chip = el(
        'button',
        { type: 'button', class: 'pb-chip', 'aria-pressed': String(pressed), 'data-filter': key, 'data-value': value },
        `${FILTER_LABEL[key]}: ${value} (${count})`,
      );
      chip.addEventListener('click', () => {
        const next = pressed ? selected.filter((v) => v !== value) : [...selected, value];
        if (next.length) s.filters[key] = next;
        else delete s.filters[key];
        void runNow(s);
        s.input.focus();
      });
      chips.push(chip);
    }
  }
  s.filtersBox.replaceChildren(...chips);
}

/** The weak-match note offers the filters only when there are results to narrow. */
function showWeakParts(s: State, filters: boolean) {
  for (const part of s.weak.querySelectorAll<HTMLElement>('[data-search-weak-filters]')) part.hidden = !filters;
  for (const part of s.weak.querySelectorAll<HTMLElement>('[data-search-weak-browse]')) part.hidden = filters;
}

/**
 * Draws a query's results. A partial list (the query as typed, before corrections and variants
 * are in) is drawn the same way; when the full list replaces it, the result the reader moved to
 * with the arrow keys stays selected.
 */
function render(s: State, outcome: SearchOutcome | undefined, query: string, partial = false) {
  const moved = s.dialog.dataset.state === 'partial' && s.dialog.dataset.query === query && s.active > 0;
  const keep = moved ? s.hits[s.active]?.url : undefined;
  // A new list starts at its top; the layout is still clean here, so this costs no layout of its own.
  s.list.scrollTop = 0;
  s.hits = outcome?.hits ?? [];
  s.active = -1;
  s.list.replaceChildren(...s.hits.map(renderHit));
  s.list.setAttribute('aria-busy', String(partial));
  renderFilters(s, outcome);
  s.weak.hidden = !outcome?.weak && !(outcome && s.hits.length === 0);
  showWeakParts(s, Boolean(outcome?.weak));
  if (!outcome) {
    s.status.textContent = s.idleText;
  } else if (s.hits.length === 0) {
    s.status.textContent = `No results for “${query.trim()}”. Try fewer words.`;
  } else {
    const count = `${s.hits.length}${outcome.candidates > s.hits.length ? ` of ${outcome.candidates}` : ''} result${s.hits.length === 1 ? '' : 's'}`;
    const notes = [
      outcome.plan.pasted && compact(outcome.plan.text) !== compact(query)
        ? `Searched for the message without its variable parts: “${outcome.plan.text}”.`
        : '',
      outcome.plan.corrected ? `Also searched for “${outcome.plan.corrected}”.` : '',
    ].filter(Boolean);
    s.status.textContent = outcome.weak
      ? `Nothing matches “${query.trim()}” well; the ${count.replace(/ of \d+/, '')} below are the closest.`
      : [`${count}.`, ...notes].join(' ');
    const kept = keep ? s.hits.findIndex((hit) => hit.url === keep) : -1;
    setActive(s, Math.max(0, kept), kept > 0);
  }
  s.dialog.dataset.query = query;
  s.dialog.dataset.doneAt = String(performance.now());
  s.dialog.dataset.state = partial ? 'partial' : 'done';
}

/**
 * Starts searching in the dialog that Search.astro rendered and opened: wires it up on first
 * use, then searches for what its box holds (keys typed while this code loaded included).
 */
export function startSearch(dialog: HTMLDialogElement, tag = '') {
  state ??= attach(dialog, tag);
  state.engine ??= loadEngine(PAGEFIND_BASE, state.tag);
  void runNow(state);
}
