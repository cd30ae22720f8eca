import { defineHastPlugin } from 'satteri';

/**
 * GFM task lists render as disabled checkboxes without a label, which screen readers announce as an unnamed
 * control (axe rule "label"). Name each one by its state; the item's text follows it.
 */
export const taskListLabels = defineHastPlugin({
  name: 'paritybook-task-list-labels',
  element: {
    filter: ['input'],
    visit(node, ctx) {
      if (node.properties?.type !== 'checkbox') return;
      ctx.setProperty(node, 'ariaLabel', node.properties.checked ? 'Done' : 'Not done');
    },
  },
});
