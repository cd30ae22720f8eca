import { z } from 'astro/zod';

/** One year, the longest `max-age` caches honour in practice. */
export const ONE_YEAR = 31_536_000;

const hstsSchema = z
  .object({
    /**
     * Seconds browsers remember to use HTTPS only.
     * @example 63072000
     */
    maxAge: z.number().int().min(0).default(63_072_000),
    /**
     * Apply to every subdomain too.
     * @example true
     */
    includeSubDomains: z.boolean().default(true),
    /**
     * Ask for inclusion in browser preload lists (only once every subdomain serves HTTPS).
     * @example false
     */
    preload: z.boolean().default(false),
  })
  .strict();

const offlineSchema = z
  .object({
    /**
     * Emit and register the service worker that keeps an offline copy of the site.
     * @example true
     */
    enabled: z.boolean().default(true),
    /**
     * Most bytes the offline copy may take. Assets and the search index come first, then pages
     * (those under `prefer` first); whatever does not fit is left out and listed in the build log.
     * @example 26214400
     */
    budgetBytes: z
      .number()
      .int()
      .min(
        64 * 1024,
        'offline.budgetBytes below 64 KiB cannot hold even the stylesheet; raise it or set offline.enabled: false',
      )
      .default(25 * 1024 * 1024),
    /**
     * Path prefixes whose pages are cached before any other page when the budget is tight.
     * @example ["/runbooks/", "/alerts/"]
     */
    prefer: z.array(z.string().startsWith('/')).default(['/runbooks/', '/alerts/']),
    /**
     * Milliseconds a page request may wait for the network before the offline copy answers
     * (a flaky VPN often hangs rather than fails).
     * @example 4000
     */
    networkTimeoutMs: z.number().int().min(250).max(60_000).default(4000),
  })
  .strict();

/** Delivery policy: cache classes, security headers and the offline copy. One source for `_headers`, the nginx snippet and the service worker. */
export const deliveryOptionsSchema = z
  .object({
    /**
     * Seconds a CDN may keep HTML (and Pagefind's unhashed entry files) at the edge, sent as
     * `CDN-Cache-Control` (RFC 9213) by the nginx origin; browsers still revalidate every time.
     * Leave unset to have the CDN revalidate too. Purge the CDN on deploy when set.
     * @example 60
     */
    edgeTtl: z.number().int().min(1).max(86_400).optional(),
    /**
     * `Strict-Transport-Security`; `false` leaves the header out (plain-HTTP intranet hosts).
     * @example { maxAge: 63072000, includeSubDomains: true, preload: false }
     */
    hsts: z.union([hstsSchema, z.literal(false)]).prefault({}),
    /**
     * Extra CSP sources per directive, appended to the built-in policy (never replacing `'self'`).
     * @example { "img-src": ["https://grafana.example.com"], "connect-src": ["https://status.example.com"] }
     */
    cspExtra: z
      .record(
        z.string().regex(/^[a-z-]+$/, 'use a CSP directive name such as "img-src"'),
        z.array(z.string().regex(/^[^;,\s]+$/, 'one source per entry, no ";" or spaces')),
      )
      .default({}),
    /**
     * `Referrer-Policy`. `same-origin` keeps internal URLs (service names, incident ids) out of requests to other sites.
     * @example "strict-origin-when-cross-origin"
     */
    referrerPolicy: z
      .enum([
        'no-referrer',
        'same-origin',
        'strict-origin',
        'strict-origin-when-cross-origin',
        'origin',
        'origin-when-cross-origin',
        'no-referrer-when-downgrade',
      ])
      .default('same-origin'),
    /**
     * Features the pages may use, as a `Permissions-Policy` value; default denies all powerful features.
     * Only features browsers know: an unknown one (such as `bluetooth`) makes Chromium log a warning on every page.
     * @example "camera=(), microphone=(), geolocation=()"
     */
    permissionsPolicy: z
      .string()
      .min(1)
      .default('camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), midi=(), display-capture=()'),
    /** Offline copy (service worker). */
    offline: offlineSchema.prefault({}),
  })
  .strict();

export type DeliveryOptions = z.input<typeof deliveryOptionsSchema>;
export type ResolvedDeliveryOptions = z.infer<typeof deliveryOptionsSchema>;

/** Resolved options with every default, for tests and scripts that run outside Astro. */
export const defaultDeliveryOptions = (): ResolvedDeliveryOptions => deliveryOptionsSchema.parse({});
