/**
 * Imports a folder of foreign Markdown pages into a paritybook content folder: alert runbooks become runbooks,
 * everything else (how-tos, tutorials, references, per-service READMEs) becomes guides; images travel with the
 * note, relative links are rewritten, owners come from CODEOWNERS and OWNERS files. Repeatable: a second run
 * updates the same files and keeps hand edits.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { readContent } from '../content-check/index.ts';
import { COLLECTIONS, entryId } from '../collections.ts';
import { entryUrl, pageUrl } from '../routes.ts';
import { RUNBOOK_SECTIONS } from '../schemas/runbook.ts';
import { convertRunbook, type ConvertedRunbook, type MissingReference } from './markdown.ts';
import { ownerMap, type DerivedTeam } from './owners.ts';

export class ImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportError';
  }
}

/** The collections an imported page can land in. */
export type ImportKind = 'runbooks' | 'guides';

export interface ImportOptions {
  /** Folder of Markdown files to import. */
  sourceDir: string;
  /** Content folder (holds runbooks/, guides/ and teams/). */
  contentDir: string;
  /** Folder whose files the site serves as they are (linked attachments go to <publicDir>/imported/); default: public/ beside the content folder. */
  publicDir?: string;
  /** Sub-folder of content/runbooks/ and content/guides/ that receives the notes; '' for the top level. */
  into: string;
  /** Review state given to every imported note. */
  status: 'reviewed' | 'needs-review' | 'draft';
  /** Team id that owns the notes nothing else assigns an owner to; a team file is created when missing. */
  owner: string;
  /** Severity of notes whose source gives none. */
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  /** lastReviewed date written into each note (YYYY-MM-DD). */
  reviewedOn: string;
  /** Work everything out and report it, but write nothing. */
  dryRun?: boolean;
  /** Called once per file, for progress output. */
  onFile?: (file: ImportedFile) => void;
}

export interface ImportedFile {
  /** Source path relative to the imported folder. */
  source: string;
  kind: ImportKind;
  /** Written file, relative to the content folder. */
  written: string;
  /** Page URL the note will have. */
  url: string;
  title: string;
  alerts: string[];
  sections: string[];
  owner: string;
  services: string[];
  /** Local images the page shows, relative to the imported folder (copied beside the note). */
  images: string[];
  missing: MissingReference[];
  /** What happened to an existing file: created, updated, or unchanged. */
  state: 'created' | 'updated' | 'unchanged';
  /** Frontmatter fields edited by hand since the last import, kept as they are. */
  keptEdits: string[];
  notes: string[];
}

export interface ImportReport {
  files: ImportedFile[];
  /** Files left out: repository documents, empty section indexes, files that are neither Markdown nor referenced. */
  skipped: string[];
  /** Images copied beside notes, and attachments published under public/. */
  assetsCopied: number;
  /** Relative links rewritten to page URLs. */
  linksRewritten: number;
  /** Teams created by this import (team files written), with where each came from. */
  createdTeams: { id: string; source: string }[];
  /** Pages whose owner came from CODEOWNERS/OWNERS or their frontmatter, rather than the default team. */
  ownersMapped: number;
  /** Pages tied to an existing service by their folder. */
  servicesMapped: number;
  /** Top folders that look like services but have no service file, with their page counts. */
  unmatchedServices: { folder: string; pages: number }[];
  /** Set when the default owner team file was created by this import. */
  createdTeam?: string;
  /** Old copies of pages that moved between runbooks and guides, removed. */
  removed: string[];
  dryRun: boolean;
}

/** Repository documents, not knowledge: never imported. */
const REPOSITORY_DOCS = /^(SOURCE|LICENSE|CONTRIBUTING|CHANGELOG|CODE_OF_CONDUCT|SECURITY)(\.[a-z]+)?$/i;
const MARKDOWN = /\.(md|markdown)$/i;
const SEVERITIES = new Set(['critical', 'high', 'medium', 'low', 'info']);
/** Section headings that mark a page as an alert runbook. */
const RUNBOOK_HEADINGS = new Set([...RUNBOOK_SECTIONS.map((s) => s.toLowerCase()), 'symptoms', 'resolution']);
/** A file name shaped like a Prometheus alert: CamelCase, no separators (KubePodCrashLooping, etcdNoLeader). */
const ALERT_FILE_NAME = /^[a-z]*[A-Z][A-Za-z0-9]*$/;

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    throw new ImportError(`Cannot read the folder to import: ${dir}`, { cause: error });
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.split('/').some((part) => part === '.git' || part === 'node_modules'))
    .sort();
}

const baseName = (file: string) => path.posix.basename(file).replace(MARKDOWN, '');
const isIndex = (file: string) => /^(_index|index|readme)$/i.test(baseName(file));

/**
 * Where a source page goes, decided from its text before conversion (links between pages need every page's URL
 * first): an alert runbook when its frontmatter names alerts, its file name is an alert name, its title or name
 * says it is about an alert, or it has at least two runbook sections; every other page is a guide.
 */
export function classifyPage(source: string, relativePath: string): { kind: ImportKind; type: GuideType } {
  const name = baseName(relativePath);
  const headings = [...source.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => m[1].toLowerCase().trim());
  const frontmatterAlerts = /^(?:---|\+\+\+)[\s\S]*?^alerts?\s*[:=]/m.test(source.slice(0, 2000));
  const runbookSections = headings.filter((h) => RUNBOOK_HEADINGS.has(h)).length;
  const aboutAlert = /(^|[-_ ])alerts?([-_ ]|$)/i.test(name) || /^alert\b|\balert$/i.test(headings[0] ?? '');
  const runbook =
    !isIndex(relativePath) && (frontmatterAlerts || ALERT_FILE_NAME.test(name) || aboutAlert || runbookSections >= 2);
  return { kind: runbook ? 'runbooks' : 'guides', type: guideType(relativePath, headings[0] ?? '') };
}

export type GuideType = 'how-to' | 'tutorial' | 'reference' | 'overview';

function guideType(relativePath: string, title: string): GuideType {
  const name = baseName(relativePath).toLowerCase();
  if (isIndex(relativePath)) return 'overview';
  if (/(^|\/)tutorials?\//i.test(relativePath) || /tutorial/.test(name)) return 'tutorial';
  if (/(^|[-_])how[-_]?to([-_]|$)|howto/.test(name) || /^how (to|do)\b/i.test(title)) return 'how-to';
  if (/overview/.test(name) || /overview/i.test(title)) return 'overview';
  return 'reference';
}

/** A folder or file name as a page address keeps it: letters, digits, dashes and underscores. */
const safeSegment = (segment: string) => segment.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'page';

/** Where a source file (page or image) lands, relative to the import folder: folders made safe for addresses. */
function safePath(relativePath: string): string {
  const parts = relativePath.split('/');
  const name = parts.pop()!;
  return [...parts.map(safeSegment), name].join('/');
}

/**
 * The file a source page is written to, relative to its collection folder: section indexes become index.md,
 * and names hold only what a page address keeps (dots and spaces become dashes).
 */
function outputPath(into: string, relativePath: string): string {
  const renamed = relativePath.replace(/(^|\/)_index\.(md|markdown)$/i, '$1index.md').replace(/\.markdown$/i, '.md');
  const safe = safePath(renamed);
  const name = path.posix.basename(safe).replace(/\.md$/i, '');
  return path.posix.join(into, path.posix.dirname(safe), `${safeSegment(name)}.md`);
}

/** Page URL of an imported source file. */
export function noteUrl(into: string, relativePath: string, kind: ImportKind = 'runbooks'): string {
  return entryUrl(kind, entryId(outputPath(into, relativePath)));
}

/** Frontmatter of an imported note, valid against the runbook schema. */
export function runbookFrontmatter(
  converted: ConvertedRunbook,
  options: Pick<ImportOptions, 'owner' | 'severity' | 'status' | 'reviewedOn'>,
  folder: string,
  alerts: string[],
  services: string[] = [],
): Record<string, unknown> {
  const sourceSeverity =
    typeof converted.frontmatter.severity === 'string' ? converted.frontmatter.severity.toLowerCase() : '';
  return {
    title: converted.title,
    summary: converted.summary,
    ...(services.length > 0 ? { services } : {}),
    alerts,
    severity: SEVERITIES.has(sourceSeverity) ? sourceSeverity : options.severity,
    owner: options.owner,
    status: options.status,
    lastReviewed: options.reviewedOn,
    tags: tagsOf(converted, folder),
  };
}

/** Frontmatter of an imported guide, valid against the guide schema. */
export function guideFrontmatter(
  converted: ConvertedRunbook,
  options: Pick<ImportOptions, 'owner' | 'status' | 'reviewedOn'>,
  folder: string,
  type: GuideType,
  services: string[] = [],
): Record<string, unknown> {
  const summary =
    typeof converted.frontmatter.summary === 'string' || typeof converted.frontmatter.description === 'string'
      ? converted.summary
      : converted.summary.startsWith('What to do when ')
        ? `${converted.title}.`
        : converted.summary;
  return {
    title: converted.title,
    summary,
    type,
    ...(services.length > 0 ? { services } : {}),
    owner: options.owner,
    status: options.status,
    lastReviewed: options.reviewedOn,
    tags: tagsOf(converted, folder),
  };
}

function tagsOf(converted: ConvertedRunbook, folder: string): string[] {
  const tags = [folder, ...(Array.isArray(converted.frontmatter.tags) ? converted.frontmatter.tags : [])].filter(
    (tag): tag is string => typeof tag === 'string' && tag.trim().length > 0,
  );
  return [...new Set(tags)];
}

async function existingAlerts(contentDir: string, overwritten: Set<string>): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const files = await readContent(contentDir, contentDir, ['runbooks']).catch(() => []);
  for (const file of files) {
    if (overwritten.has(path.relative(contentDir, path.resolve(contentDir, file.file)).split(path.sep).join('/')))
      continue;
    const alerts = (file.data as { alerts?: unknown } | undefined)?.alerts;
    for (const alert of Array.isArray(alerts) ? alerts : typeof alerts === 'string' ? [alerts] : []) {
      if (typeof alert === 'string' && !owners.has(alert))
        owners.set(alert, `${file.file} (already in the knowledge base)`);
    }
  }
  return owners;
}

const ORIGIN = /^<!-- Imported from (.+?)(?: \(body ([0-9a-f]{16})\))? -->\n\n/;
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** An earlier import of the same page: its frontmatter and whether its body was edited since. */
interface Previous {
  data: Record<string, unknown>;
  body: string;
  bodyEdited: boolean;
  text: string;
}

async function readPrevious(file: string): Promise<Previous | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const match = /^---\n([\s\S]*?)\n---\n\n?/.exec(text);
  if (!match) return undefined;
  let data: Record<string, unknown> = {};
  try {
    data = (parseYaml(match[1]) ?? {}) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const rest = text.slice(match[0].length);
  const origin = ORIGIN.exec(rest);
  const body = origin ? rest.slice(origin[0].length) : rest;
  return { data, body, bodyEdited: !origin?.[2] || origin[2] !== hashOf(body), text };
}

/** The date fields YAML parsed, back to the text they were written as, for comparing with a fresh import. */
const comparable = (value: unknown) => JSON.stringify(value instanceof Date ? value.toISOString().slice(0, 10) : value);

/** Fields a person edits after import; lastReviewed changes on every review and is not reported as an edit. */
const QUIET_FIELDS = new Set(['lastReviewed']);

/** Merges a fresh import with the file already there: hand-edited frontmatter fields win and are named. */
function keepHandEdits(fresh: Record<string, unknown>, previous: Previous | undefined) {
  if (!previous) return { data: fresh, kept: [] as string[] };
  const data: Record<string, unknown> = { ...fresh };
  const kept: string[] = [];
  for (const [key, value] of Object.entries(previous.data)) {
    if (comparable(value) === comparable(fresh[key])) continue;
    data[key] = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    if (!QUIET_FIELDS.has(key)) kept.push(key);
  }
  return { data, kept };
}

async function readOwnershipFiles(sourceDir: string, all: string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of all.filter((f) => /(^|\/)(CODEOWNERS|OWNERS)$/.test(f)))
    files.set(file, await readFile(path.join(sourceDir, file), 'utf8'));
  return files;
}

async function knownIds(dir: string): Promise<Set<string>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return new Set(names.filter((n) => /\.ya?ml$/.test(n)).map((n) => n.replace(/\.ya?ml$/, '')));
}

function teamYaml(team: { id: string; name: string; description: string }): string {
  return stringifyYaml({ ...team, contact: { chat: '#ops' } });
}

/** Source pages: Markdown that is not a repository document or an empty section index. */
async function selectPages(sourceDir: string, all: string[]) {
  const pages: { relativePath: string; source: string }[] = [];
  const skipped: string[] = [];
  for (const file of all) {
    if (!MARKDOWN.test(file) || REPOSITORY_DOCS.test(path.posix.basename(file))) {
      skipped.push(file);
      continue;
    }
    const source = await readFile(path.join(sourceDir, file), 'utf8').catch((error) => {
      throw new ImportError(`Cannot read ${file}`, { cause: error });
    });
    const body = source.replace(/^(?:---\r?\n[\s\S]*?\r?\n---|\+\+\+\r?\n[\s\S]*?\r?\n\+\+\+)\r?\n?/, '').trim();
    // Hugo section indexes often hold only menu settings: nothing to read.
    if (/^_index\./i.test(path.posix.basename(file)) && body === '') {
      skipped.push(file);
      continue;
    }
    pages.push({ relativePath: file, source });
  }
  return { pages, skipped };
}

/** Imports every page of `options.sourceDir`; see the module comment. */
export async function importRunbooks(options: ImportOptions): Promise<ImportReport> {
  const info = await stat(options.sourceDir).catch((error) => {
    throw new ImportError(`Cannot read the folder to import: ${options.sourceDir}`, { cause: error });
  });
  if (!info.isDirectory()) throw new ImportError(`Not a folder: ${options.sourceDir}`);
  const write = !options.dryRun;
  const publicDir = options.publicDir ?? path.join(path.dirname(options.contentDir), 'public');
  const all = await listFiles(options.sourceDir);
  const present = new Set(all);
  const { pages, skipped } = await selectPages(options.sourceDir, all);
  const kinds = new Map(pages.map((page) => [page.relativePath, classifyPage(page.source, page.relativePath)]));
  const urlOf = (file: string) => noteUrl(options.into, file, kinds.get(file)!.kind);

  const resolveLink = (target: string, from: string): string | undefined => {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), target.replace(/^\/+/, '')));
    const folder = joined.replace(/\/$/, '');
    // Hugo resolves `ref "x.md"` against the current folder first, then the whole site; a folder means its index.
    const candidates = [
      joined,
      target.replace(/^\.?\/+/, ''),
      ...['README.md', '_index.md', 'index.md', 'readme.md'].map((index) => path.posix.join(folder, index)),
    ];
    const hit = candidates.find((candidate) => kinds.has(candidate));
    if (hit) return urlOf(hit);
    if (!MARKDOWN.test(target)) return undefined;
    const wanted = path.posix.basename(target).toLowerCase();
    const byName = [...kinds.keys()].filter((file) => path.posix.basename(file).toLowerCase() === wanted);
    return byName.length === 1 ? urlOf(byName[0]) : undefined;
  };
  const findFile = (target: string, from: string): string | undefined => {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), target));
    return !joined.startsWith('../') && present.has(joined) ? joined : undefined;
  };
  // Images keep their place beside the note, under folders made safe like the notes' own.
  const imageUrl = (sourcePath: string, from: string) =>
    path.posix
      .relative(path.posix.dirname(outputPath('', from)), safePath(sourcePath))
      .split('/')
      .map(encodeURIComponent)
      .join('/')
      .replace(/^(?!\.\.\/)/, './');
  const fileUrl = (sourcePath: string) => pageUrl('imported', options.into, sourcePath).replace(/\/$/, '');

  const owners = ownerMap(await readOwnershipFiles(options.sourceDir, all));
  const teamIds = await knownIds(path.join(options.contentDir, COLLECTIONS.teams.folder));
  const serviceIds = await knownIds(path.join(options.contentDir, COLLECTIONS.services.folder));
  const alertOwner = await existingAlerts(
    options.contentDir,
    new Set(pages.map((page) => path.posix.join('runbooks', outputPath(options.into, page.relativePath)))),
  );

  const files: ImportedFile[] = [];
  const usedTeams = new Map<string, DerivedTeam>();
  const folderPages = new Map<string, number>();
  const copied = new Set<string>();
  const removed: string[] = [];
  let linksRewritten = 0;
  let ownersMapped = 0;
  let servicesMapped = 0;

  const copyOnce = async (from: string, to: string) => {
    if (copied.has(to)) return;
    copied.add(to);
    if (!write) return;
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(from, to);
  };

  for (const { relativePath, source } of pages) {
    const { kind, type } = kinds.get(relativePath)!;
    const converted = convertRunbook(source, { relativePath, resolveLink, findFile, imageUrl, fileUrl });
    const notes = [...converted.notes];
    linksRewritten += converted.linksRewritten;
    const topFolder = path.posix.dirname(relativePath) === '.' ? '' : relativePath.split('/')[0];
    const folder = topFolder || 'imported';
    if (topFolder) folderPages.set(topFolder, (folderPages.get(topFolder) ?? 0) + 1);

    // Owner: the page's own frontmatter when it names a known team, else CODEOWNERS/OWNERS, else the default.
    const own = typeof converted.frontmatter.owner === 'string' ? converted.frontmatter.owner : '';
    const derived = owners.ownerOf(relativePath);
    let owner = options.owner;
    if (own && teamIds.has(own)) owner = own;
    else if (derived) {
      owner = derived.id;
      usedTeams.set(derived.id, derived);
    }
    if (owner !== options.owner) ownersMapped += 1;
    const serviceId = entryId(topFolder);
    const services = topFolder && serviceIds.has(serviceId) ? [serviceId] : [];
    if (services.length > 0) servicesMapped += 1;

    let alerts: string[] = [];
    if (kind === 'runbooks') {
      // The same alert name in two folders: both notes are imported under their own ids,
      // the alert URL goes to the first one and the second says so.
      alerts = converted.alerts.filter((alert) => {
        const first = alertOwner.get(alert);
        if (!first) {
          alertOwner.set(alert, relativePath);
          return true;
        }
        notes.push(`alert ${alert} is also answered by ${first}; /alerts/${alert}/ leads there`);
        return false;
      });
    }
    const generated =
      kind === 'runbooks'
        ? runbookFrontmatter(converted, { ...options, owner }, folder, alerts, services)
        : guideFrontmatter(converted, { ...options, owner }, folder, type, services);

    const relativeOut = outputPath(options.into, relativePath);
    const written = path.posix.join(COLLECTIONS[kind].folder, relativeOut);
    const outFile = path.join(options.contentDir, written);
    const previous = await readPrevious(outFile);
    const { data, kept } = keepHandEdits(generated, previous);
    const body = previous?.bodyEdited ? previous.body : converted.body;
    if (previous?.bodyEdited)
      notes.push('kept the body edited by hand since the last import (delete the file to re-import it)');
    const origin = `<!-- Imported from ${relativePath.replace(/--/g, '- -')} (body ${hashOf(body)}) -->\n\n`;
    const text = `---\n${stringifyYaml(data, { lineWidth: 0 })}---\n\n${origin}${body}`;
    const state = !previous ? 'created' : previous.text === text ? 'unchanged' : 'updated';
    if (write && state !== 'unchanged') {
      await mkdir(path.dirname(outFile), { recursive: true });
      await writeFile(outFile, text);
    }
    // A page that moved between runbooks and guides since the last import: the old copy would be a duplicate.
    const other: ImportKind = kind === 'runbooks' ? 'guides' : 'runbooks';
    const stale = path.join(options.contentDir, COLLECTIONS[other].folder, relativeOut);
    const staleText = await readFile(stale, 'utf8').catch(() => undefined);
    if (staleText?.includes(`<!-- Imported from ${relativePath.replace(/--/g, '- -')}`)) {
      removed.push(path.posix.join(COLLECTIONS[other].folder, relativeOut));
      if (write) await rm(stale);
    }
    // Images sit beside the note at the same relative path as in the source, so the body's paths stay valid.
    const noteRoot = path.join(options.contentDir, COLLECTIONS[kind].folder, options.into);
    for (const image of converted.images)
      await copyOnce(path.join(options.sourceDir, image), path.join(noteRoot, safePath(image)));
    for (const attachment of converted.files)
      await copyOnce(
        path.join(options.sourceDir, attachment),
        path.join(publicDir, 'imported', options.into, attachment),
      );

    const imported: ImportedFile = {
      source: relativePath,
      kind,
      written,
      url: urlOf(relativePath),
      title: converted.title,
      alerts,
      sections: converted.sections,
      owner,
      services,
      images: converted.images,
      missing: converted.missing,
      state,
      keptEdits: kept,
      notes,
    };
    files.push(imported);
    options.onFile?.(imported);
  }

  const createdTeams: { id: string; source: string }[] = [];
  const teamsDir = path.join(options.contentDir, COLLECTIONS.teams.folder);
  const newTeam = async (id: string, name: string, description: string, source: string) => {
    if (teamIds.has(id)) return false;
    teamIds.add(id);
    createdTeams.push({ id, source });
    if (write) {
      await mkdir(teamsDir, { recursive: true });
      await writeFile(path.join(teamsDir, `${id}.yaml`), teamYaml({ id, name, description }));
    }
    return true;
  };
  for (const team of usedTeams.values()) {
    await newTeam(
      team.id,
      team.name,
      `Owners of imported pages, from ${team.source}${team.people.length ? `: ${team.people.join(', ')}` : ''}. Set the team's real chat channel and pager.`,
      team.source,
    );
  }
  const defaultUsed = files.some((file) => file.owner === options.owner) || files.length === 0;
  const createdDefault =
    defaultUsed &&
    (await newTeam(
      options.owner,
      'Imported runbooks',
      'Placeholder owner of imported runbooks until a real team takes each one over.',
      '--owner',
    ));
  const unmatchedServices = [...folderPages]
    .filter(([folder]) => !serviceIds.has(entryId(folder)))
    .map(([folder, count]) => ({ folder, pages: count }));
  return {
    files,
    skipped,
    assetsCopied: copied.size,
    linksRewritten,
    createdTeams,
    ownersMapped,
    servicesMapped,
    unmatchedServices,
    createdTeam: createdDefault ? path.posix.join('teams', `${options.owner}.yaml`) : undefined,
    removed,
    dryRun: !write,
  };
}

export { formatImportReport, summariseImport } from './report.ts';
