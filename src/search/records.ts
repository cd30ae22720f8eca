/**
 * What the search index knows about each note: which page, which filters and metadata, and
 * the extra text (alert-name variants) that makes identifiers findable by their parts.
 * Pure functions over validated content, so they are unit-tested without a build.
 */
import { specOf, type EntryKind, type SearchDescription } from '../collections.ts';
import type { SourceFile } from '../content-check/index.ts';
import { entryFile, entryUrl } from '../routes.ts';
import { identifierVariants } from './identifiers.ts';
import type { AlertRecord } from './vocabulary.ts';

/** Kinds of result the index holds: the kinds of the collections that describe themselves for search. */
export type SearchKind = Exclude<EntryKind, 'team'>;

/** One page to index, with everything the result list shows without opening the page. */
export interface SearchEntry extends SearchDescription {
  kind: SearchKind;
  /** Collection entry id. */
  id: string;
  /** Page URL, with trailing slash. */
  url: string;
  /** Built file, relative to the output folder. */
  file: string;
}

export interface PlannedIndex {
  entries: SearchEntry[];
  /** Notes kept out because they are marked needs-review, as "collection/id". */
  leftOut: string[];
  /**
   * Alert names of the notes kept out: an alert name still leads to its runbook before review,
   * shown as unreviewed (shipped with the typo vocabulary, see vocabulary.ts).
   */
  unindexedAlerts: AlertRecord[];
}

/** Decides what goes into the index; invalid files are skipped (the content check reports them). */
export function planIndex(files: SourceFile[]): PlannedIndex {
  const entries: SearchEntry[] = [];
  const leftOut: string[] = [];
  const unindexedAlerts: AlertRecord[] = [];
  for (const file of files) {
    const { kind, schema, search } = specOf(file.collection);
    if (!search) continue;
    const parsed = schema.safeParse(file.data);
    if (!parsed.success) continue;
    const description = search.describe(parsed.data);
    const url = entryUrl(file.collection, file.id);
    if (search.needsReview?.(parsed.data)) {
      leftOut.push(`${file.collection}/${file.id}`);
      const { title, summary, status = 'needs-review', severity, owner, services } = description;
      for (const alert of description.alerts)
        unindexedAlerts.push({ alert, url, title, summary, status, severity, owner, services });
      continue;
    }
    entries.push({
      kind: kind as SearchKind,
      id: file.id,
      url,
      file: entryFile(file.collection, file.id),
      ...description,
    });
  }
  return { entries, leftOut, unindexedAlerts };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Pagefind metadata keys attached to each result (what the result list shows). */
export function entryMeta(entry: SearchEntry): Record<string, string> {
  const meta: Record<string, string> = { title: entry.title, kind: entry.kind, summary: entry.summary };
  if (entry.services.length) meta.services = entry.services.join(', ');
  if (entry.severity) meta.severity = entry.severity;
  if (entry.owner) meta.owner = entry.owner;
  if (entry.status) meta.status = entry.status;
  if (entry.alerts.length) meta.alerts = entry.alerts.join(' ');
  return meta;
}

/** Pagefind filters of an entry: kind, service, severity, owner, status. */
export function entryFilters(entry: SearchEntry): Record<string, string[]> {
  const filters: Record<string, string[]> = { kind: [entry.kind] };
  if (entry.services.length) filters.service = entry.services;
  if (entry.severity) filters.severity = [entry.severity];
  if (entry.owner) filters.owner = [entry.owner];
  if (entry.status) filters.status = [entry.status];
  return filters;
}

/** Words indexed for an entry beyond its page text: alert names and their parts, with weight. */
export function extraText(entry: SearchEntry): string {
  const names = [...entry.alerts];
  return [...new Set(names.flatMap(identifierVariants))].join(' ');
}

/** Weight of the alert-name block; the page's H1 has Pagefind's default heading weight of 7. */
export const ALERT_WEIGHT = 7;

/** Controls are not content: a button's label ("Copy") would run into the text beside it. */
const withoutButtons = (html: string) => html.replace(/<button\b[\s\S]*?<\/button>/gi, '');

const cellsOf = (row: string) =>
  [...row.matchAll(/<(th|td)\b[^>]*>([\s\S]*?)<\/\1>/gi)].map((cell) => ({
    head: cell[1] === 'th',
    html: cell[2].trim(),
  }));

/**
 * Tables as sentences, one paragraph per row: "worst case: checkout-api 360, accounts-api 90".
 * Pagefind reads each cell as a sentence of its own, so a table excerpt otherwise reads
 * "5 + 10. 5 + 10. worst case. 360".
 */
export function tablesAsText(html: string): string {
  return html.replace(/<table\b([^>]*)>([\s\S]*?)<\/table>/gi, (table, attributes: string, inner: string) => {
    const rows = [...inner.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)].map((row) => cellsOf(row[1]));
    if (rows.length === 0) return table;
    const hasHead = /<thead\b/i.test(inner) || rows[0].every((cell) => cell.head);
    const head = hasHead ? rows[0].map((cell) => cell.html) : [];
    const body = hasHead ? rows.slice(1) : rows;
    const sentences = body.map((cells) => {
      const [first, ...rest] = cells.map((cell) => cell.html);
      const values = rest.map((value, i) => (head[i + 1] ? `${head[i + 1]} ${value}` : value)).filter(Boolean);
      return values.length ? `${first}: ${values.join(', ')}` : (first ?? '');
    });
    // The table's attributes stay (data-pagefind-ignore among them) on the block that replaces it.
    return `<div${attributes}>${sentences.map((sentence) => `<p>${sentence}</p>`).join('')}</div>`;
  });
}

const MAIN_OPEN = Buffer.from('<main');
const MAIN_CLOSE = Buffer.from('</main>');
/** `<main` followed by a word character is another tag, as `<main\b` in indexableHtml's pattern says. */
const isWordByte = (byte: number | undefined) => byte !== undefined && /\w/.test(String.fromCharCode(byte));

/**
 * The part of a built page that the index reads (its `<main>` element, from the first `<main` to the
 * last `</main>`), decoded from UTF-8 on its own; the whole page when it has no such element.
 * Decoding a page that holds any non-ASCII character takes V8's slow path for the whole page, about
 * 60 times slower than pure ASCII, and every page has a few outside `<main>` (the dialog's "↑ ↓",
 * "·" in the title): at 10,000 notes decoding whole pages took 8 s of the index step.
 */
export function mainOfPage(page: Buffer): string {
  let start = page.indexOf(MAIN_OPEN);
  while (start >= 0 && isWordByte(page[start + MAIN_OPEN.length])) start = page.indexOf(MAIN_OPEN, start + 1);
  const end = page.lastIndexOf(MAIN_CLOSE);
  if (start < 0 || end < start) return page.toString('utf8');
  return page.toString('utf8', start, end + MAIN_CLOSE.length);
}

/**
 * The HTML Pagefind indexes for a built page: the page itself, its <main> marked as the body,
 * with filters, metadata and alert-name variants appended. Served pages are left untouched.
 */
export function indexableHtml(fullHtml: string, entry: SearchEntry): string {
  // Only <main> is indexed (data-pagefind-body): send Pagefind that, not the whole page. `fullHtml` may already
  // be only that part (mainOfPage).
  const main = /<main\b[^>]*>[\s\S]*<\/main>/i.exec(fullHtml)?.[0];
  const html = tablesAsText(
    withoutButtons(
      main
        ? `<html lang="en"><head><title>${escapeHtml(entry.title)}</title></head><body>${main}</body></html>`
        : fullHtml,
    ),
  );
  const meta = Object.entries(entryMeta(entry))
    .map(([key, value]) => `<span data-pagefind-meta="${escapeHtml(key)}:${escapeHtml(value)}"></span>`)
    .join('');
  const filters = Object.entries(entryFilters(entry))
    .flatMap(([key, values]) =>
      values.map((value) => `<span data-pagefind-filter="${escapeHtml(key)}:${escapeHtml(value)}"></span>`),
    )
    .join('');
  const extra = extraText(entry);
  const block = `<div class="pb-index-extra">${meta}${filters}${
    extra ? `<p data-pagefind-weight="${ALERT_WEIGHT}">${escapeHtml(extra)}</p>` : ''
  }</div>`;
  let out = html;
  const open = /<main\b([^>]*)>/i.exec(out);
  if (!open) {
    // No <main>: index the body as a whole.
    return out
      .replace(/<body\b([^>]*)>/i, `<body$1><div data-pagefind-body>${block}`)
      .replace(/<\/body>/i, '</div></body>');
  }
  // At the top of <main>, before any heading: Pagefind files it under the page itself, not
  // under the last section, so it never shows up as a section's excerpt.
  const opening = /data-pagefind-body/.test(open[1]) ? open[0] : `<main${open[1]} data-pagefind-body>`;
  return out.replace(open[0], `${opening}${block}`);
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'wbr',
]);

/** Removes the elements marked data-pagefind-ignore (and their content), as Pagefind does. */
function withoutIgnored(html: string): string {
  let out = '';
  let from = 0;
  let skipping: { name: string; depth: number; start: number } | undefined;
  for (const tag of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const [, closing, rawName, attributes] = tag;
    const name = rawName.toLowerCase();
    const index = tag.index ?? 0;
    if (!skipping) {
      if (!closing && !VOID_ELEMENTS.has(name) && /\bdata-pagefind-ignore\b/.test(attributes)) {
        out += html.slice(from, index);
        skipping = { name, depth: 1, start: index };
      }
      continue;
    }
    if (name !== skipping.name || VOID_ELEMENTS.has(name)) continue;
    skipping.depth += closing ? -1 : 1;
    if (skipping.depth === 0) {
      from = index + tag[0].length;
      skipping = undefined;
    }
  }
  return skipping ? out : out + html.slice(from);
}

/** Text of the indexed part of a page (for the vocabulary), without markup and without the parts Pagefind ignores. */
export function indexedText(html: string): string {
  const main = /<main\b[^>]*>([\s\S]*)<\/main>/i.exec(html)?.[1] ?? html;
  return withoutIgnored(main.replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' '))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ');
}
