import { z } from 'astro/zod';
import { idSchema } from './common.ts';

/** A team that owns services and notes, with the ways to reach it during an incident. */
export const teamSchema = z
  .object({
    /**
     * Stable id used by `owner:` fields everywhere.
     * @example "payments"
     */
    id: idSchema,
    /**
     * Display name.
     * @example "Payments"
     */
    name: z.string().min(1),
    /** How to reach the team. */
    contact: z
      .object({
        /**
         * Chat channel for the incident conversation.
         * @example "#payments-oncall"
         */
        chat: z.string().min(1),
        /**
         * Pager rotation or escalation policy name.
         * @example "payments-primary"
         */
        pager: z.string().min(1).optional(),
        /**
         * Team e-mail address.
         * @example "payments@example.com"
         */
        email: z.email().optional(),
      })
      .strict(),
    /**
     * One sentence on what the team does.
     * @example "Runs checkout, payment providers and invoicing."
     */
    description: z.string().optional(),
  })
  .strict();

export type Team = z.infer<typeof teamSchema>;
export type TeamInput = z.input<typeof teamSchema>;
