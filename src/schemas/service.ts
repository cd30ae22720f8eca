import { z } from 'astro/zod';
import { redactUrl } from '../parity/redact.ts';
import { idSchema, webUrlSchema } from './common.ts';

/** Probe settings of one environment; every field has a safe default. */
export const environmentSchema = z
  .object({
    /**
     * Base URL of the environment as the CDN serves it (http or https).
     * @example "https://staging.checkout.example.com"
     */
    url: z.url({ protocol: /^https?$/, error: 'use an absolute http:// or https:// URL' }),
    /**
     * Base URL of the origin, when `/__parity` is only reachable behind the CDN.
     * @example "http://10.0.0.12:8000"
     */
    originUrl: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Name of the environment variable that holds the bearer token for `/__parity`.
     * The token itself never goes into a file.
     * @example "CHECKOUT_STAGING_PARITY_TOKEN"
     */
    tokenEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, { message: 'name an environment variable, like CHECKOUT_PARITY_TOKEN' })
      .optional(),
    /**
     * TLS settings. `verify: false` (for an internal staging with a self-signed certificate) keeps the
     * certificate a finding but lets every other probe run; never set it on production.
     * @example { "verify": false }
     */
    tls: z
      .object({
        /** Verify the certificate chain for every probe (default true). */
        verify: z.boolean().default(true),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Which probes run, and how. */
export const probeSettingsSchema = z
  .object({
    /**
     * Probes to run.
     * @example ["health", "parity", "headers", "cache", "tls", "upload", "metrics"]
     */
    probes: z
      .array(z.enum(['health', 'parity', 'headers', 'cache', 'tls', 'upload', 'metrics']))
      .default(['health', 'parity', 'headers', 'cache', 'tls', 'upload', 'metrics']),
    /**
     * Path of the health endpoint.
     * @example "/healthz"
     */
    healthPath: z.string().startsWith('/').default('/healthz'),
    /**
     * Routes whose response headers (security and cache headers) are compared.
     * @example ["/", "/static/app.css"]
     */
    routes: z.array(z.string().startsWith('/')).default(['/']),
    /**
     * Route requested twice to read the CDN cache status.
     * @example "/static/app.css"
     */
    cacheRoute: z.string().startsWith('/').default('/'),
    /**
     * Route that accepts uploads; probed with headers only (`Expect: 100-continue`).
     * @example "/upload"
     */
    uploadRoute: z.string().startsWith('/').default('/__parity/upload'),
    /**
     * Path of the Prometheus text exposition, read for error rate and latency.
     * @example "/metrics"
     */
    metricsPath: z.string().startsWith('/').default('/metrics'),
    /**
     * Per-request timeout in milliseconds.
     * @example 5000
     */
    timeoutMs: z.number().int().positive().max(60_000).default(5000),
  })
  .strict();

/** A drift the team expects and accepts, shown with its reason instead of as a warning. */
export const expectedDriftSchema = z
  .object({
    /**
     * Snapshot path, `*` matches one segment.
     * @example "version.commit"
     */
    path: z.string().min(1),
    /**
     * Why this drift is fine.
     * @example "staging runs the release candidate"
     */
    reason: z.string().min(1),
    /**
     * Team id (or person) who answers for this exception.
     * @example "payments"
     */
    owner: z.string().min(1).optional(),
    /**
     * Last day the exception holds (YYYY-MM-DD, UTC). After it the path is drift again;
     * `npm run check` warns 14 days before.
     * @example "2026-12-31"
     */
    expires: z.iso.date({ error: 'write the last day the exception holds as YYYY-MM-DD, e.g. 2026-12-31' }).optional(),
  })
  .strict();

/** A service with a staging and a production environment. */
export const serviceSchema = z
  .object({
    /**
     * Stable id used by `services:` fields in notes.
     * @example "checkout-api"
     */
    id: idSchema,
    /**
     * Display name.
     * @example "Checkout API"
     */
    name: z.string().min(1),
    /**
     * Team id of the owner.
     * @example "payments"
     */
    owner: idSchema,
    /**
     * Source repository.
     * @example "https://git.example.com/payments/checkout-api"
     */
    repo: webUrlSchema.optional(),
    /**
     * One sentence on what the service does.
     * @example "Takes orders and hands them to payment providers."
     */
    description: z.string().optional(),
    /**
     * Dashboards, logs and other links on-call needs.
     * @example [{ "title": "Grafana", "url": "https://grafana.example.com/d/checkout" }]
     */
    links: z.array(z.object({ title: z.string().min(1), url: webUrlSchema }).strict()).default([]),
    /** The two environments compared by parity snapshots. */
    environments: z
      .object({
        staging: environmentSchema,
        production: environmentSchema,
      })
      .strict(),
    /** Probe settings shared by both environments. */
    probe: probeSettingsSchema.prefault({}),
    /** Differences between staging and production that are expected. */
    expectedDrift: z.array(expectedDriftSchema).default([]),
  })
  .strict();

export type Service = z.infer<typeof serviceSchema>;

const publishedEnvironment = (environment: Service['environments']['staging']) => ({
  ...environment,
  url: redactUrl(environment.url),
  originUrl: environment.originUrl && redactUrl(environment.originUrl),
});

/**
 * A service as the site keeps it: Astro's data store and every page get each URL and probe path
 * without credentials (`user:pass@`, `?token=`, `?sig=`). The snapshot command reads the files with
 * `serviceSchema`, which keeps them as written, because it has to call them.
 */
export const publishedServiceSchema = serviceSchema.transform((service) => ({
  ...service,
  repo: service.repo && redactUrl(service.repo),
  links: service.links.map((link) => ({ ...link, url: redactUrl(link.url) })),
  environments: {
    staging: publishedEnvironment(service.environments.staging),
    production: publishedEnvironment(service.environments.production),
  },
  probe: {
    ...service.probe,
    healthPath: redactUrl(service.probe.healthPath),
    routes: service.probe.routes.map(redactUrl),
    cacheRoute: redactUrl(service.probe.cacheRoute),
    uploadRoute: redactUrl(service.probe.uploadRoute),
    metricsPath: redactUrl(service.probe.metricsPath),
  },
}));
export type ServiceInput = z.input<typeof serviceSchema>;
