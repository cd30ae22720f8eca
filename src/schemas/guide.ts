import { z } from 'astro/zod';
import { dateSchema, httpsOriginSchema, idSchema, listOf } from './common.ts';
import { reviewStatusSchema } from './runbook.ts';

/** What kind of page a guide is, as readers look for it. */
export const guideTypeSchema = z.enum(['how-to', 'tutorial', 'reference', 'overview']);

/**
 * Frontmatter of a guide: a page that is not about one alert (a how-to, a tutorial, a reference,
 * a service's overview). Runbooks answer alerts; guides explain how things work and how to do things.
 */
export const guideSchema = z
  .object({
    /**
     * Title of the page.
     * @example "Rotating the Redis TLS certificates"
     */
    title: z.string().min(1),
    /**
     * One or two sentences shown in search results and lists.
     * @example "Step by step: issue, deploy and verify new certificates for every Redis cluster."
     */
    summary: z.string().min(1),
    /**
     * What kind of page this is: a how-to (steps to reach a goal), a tutorial (learning by doing),
     * a reference (facts to look up) or an overview (a service or area explained).
     * @example "how-to"
     */
    type: guideTypeSchema.default('reference'),
    /**
     * Ids of the services this page is about.
     * @example ["redis"]
     */
    services: listOf(idSchema).default([]),
    /**
     * Team id of the owner.
     * @example "platform"
     */
    owner: idSchema,
    /**
     * Review state; `needs-review` pages show a banner and stay out of search.
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
     * @example 180
     */
    reviewEvery: z.number().int().positive().max(3650).default(180),
    /**
     * Free-form tags.
     * @example ["redis", "tls"]
     */
    tags: listOf(z.string().min(1)).default([]),
    /**
     * Origins whose pages this guide may show in an `<iframe src="...">` (see the runbook field of the same name).
     * @example ["https://grafana.example.com"]
     */
    embedOrigins: listOf(httpsOriginSchema).default([]),
    /**
     * Ids of checklists to follow with this guide.
     * @example ["implementation"]
     */
    checklists: listOf(idSchema).default([]),
  })
  .strict();

export type Guide = z.infer<typeof guideSchema>;
export type GuideInput = z.input<typeof guideSchema>;
