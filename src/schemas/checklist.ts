import { z } from 'astro/zod';
import { idSchema, listOf } from './common.ts';

/** One step of a checklist. */
export const checklistItemSchema = z.union([
  z.string().min(1),
  z
    .object({
      /**
       * Stable key, so ticks survive rewording.
       * @example "backup"
       */
      id: idSchema.optional(),
      /**
       * What to do.
       * @example "Create a safe backup"
       */
      text: z.string().min(1),
      /**
       * How to tell it is done.
       * @example "pg_dump file exists and restores into a scratch database"
       */
      hint: z.string().optional(),
    })
    .strict(),
]);

/** A reusable checklist that notes reference by id. */
export const checklistSchema = z
  .object({
    /**
     * Title.
     * @example "Implementation checklist"
     */
    title: z.string().min(1),
    /**
     * When to use it.
     * @example "Every change to a production service."
     */
    summary: z.string().min(1),
    /**
     * Team id of the owner.
     * @example "platform"
     */
    owner: idSchema,
    /**
     * The steps, in order.
     * @example ["Capture the current behaviour", "Create a safe backup"]
     */
    items: z.array(checklistItemSchema).min(1, { message: 'list at least one item' }),
    /**
     * Free-form tags.
     * @example ["release"]
     */
    tags: listOf(z.string().min(1)).default([]),
  })
  .strict();

export type Checklist = z.infer<typeof checklistSchema>;
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
