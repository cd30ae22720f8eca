import { z } from 'astro/zod';
import { dateSchema, idSchema, listOf, severitySchema } from './common.ts';

/** Review state of a note; `needs-review` notes show a banner and stay out of search. */
export const reviewStatusSchema = z.enum(['draft', 'reviewed', 'needs-review']);

/** Body sections of a runbook, in the order on-call reads them. */
export const RUNBOOK_SECTIONS = ['Meaning', 'Impact', 'Diagnosis', 'Mitigation', 'Rollback', 'Escalation'] as const;

/** Frontmatter of a runbook: what to do when an alert fires or a symptom shows. */
export const runbookSchema = z
  .object({
    /**
     * Title, usually the symptom or the alert in plain words.
     * @example "CDN returns 502/504 for the API"
     */
    title: z.string().min(1),
    /**
     * One or two sentences shown in search results and lists.
     * @example "The CDN cannot reach the origin or gives up waiting for it."
     */
    summary: z.string().min(1),
    /**
     * Ids of the services this runbook is about.
     * @example ["checkout-api"]
     */
    services: listOf(idSchema).default([]),
    /**
     * Alert names this runbook answers; each gets a stable URL /alerts/<name>/.
     * @example ["CheckoutOrigin5xxHigh"]
     */
    alerts: listOf(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_:.-]*$/, {
        message: 'use the alert name exactly as Prometheus names it, like KubePodCrashLooping',
      }),
    ).default([]),
    /**
     * How bad the situation usually is.
     * @example "critical"
     */
    severity: severitySchema,
    /**
     * Team id of the owner.
     * @example "platform"
     */
    owner: idSchema,
    /**
     * Review state.
     * @example "reviewed"
     */
    status: reviewStatusSchema.default('reviewed'),
    /**
     * Date of the last review (YYYY-MM-DD).
     * @example 2026-10-01
     */
    lastReviewed: dateSchema,
    /**
     * Days between reviews.
     * @example 90
     */
    reviewEvery: z.number().int().positive().max(3650).default(90),
    /**
     * Free-form tags.
     * @example ["cdn", "5xx"]
     */
    tags: listOf(z.string().min(1)).default([]),
    /**
     * Ids of checklists to follow with this runbook.
     * @example ["implementation"]
     */
    checklists: listOf(idSchema).default([]),
  })
  .strict();

export type Runbook = z.infer<typeof runbookSchema>;
export type RunbookInput = z.input<typeof runbookSchema>;
