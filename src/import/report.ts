/**
 * The import report: a short console summary and a Markdown file with everything a team needs to finish the
 * move (what became what, what is missing and where, and what to do next).
 */
import type { ImportReport } from './index.ts';

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** Counts of pages by kind. */
const byKind = (report: ImportReport) => ({
  runbooks: report.files.filter((f) => f.kind === 'runbooks').length,
  guides: report.files.filter((f) => f.kind === 'guides').length,
});

/** Every missing reference with the page and line it is on, by kind. */
function missingByKind(report: ImportReport) {
  const groups = { image: [] as string[], link: [] as string[], file: [] as string[] };
  const targets = { image: new Set<string>(), link: new Set<string>(), file: new Set<string>() };
  for (const file of report.files) {
    for (const missing of file.missing) {
      groups[missing.kind].push(`${file.source}${missing.line ? `:${missing.line}` : ''} → \`${missing.target}\``);
      targets[missing.kind].add(missing.target);
    }
  }
  return { groups, targets };
}

/** Conversion notes grouped by what they say, numbers folded, with how many pages each concerns. */
function noteKinds(report: ImportReport): [string, number][] {
  const counts = new Map<string, number>();
  for (const file of report.files) {
    for (const note of new Set(
      file.notes.map((n) =>
        n.replace(/\d+/g, 'N').replace(/ \S+ is also answered by .*/, ' is also answered by another runbook'),
      ),
    )) {
      counts.set(note, (counts.get(note) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** A few lines for the console. */
export function summariseImport(report: ImportReport, into: string): string {
  const kinds = byKind(report);
  const { groups, targets } = missingByKind(report);
  const states = ['created', 'updated', 'unchanged'].map(
    (state) => `${report.files.filter((f) => f.state === state).length} ${state}`,
  );
  return [
    `${report.dryRun ? 'Would import' : 'Imported'} ${plural(kinds.runbooks, 'runbook')} and ${plural(kinds.guides, 'guide')} into ${into || 'the top level'} (${states.join(', ')}); skipped ${plural(report.skipped.length, 'other file')}.`,
    `Assets copied: ${report.assetsCopied}. Links rewritten: ${report.linksRewritten}. Owners mapped: ${report.ownersMapped} page(s); services mapped: ${report.servicesMapped} page(s).`,
    `Missing: ${plural(groups.image.length, 'image reference')} (${targets.image.size} files), ${plural(targets.link.size, 'link target')} not imported, ${plural(targets.file.size, 'linked file')} not found.`,
  ].join('\n');
}

/** The Markdown report. */
export function formatImportReport(
  report: ImportReport,
  options: { source: string; into: string; status: string; owner: string },
): string {
  const kinds = byKind(report);
  const { groups, targets } = missingByKind(report);
  const lines: string[] = [];
  const list = (items: string[], limit = 500) => {
    lines.push(...items.slice(0, limit).map((item) => `- ${item}`));
    if (items.length > limit) lines.push(`- … and ${items.length - limit} more`);
    lines.push('');
  };
  lines.push(`# Import report: ${options.source}`, '');
  if (report.dryRun) lines.push('**Dry run:** nothing was written.', '');
  lines.push(
    '| | |',
    '| --- | --- |',
    `| Runbooks (one per alert) | ${kinds.runbooks} |`,
    `| Guides (how-tos, tutorials, references, overviews) | ${kinds.guides} |`,
    `| Created / updated / unchanged | ${['created', 'updated', 'unchanged'].map((s) => report.files.filter((f) => f.state === s).length).join(' / ')} |`,
    `| Skipped files | ${report.skipped.length} |`,
    `| Assets copied (images beside notes, attachments under public/imported/) | ${report.assetsCopied} |`,
    `| Relative links rewritten to page URLs | ${report.linksRewritten} |`,
    `| Pages with an owner from CODEOWNERS, OWNERS or frontmatter | ${report.ownersMapped} |`,
    `| Pages tied to a service by their folder | ${report.servicesMapped} |`,
    `| Missing images (references / files) | ${groups.image.length} / ${targets.image.size} |`,
    `| Links to pages that were not imported (references / targets) | ${groups.link.length} / ${targets.link.size} |`,
    `| Linked files not found | ${targets.file.size} |`,
    '',
  );
  lines.push('## Warnings by kind', '');
  const warnings: [string, number][] = [
    ['image missing: shown as "[Image missing: …]" on the page', groups.image.length],
    ['link to a page that was not imported: kept as text', groups.link.length],
    ['link to a file that was not found: kept as text', groups.file.length],
    [
      'frontmatter edited by hand since the last import: kept',
      report.files.filter((f) => f.keptEdits.length > 0).length,
    ],
    ...noteKinds(report),
  ];
  list(warnings.filter(([, count]) => count > 0).map(([text, count]) => `${text} (${count})`));
  if (groups.image.length > 0) {
    lines.push('## Missing images', '', 'Add the file to the source and import again, or remove the reference.', '');
    list(groups.image);
  }
  if (groups.link.length + groups.file.length > 0) {
    lines.push('## Links to what was not imported', '', 'Each target once, with the first page that links to it.', '');
    const seen = new Map<string, string>();
    for (const file of report.files)
      for (const missing of file.missing)
        if (missing.kind !== 'image' && !seen.has(missing.target))
          seen.set(missing.target, `\`${missing.target}\` (${file.source}${missing.line ? `:${missing.line}` : ''})`);
    list([...seen.values()]);
  }
  const edited = report.files.filter((f) => f.keptEdits.length > 0);
  if (edited.length > 0) {
    lines.push('## Hand edits kept', '');
    list(edited.map((f) => `${f.written}: ${f.keptEdits.join(', ')}`));
  }
  if (report.removed.length > 0) {
    lines.push('## Removed (the page moved between runbooks and guides)', '');
    list(report.removed);
  }
  lines.push('## Owners and services', '');
  if (report.createdTeams.length > 0)
    list(
      report.createdTeams.map(
        (team) => `team \`${team.id}\` created from ${team.source}: set its chat channel and pager`,
      ),
    );
  const byDefault = report.files.filter((f) => f.owner === options.owner).length;
  if (byDefault > 0)
    lines.push(
      `TODO: ${plural(byDefault, 'page')} belong to the placeholder team \`${options.owner}\`: give each a real owner (\`owner:\` in the frontmatter), or add CODEOWNERS/OWNERS to the source and import again.`,
      '',
    );
  if (report.unmatchedServices.length > 0) {
    lines.push(
      'Folders that look like services but have no service file (add `content/services/<id>.yaml`, then import again to fill in `services:`):',
      '',
    );
    list(report.unmatchedServices.map((s) => `\`${s.folder}\` (${plural(s.pages, 'page')})`));
  }
  lines.push(
    '## What to do next',
    '',
    '1. `npm run check` — problems in notes marked needs-review are warnings; `npm run check -- --needs-review` lists them.',
    '2. Fix the missing images and links above, or remove the references.',
    '3. Give each page a real owner and its services.',
    `4. Review each page and set \`status: reviewed\`${options.status === 'needs-review' ? ' (needs-review pages stay out of search until then)' : ''}.`,
    '5. `npm run build`, then import again whenever the source changes: hand edits to the frontmatter are kept.',
    '',
  );
  return lines.join('\n');
}
