/**
 * Props of the components every MDX note can use without importing them, as zod schemas: the
 * components type their props from these, and `npm run check` reads them to report a missing
 * required prop with its file and line before the build would fail on it.
 *
 * Plain TypeScript (no .astro imports), so the check runs it in Node.
 */
import { z } from 'astro/zod';
import { checklistItemSchema } from '../schemas/checklist.ts';

export const calloutProps = z.object({
  /**
   * How loud the callout is.
   * @example "warning"
   */
  type: z.enum(['note', 'warning', 'danger']).optional(),
  /**
   * Bold first line.
   * @example "Do not restart all pods at once"
   */
  title: z.string().optional(),
});

export const checklistProps = z.object({
  /**
   * Id of a checklist in content/checklists/ to embed.
   * @example "implementation"
   */
  use: z.string().optional(),
  /** Id that keeps the ticks of this list apart from other lists on the page. */
  id: z.string().optional(),
  /** Heading of the list; an embedded checklist brings its own. */
  title: z.string().optional(),
  /**
   * Items written in the note itself.
   * @example ["Drain the node", "Check the pool"]
   */
  items: z.array(checklistItemSchema).optional(),
});

export const commandProps = z.object({
  /**
   * The command, shown in a code block with a copy button.
   * @example "kubectl -n checkout rollout undo deploy/checkout-api"
   */
  code: z.string(),
  /** Line above the block saying what the command does. */
  title: z.string().optional(),
});

export const metricProps = z.object({
  /** @example "p95 latency" */
  name: z.string(),
  /** @example 840 */
  before: z.number(),
  /** @example 210 */
  after: z.number(),
  /** @example "ms" */
  unit: z.string().optional(),
  /** Which direction is an improvement. */
  better: z.enum(['lower', 'higher']).optional(),
});

/** Every component notes can use without an import, with its props. */
export const USER_COMPONENTS = {
  Callout: calloutProps,
  Checklist: checklistProps,
  Command: commandProps,
  Metric: metricProps,
} as const;

export type UserComponentName = keyof typeof USER_COMPONENTS;

/** Props a note must set on a component. */
export function requiredProps(name: UserComponentName): string[] {
  return Object.entries(USER_COMPONENTS[name].shape)
    .filter(([, schema]) => !(schema as z.ZodType).safeParse(undefined).success)
    .map(([prop]) => prop);
}
