/**
 * Imports a folder of foreign Markdown runbooks into a paritybook content folder:
 * one typed runbook per file, ids that keep the source folders apart, links rewritten.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { readContent } from '../content-check/index.ts';
import { entryId } from '../collections.ts';
import { entryUrl } from '../routes.ts';
import { convertRunbook, type ConvertedRunbook } from './markdown.ts';

export class ImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportError';
  }
}

export interface ImportOptions {
  /** Folder of Markdown files to import. */
  sourceDir: string;
  /** Content folder (holds runbooks/ and teams/). */
  contentDir: string;
  /** Sub-folder of content/runbooks/ that receives the notes; '' for the top level. */
  into: string;
  /** Review state given to every imported note. */
  status: 'reviewed' | 'needs-review' | 'draft';
  /** Team id that owns the imported notes; a team file is created when missing. */
  owner: string;
  /** Severity of notes whose source gives none. */
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  /** lastReviewed date written into each note (YYYY-MM-DD). */
  reviewedOn: string;
  /** Called once per file, for progress output. */
  onFile?: (file: ImportedFile) => void;
}

export interface ImportedFile {
  /** Source path relative to the imported folder. */
  source: string;
  /** Written file, relative to the content folder. */
  written: string;
  /** Page URL the note will have. */
  url: string;
  title: string;
  alerts: string[];
  sections: string[];
  notes: string[];
}

export interface ImportReport {
  files: ImportedFile[];
  /** Section-index files (Hugo `_index.md`) and non-Markdown files left out. */
  skipped: string[];
  /** Set when the owner team file was created by this import. */
  createdTeam?: string;
}

const NOT_RUNBOOKS = /^(README|SOURCE|LICENSE|CONTRIBUTING|CHANGELOG|CODE_OF_CONDUCT|SECURITY)(\.[a-z]+)?$/i;

const SEVERITIES = new Set(['critical', 'high', 'medium', 'low', 'info']);

async function listMarkdown(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    throw new ImportError(`Cannot read the folder to import: ${dir}`, { cause: error });
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Page URL of an imported source file. */
export function noteUrl(into: string, relativePath: string): string {
  return entryUrl('runbooks', entryId([into, relativePath].filter(Boolean).join('/')));
}

function teamYaml(id: string): string {
  return stringifyYaml({
    id,
    name: 'Imported runbooks',
    description: 'Placeholder owner of imported runbooks until a real team takes each one over.',
    contact: { chat: '#ops' },
  });
}

/** Frontmatter of an imported note, valid against the runbook schema. */
export function runbookFrontmatter(
  converted: ConvertedRunbook,
  options: Pick<ImportOptions, 'owner' | 'severity' | 'status' | 'reviewedOn'>,
  folder: string,
  alerts: string[],
): Record<string, unknown> {
  const sourceSeverity =
    typeof converted.frontmatter.severity === 'string' ? converted.frontmatter.severity.toLowerCase() : '';
  const tags = [folder, ...(Array.isArray(converted.frontmatter.tags) ? converted.frontmatter.tags : [])].filter(
    (tag): tag is string => typeof tag === 'string' && tag.length > 0,
  );
  return {
    title: converted.title,
    summary: converted.summary,
    alerts,
    severity: SEVERITIES.has(sourceSeverity) ? sourceSeverity : options.severity,
    owner: options.owner,
    status: options.status,
    lastReviewed: options.reviewedOn,
    tags: [...new Set(tags)],
  };
}

async function existingAlerts(contentDir: string, overwritten: Set<string>): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const files = await readContent(contentDir, contentDir).catch(() => []);
  for (const file of files) {
    if (
      file.collection !== 'runbooks' ||
      overwritten.has(path.relative(contentDir, path.resolve(contentDir, file.file)).split(path.sep).join('/'))
    )
      continue;
    const alerts = (file.data as { alerts?: unknown } | undefined)?.alerts;
    for (const alert of Array.isArray(alerts) ? alerts : typeof alerts === 'string' ? [alerts] : []) {
      if (typeof alert === 'string' && !owners.has(alert))
        owners.set(alert, `${file.file} (already in the knowledge base)`);
    }
  }
  return owners;
}

export async function importRunbooks(options: ImportOptions): Promise<ImportReport> {
  const info = await stat(options.sourceDir).catch((error) => {
    throw new ImportError(`Cannot read the folder to import: ${options.sourceDir}`, { cause: error });
  });
  if (!info.isDirectory()) throw new ImportError(`Not a folder: ${options.sourceDir}`);
  const all = await listMarkdown(options.sourceDir);
  // Hugo section indexes and the repository's own documents are not runbooks.
  const markdown = all.filter(
    (file) => /\.(md|markdown)$/i.test(file) && !/(^|\/)_index\.md$/i.test(file) && !NOT_RUNBOOKS.test(file),
  );
  const skipped = all.filter((file) => !markdown.includes(file));
  const known = new Set(markdown);

  const resolveLink = (target: string, from: string): string | undefined => {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), target.replace(/^\/+/, '')));
    // Hugo resolves `ref "x.md"` against the current folder first, then the whole site.
    const candidates = [joined, target.replace(/^\.?\/+/, '')];
    const baseName = path.posix.basename(target).toLowerCase();
    const byName = markdown.filter((file) => path.posix.basename(file).toLowerCase() === baseName);
    const hit = candidates.find((candidate) => known.has(candidate)) ?? (byName.length === 1 ? byName[0] : undefined);
    return hit ? noteUrl(options.into, hit) : undefined;
  };

  const runbooksDir = path.join(options.contentDir, 'runbooks', options.into);
  const files: ImportedFile[] = [];
  // Alerts the knowledge base already answers keep their runbook: an import never makes an
  // /alerts/ URL ambiguous. Files this import is about to overwrite do not count.
  const alertOwner = await existingAlerts(
    options.contentDir,
    new Set(markdown.map((file) => path.posix.join('runbooks', options.into, file))),
  );
  for (const relativePath of markdown) {
    const source = await readFile(path.join(options.sourceDir, relativePath), 'utf8').catch((error) => {
      throw new ImportError(`Cannot read ${relativePath}`, { cause: error });
    });
    const converted = convertRunbook(source, { relativePath, resolveLink });
    const notes = [...converted.notes];
    // The same alert name in two folders: both notes are imported under their own ids,
    // the alert URL goes to the first one and the second says so.
    const alerts = converted.alerts.filter((alert) => {
      const first = alertOwner.get(alert);
      if (!first) {
        alertOwner.set(alert, relativePath);
        return true;
      }
      notes.push(`alert ${alert} is also answered by ${first}; /alerts/${alert}/ leads there`);
      return false;
    });
    const folder =
      path.posix.dirname(relativePath) === '.' ? 'imported' : path.posix.dirname(relativePath).split('/')[0];
    const data = runbookFrontmatter(converted, options, folder, alerts);
    const outRelative = path.posix.join('runbooks', options.into, relativePath.replace(/\.markdown$/i, '.md'));
    const outFile = path.join(options.contentDir, outRelative);
    await mkdir(path.dirname(outFile), { recursive: true });
    const origin = `<!-- Imported from ${relativePath.replace(/--/g, '- -')} -->\n\n`;
    await writeFile(outFile, `---\n${stringifyYaml(data, { lineWidth: 0 })}---\n\n${origin}${converted.body}`);
    const imported: ImportedFile = {
      source: relativePath,
      written: outRelative,
      url: noteUrl(options.into, relativePath),
      title: converted.title,
      alerts,
      sections: converted.sections,
      notes,
    };
    files.push(imported);
    options.onFile?.(imported);
  }
  await mkdir(runbooksDir, { recursive: true });

  let createdTeam: string | undefined;
  const teamsDir = path.join(options.contentDir, 'teams');
  const teamFiles = await readdir(teamsDir).catch(() => [] as string[]);
  if (!teamFiles.some((file) => file === `${options.owner}.yaml` || file === `${options.owner}.yml`)) {
    await mkdir(teamsDir, { recursive: true });
    await writeFile(path.join(teamsDir, `${options.owner}.yaml`), teamYaml(options.owner));
    createdTeam = path.posix.join('teams', `${options.owner}.yaml`);
  }
  return { files, skipped, createdTeam };
}
