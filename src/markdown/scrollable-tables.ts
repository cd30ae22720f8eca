import { defineHastPlugin } from 'satteri';

type Node = { type: string; tagName?: string; children?: Node[]; value?: string };

const text = (node: Node): string =>
  node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(text).join('');

/** The header cells of a table, to name its scroll region after its columns. */
function columnNames(table: Node): string[] {
  const rows = (table.children ?? []).flatMap((child) =>
    child.tagName === 'thead' ? (child.children ?? []).filter((row) => row.tagName === 'tr') : [],
  );
  return (rows[0]?.children ?? []).filter((cell) => cell.tagName === 'th').map((cell) => text(cell).trim());
}

/**
 * A Markdown table wider than a phone would widen the page. Each one goes into the same labelled,
 * focusable scroll box as ScrollRegion.astro, so it scrolls on its own and keyboard users can
 * reach it (axe rule "scrollable-region-focusable").
 */
export const scrollableTables = defineHastPlugin({
  name: 'paritybook-scrollable-tables',
  element: {
    filter: ['table'],
    visit(node, ctx) {
      const columns = columnNames(node as unknown as Node).filter(Boolean);
      const label = columns.length ? `Table: ${columns.join(', ')}` : 'Table';
      ctx.wrapNode(node, {
        type: 'element',
        tagName: 'div',
        properties: { className: ['scroll-region'], role: 'region', ariaLabel: label, tabIndex: 0 },
        children: [],
      });
    },
  },
});
