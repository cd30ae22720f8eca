import { z } from 'astro/zod';
import { dateSchema, httpsOriginSchema, idSchema, listOf, webUrlSchema } from './common.ts';

/** Areas of the security hardening checklist. */
export const SECURITY_AREAS = ['permissions', 'secrets', 'headers', 'upload-limits', 'logging'] as const;

/** A measured number before and after the change. */
export const metricSchema = z
  .object({
    /**
     * What was measured.
     * @example "p95 latency of POST /orders"
     */
    name: z.string().min(1),
    /**
     * Unit shown after the values.
     * @example "ms"
     */
    unit: z.string().default(''),
    /**
     * Value before the change.
     * @example 840
     */
    before: z.number(),
    /**
     * Value after the change.
     * @example 310
     */
    after: z.number(),
    /**
     * Which direction is an improvement.
     * @example "lower"
     */
    better: z.enum(['lower', 'higher']),
  })
  .strict();

/** One item of the security hardening checklist, as it applies to this change. */
export const securityItemSchema = z
  .object({
    /**
     * Area of the hardening checklist.
     * @example "headers"
     */
    area: z.enum(SECURITY_AREAS),
    /**
     * What was checked or changed.
     * @example "HSTS with includeSubDomains on production"
     */
    item: z.string().min(1),
    /**
     * Whether it is done.
     * @example true
     */
    done: z.boolean().default(false),
  })
  .strict();

/** Operators of an expected check. */
export const CHECK_OPS = ['present', 'absent', 'equals', 'gte', 'lte', 'matches', 'same'] as const;

/**
 * An expected result the page checks itself against the latest parity snapshot.
 * Paths are snapshot paths as the parity report prints them.
 */
export const expectedCheckSchema = z
  .object({
    /**
     * Snapshot path.
     * @example "headers./.strict-transport-security"
     */
    path: z.string().min(1),
    /**
     * Environment checked; `same` always compares both.
     * @example "production"
     */
    env: z.enum(['staging', 'production', 'both']).default('production'),
    /**
     * What must hold.
     * @example "gte"
     */
    op: z.enum(CHECK_OPS),
    /**
     * Operand of equals, gte, lte (a number) and matches (a regular expression).
     * @example 10485760
     */
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /**
     * Service checked, when the note names several; default: every service of the note.
     * @example "checkout-api"
     */
    service: idSchema.optional(),
  })
  .strict()
  .superRefine((check, context) => {
    const needsValue = ['equals', 'gte', 'lte', 'matches'].includes(check.op);
    if (needsValue && check.value === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['value'],
        message: `op "${check.op}" needs a value, like value: 10485760`,
      });
    }
    if (!needsValue && check.value !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['value'],
        message: `op "${check.op}" takes no value: remove value, or use op: equals`,
      });
    }
    if (
      (check.op === 'gte' || check.op === 'lte') &&
      check.value !== undefined &&
      !Number.isFinite(Number(check.value))
    ) {
      context.addIssue({
        code: 'custom',
        path: ['value'],
        message: `op "${check.op}" compares numbers: write a number, like 10485760`,
      });
    }
    if (check.op === 'matches' && typeof check.value === 'string') {
      try {
        new RegExp(check.value);
      } catch {
        context.addIssue({ code: 'custom', path: ['value'], message: 'not a valid regular expression' });
      }
    }
  });
export type ExpectedCheck = z.infer<typeof expectedCheckSchema>;

/** Frontmatter of a change note: why a change was made, what it did and how to undo it. */
export const changeSchema = z
  .object({
    /**
     * Title.
     * @example "Raise the upload limit to 25 MiB"
     */
    title: z.string().min(1),
    /**
     * Date the change shipped or is planned (YYYY-MM-DD).
     * @example 2026-11-20
     */
    date: dateSchema,
    /**
     * Ids of the services changed.
     * @example ["media-api"]
     */
    services: listOf(idSchema, { min: 1, message: 'name at least one service id, like [checkout-api]' }),
    /**
     * Team id of the owner.
     * @example "platform"
     */
    owner: idSchema,
    /**
     * Why the change was made.
     * @example "Customers upload 20 MB scans and get 413."
     */
    reason: z.string().min(1),
    /**
     * Files the change touched.
     * @example ["deploy/nginx/media.conf", "app/settings.py"]
     */
    filesTouched: listOf(z.string().min(1)).default([]),
    /**
     * Commands that apply the change, copied into the page with copy buttons.
     * @example ["kubectl -n media rollout restart deploy/media-api"]
     */
    commands: listOf(z.string().min(1)).default([]),
    /** The number the change moves. */
    metric: metricSchema.optional(),
    /**
     * What should be true after the change.
     * @example "Uploads up to 25 MiB succeed; larger ones get 413 from nginx."
     */
    expectedResult: z.string().min(1),
    /**
     * How to undo it.
     * @example "Revert the PR and run the same command."
     */
    rollback: z.string().min(1),
    /**
     * Commands that undo the change, shown under the rollback with copy buttons, so nobody retypes
     * them from the prose during an incident.
     * @example ["kubectl -n media rollout undo deploy/media-api"]
     */
    rollbackCommands: listOf(z.string().min(1)).default([]),
    /** Security hardening items touched by the change. */
    securityItems: z.array(securityItemSchema).default([]),
    /**
     * State of the change.
     * @example "shipped"
     */
    status: z.enum(['planned', 'shipped', 'rolled-back']),
    /**
     * Links to the pull request, incident or ticket.
     * @example { "pr": "https://git.example.com/media/pull/42" }
     */
    links: z
      .object({
        pr: webUrlSchema.optional(),
        incident: webUrlSchema.optional(),
        ticket: webUrlSchema.optional(),
      })
      .strict()
      .default({}),
    /**
     * Ids of checklists followed for this change.
     * @example ["implementation", "security-hardening"]
     */
    checklists: listOf(idSchema).default([]),
    /**
     * Free-form tags.
     * @example ["uploads"]
     */
    tags: listOf(z.string().min(1)).default([]),
    /**
     * Origins whose pages this note may show in an `<iframe src="...">`, such as a dashboard. Scripts, event
     * handlers (`onerror=`), `<object>`, `<embed>` and every other iframe in the body are refused by
     * `npm run check` and the build; list an origin here only for a site you trust. The site's CSP must allow
     * it too: add it to `delivery.cspExtra["frame-src"]` in astro.config.mjs. See docs/security.md.
     * @example ["https://grafana.example.com"]
     */
    embedOrigins: listOf(httpsOriginSchema).default([]),
    /**
     * Expected results checked against the latest parity snapshot, shown passed or failed on the page.
     * @example [{ "path": "limits.max_upload_bytes", "env": "production", "op": "gte", "value": 10485760 }]
     */
    checks: z.array(expectedCheckSchema).default([]),
    /**
     * Review state of the note itself.
     * @example "reviewed"
     */
    reviewStatus: z.enum(['draft', 'reviewed', 'needs-review']).default('reviewed'),
  })
  .strict();

export type Change = z.infer<typeof changeSchema>;
export type ChangeInput = z.input<typeof changeSchema>;
