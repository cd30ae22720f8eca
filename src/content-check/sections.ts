import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { RUNBOOK_SECTIONS } from '../schemas/runbook.ts';
import { parseBody } from './markdown.ts';
import type { Problem } from './problem.ts';
import type { SourceFile } from './read.ts';

type Section = (typeof RUNBOOK_SECTIONS)[number];

/** What each required section is for, said in the message when it is missing or empty. */
const REQUIRED: Partial<Record<Section, string>> = {
  Mitigation: 'the steps that stop the impact, safest first',
  Rollback: 'how to undo the mitigation (write "Nothing to roll back." when there is nothing to undo)',
};

const ORDER = RUNBOOK_SECTIONS.join(', ');

interface Found {
  name: Section;
  line: number;
  empty: boolean;
  index: number;
}

/** The level-2 sections of a body that are runbook sections, with whether anything follows the heading. */
function sectionsOf(tree: Root, fileLine: (line: number | undefined) => number): Found[] {
  const found: Found[] = [];
  const top: RootContent[] = tree.children;
  top.forEach((node, index) => {
    if (node.type !== 'heading' || node.depth !== 2) return;
    const text = toString(node).trim().toLowerCase();
    const name = RUNBOOK_SECTIONS.find((section) => section.toLowerCase() === text);
    if (!name) return;
    const next = top.slice(index + 1).findIndex((n) => n.type === 'heading' && n.depth <= 2);
    const content = top.slice(index + 1, next === -1 ? undefined : index + 1 + next);
    found.push({ name, line: fileLine(node.position?.start.line), empty: content.length === 0, index });
  });
  return found;
}

/**
 * Runbooks read in the order on-call needs them. Mitigation and Rollback are required (errors),
 * the other sections and the order are warnings.
 */
export function checkRunbookSections(files: SourceFile[]): Problem[] {
  const problems: Problem[] = [];
  for (const file of files.filter((f) => f.collection === 'runbooks')) {
    const { tree, fileLine } = parseBody(file);
    if (!tree) continue;
    const found = sectionsOf(tree, fileLine);
    const lastLine = file.bodyLine + file.body.replace(/\n+$/, '').split('\n').length - 1;
    const problem = (section: Section, line: number, severity: Problem['severity'], found: string, expected: string) =>
      problems.push({
        file: file.file,
        line,
        field: `## ${section}`,
        rule: 'runbook-sections',
        severity,
        found,
        expected,
      });

    RUNBOOK_SECTIONS.forEach((section, position) => {
      const here = found.find((f) => f.name === section);
      const purpose = REQUIRED[section];
      if (!here) {
        // Point at where it belongs: the next section that is there, or the end of the file.
        const after = found.find((f) => RUNBOOK_SECTIONS.indexOf(f.name) > position);
        problem(
          section,
          after?.line ?? lastLine,
          purpose ? 'error' : 'warning',
          `no "## ${section}" section`,
          purpose
            ? `a "## ${section}" section with ${purpose}`
            : `a "## ${section}" section (runbook sections, in order: ${ORDER})`,
        );
      } else if (purpose && here.empty) {
        problem(section, here.line, 'error', `an empty "## ${section}" section`, `${purpose}, under the heading`);
      }
    });

    for (let i = 1; i < found.length; i++) {
      const before = found[i - 1];
      const current = found[i];
      if (RUNBOOK_SECTIONS.indexOf(current.name) < RUNBOOK_SECTIONS.indexOf(before.name)) {
        problem(
          current.name,
          current.line,
          'warning',
          `"## ${current.name}" after "## ${before.name}"`,
          `the sections in the order on-call reads them: ${ORDER}`,
        );
        break;
      }
    }
  }
  return problems;
}
