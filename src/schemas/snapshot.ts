import { z } from 'astro/zod';

/**
 * Everything in this file describes data that came from an environment, so every string is
 * bounded: a hostile or broken environment can make a value wrong, never make it huge.
 */
const text = (max = 512) => z.string().max(max, { message: `longer than ${max} characters` });
const scalar = z.union([text(), z.number(), z.boolean(), z.null()]);

/** Names of the probes a service can run. */
export const PROBES = ['health', 'parity', 'headers', 'cache', 'tls', 'upload', 'metrics'] as const;
export const probeNameSchema = z.enum(PROBES);
export type ProbeName = z.infer<typeof probeNameSchema>;

/** The two environments compared. */
export const ENVIRONMENTS = ['staging', 'production'] as const;
export const environmentNameSchema = z.enum(ENVIRONMENTS);
export type EnvironmentName = z.infer<typeof environmentNameSchema>;

/**
 * The `/__parity` contract (schema `parity/1`) a service exposes about itself.
 * Unknown top-level fields are dropped, so a service can add more without breaking the probe.
 */
export const parityDocumentSchema = z.object({
  /**
   * Contract version.
   * @example "parity/1"
   */
  schema: z.literal('parity/1').describe('Contract version.'),
  /**
   * Service id, as in the service file.
   * @example "checkout-api"
   */
  service: text(128).describe('Service id, as in the paritybook service file.'),
  /**
   * Which environment answered.
   * @example "staging"
   */
  environment: text(64).describe('Which environment answered, e.g. staging.'),
  /**
   * When the document was generated (RFC 3339).
   * @example "2026-11-27T10:00:00Z"
   */
  generated_at: text(64).optional().describe('When the document was generated (RFC 3339); shown, never compared.'),
  /** Build provenance, as Mozilla Dockerflow's `/__version__`. */
  version: z
    .object({
      /** @example "https://git.example.com/payments/checkout-api" */
      source: text().optional(),
      /** @example "1.4.0" */
      version: text(128).optional(),
      /** @example "4f2a9c1d0e..." */
      commit: text(128).optional(),
      /** @example "https://ci.example.com/build/812" */
      build: text().optional(),
    })
    .optional()
    .describe('Build provenance, as Mozilla Dockerflow /__version__: source, version, commit, build.'),
  /**
   * Language runtime.
   * @example { "python": "3.11.2", "implementation": "CPython" }
   */
  runtime: z.record(text(128), text(128)).optional().describe('Language runtime, e.g. {"python": "3.11.2"}.'),
  /**
   * Installed package versions, by package name.
   * @example { "fastapi": "0.115.0", "pydantic": "2.9.2" }
   */
  packages: z.record(text(128), text(128)).optional().describe('Installed package versions by package name.'),
  /** Database migrations: heads in the code and heads applied to the database. */
  migrations: z
    .object({
      /** @example "alembic" */
      tool: text(64).optional(),
      /** @example ["3f2c1a9b7d10"] */
      code_heads: z.array(text(128)).max(64).default([]),
      /** @example ["3f2c1a9b7d10"] */
      db_heads: z.array(text(128)).max(64).default([]),
      /** @example true */
      in_sync: z.boolean().optional(),
    })
    .optional()
    .describe('Database migration heads in the code and applied to the database.'),
  /** Configuration that is safe to show: flags, and which secrets are set (never their values). */
  config: z
    .object({
      /** @example { "new_checkout": true } */
      flags: z.record(text(128), z.union([z.boolean(), z.number(), text(128)])).default({}),
      /** @example { "DATABASE_URL": true } */
      secrets_present: z.record(text(128), z.boolean()).default({}),
    })
    .optional()
    .describe('Feature flags, and which secrets are set (true/false, never their values).'),
  /**
   * Limits the service enforces.
   * @example { "max_upload_bytes": 10485760 }
   */
  limits: z.record(text(128), z.number()).optional().describe('Limits the service enforces, e.g. max_upload_bytes.'),
  /**
   * Dependency checks.
   * @example { "database": "ok" }
   */
  checks: z
    .record(text(128), text(128))
    .optional()
    .describe('Dependency checks; anything but "ok" in production is critical.'),
});
export type ParityDocument = z.infer<typeof parityDocumentSchema>;

/** Outcome of one probe against one environment. */
export const probeOutcomeSchema = z.object({
  /** Whether the probe produced a value. */
  ok: z.boolean(),
  /**
   * Machine-readable failure class.
   * @example "timeout"
   */
  code: text(64).optional(),
  /**
   * Why it failed, redacted, one line.
   * @example "no answer within 5000 ms"
   */
  reason: text(1024).optional(),
  /** Milliseconds the probe took. */
  ms: z.number().nonnegative(),
});
export type ProbeOutcome = z.infer<typeof probeOutcomeSchema>;

/** A comparable tree: nested objects whose leaves are scalars. */
export type Tree = { [key: string]: Tree | string | number | boolean | null };
export const treeSchema: z.ZodType<Tree> = z.lazy(() => z.record(text(256), z.union([scalar, treeSchema])));

/** What a CDN said about a response, read from its headers (src/parity/normalise.ts). */
export const CACHE_STATUSES = ['hit', 'miss', 'stale', 'bypass', 'unknown'] as const;
export const cacheStatusSchema = z.enum(CACHE_STATUSES);
export type CacheStatus = z.infer<typeof cacheStatusSchema>;

/** Which response header told the cache status; `none` when no header did. */
export const CACHE_SOURCES = [
  'cache-status',
  'cf-cache-status',
  'x-cache',
  'akamai-cache-status',
  'age',
  'none',
] as const;
export const cacheSourceSchema = z.enum(CACHE_SOURCES);
export type CacheSource = z.infer<typeof cacheSourceSchema>;

/**
 * Values a snapshot shows but never compares: they differ by nature between environments and
 * runs (latency, error rate, certificate expiry, cache ages). Each group is written by one probe
 * and absent when that probe did not run or failed.
 */
export const observedSchema = z.object({
  /** Written by the health probe. */
  health: z
    .object({
      /**
       * Milliseconds the health check took to answer.
       * @example 42
       */
      latency_ms: z.number().int().nonnegative(),
    })
    .optional(),
  /** Written by the parity probe: what the `/__parity` document said about itself. */
  parity: z
    .object({
      /** @example "2026-11-27T10:00:00Z" */
      generated_at: text(64).nullable(),
      /** @example "staging" */
      environment: text(64),
      /** @example "checkout-api" */
      service: text(128),
    })
    .optional(),
  /** Written by the cache probe: the CDN's answer to the first and the second request of the cache route. */
  cache: z
    .object({
      /** @example "miss" */
      first_request: cacheStatusSchema,
      /** @example "hit" */
      second_request: cacheStatusSchema,
      /**
       * Header the second request's status was read from.
       * @example "cache-status"
       */
      source: cacheSourceSchema,
      /**
       * The second response's `Age` header in seconds, null without one.
       * @example 12
       */
      age: z.number().nullable(),
    })
    .optional(),
  /** Written by the TLS probe, for https environments. */
  tls: z
    .object({
      /** @example "O=Example, CN=checkout.example.com" */
      subject: text(),
      /**
       * Expiry of the certificate (ISO time).
       * @example "2027-02-01T00:00:00.000Z"
       */
      valid_to: text(64),
      /**
       * Whole days until expiry at the time of the snapshot; negative once expired.
       * @example 64
       */
      days_left: z.number().int(),
      /** Why the certificate did not verify, null when it did. */
      authorization_error: text(1024).nullable(),
    })
    .optional(),
  /** Written by the metrics probe from the Prometheus exposition; null where the metrics do not say. */
  metrics: z
    .object({
      /**
       * Requests counted since the process started.
       * @example 1200
       */
      requests: z.number().nullable(),
      /**
       * Share of 5xx responses, 0..1.
       * @example 0.002
       */
      error_rate: z.number().nullable(),
      /**
       * Mean request duration in milliseconds.
       * @example 18.4
       */
      latency_mean_ms: z.number().nullable(),
      /**
       * 95th percentile from histogram buckets (upper bound of the bucket), in milliseconds.
       * @example 250
       */
      latency_p95_ms: z.number().nullable(),
    })
    .optional(),
  /** Written by the upload probe. */
  upload: z
    .object({
      /**
       * Headers-only requests it took to find the limit.
       * @example 2
       */
      requests: z.number().int().nonnegative(),
    })
    .optional(),
});
export type Observed = z.infer<typeof observedSchema>;

/** One pull of one environment: comparable data, observed-only values, and how each probe went. */
export const snapshotSchema = z.object({
  /** Format of this file. */
  format: z.literal('paritybook-snapshot/1'),
  /** @example "checkout-api" */
  service: text(128),
  environment: environmentNameSchema,
  /** Base URL probed, without credentials. */
  url: text(),
  /** ISO time the pull started; also the id of the run, shared by both environments. */
  takenAt: z.iso.datetime(),
  /** Milliseconds the pull took. */
  durationMs: z.number().nonnegative(),
  /** Set on the recorded demo snapshots shipped with the repository. */
  demo: z.boolean().default(false),
  /** Values compared between environments, normalised. */
  data: treeSchema,
  /** Values shown but never compared (latency, expiry dates, error rates, ages). */
  observed: observedSchema,
  /** How each probe went. */
  probes: z.partialRecord(probeNameSchema, probeOutcomeSchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** How a path compared between staging and production. */
const COMPARISON_CLASSES = ['same', 'drift', 'expected', 'only-staging', 'only-production', 'probe-failed'] as const;
/**
 * `misrouted`: an environment answers as another environment or service; `untrusted`: its
 * certificate does not verify. Both are findings about one environment, not comparisons.
 */
const ENVIRONMENT_FINDINGS = ['misrouted', 'untrusted'] as const;
export const DRIFT_CLASSES = [...COMPARISON_CLASSES, ...ENVIRONMENT_FINDINGS] as const;
export const driftClassSchema = z.enum(DRIFT_CLASSES);
export type DriftClass = z.infer<typeof driftClassSchema>;
export const DRIFT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export const driftSeveritySchema = z.enum(DRIFT_SEVERITIES);
export type DriftSeverity = z.infer<typeof driftSeveritySchema>;

/** One compared path. */
export const driftEntrySchema = z.object({
  /** @example "packages.fastapi" */
  path: text(1024),
  staging: scalar.optional(),
  production: scalar.optional(),
  class: driftClassSchema,
  severity: driftSeveritySchema,
  /** Reason of the matching expected-drift rule, or why a probe failed. */
  reason: text(1024).optional(),
  /** A short explanation, like which side is ahead. */
  note: text(256).optional(),
  /** ISO time of the oldest snapshot in an unbroken run showing this same drift. */
  since: z.iso.datetime().optional(),
  /** True when the drift was not there at the baseline run (the previous run, or the last deploy's). */
  new: z.boolean().optional(),
  /** The one reason several paths drift together (a shared version bump, one header), shown as a group. */
  cause: text(512).optional(),
});
export type DriftEntry = z.infer<typeof driftEntrySchema>;

/** Runs kept in a history's trend: a day of 15-minute runs. */
export const TREND_KEEP = 96;

/** Unexpected drift of one run. */
export const trendPointSchema = z.object({
  takenAt: z.iso.datetime(),
  critical: z.number().int().nonnegative(),
  warning: z.number().int().nonnegative(),
});
export type TrendPoint = z.infer<typeof trendPointSchema>;

/** Drift history of one service (src/parity/history.ts): since when each drift holds, and a short trend. */
export const serviceHistorySchema = z.object({
  /** The newest run both environments answered in. */
  lastRun: z.iso.datetime(),
  /** The run before it, when there was one: what "new" is measured against by default. */
  previousRun: z.iso.datetime().optional(),
  /** Drift of the newest run (by `driftKey`) and since when each has held without a break. */
  active: z.array(z.object({ drift: z.string().max(4096), since: z.iso.datetime() })).max(5000),
  /** Unexpected drift per run, newest first. */
  trend: z.array(trendPointSchema).max(TREND_KEEP),
});
export type ServiceHistory = z.infer<typeof serviceHistorySchema>;

/** What a page knows about one environment of a service. */
export const environmentViewSchema = z.object({
  url: text().optional(),
  /** Last snapshot in which the environment answered. */
  latestGood: snapshotSchema.nullable(),
  /** The latest attempt, when it is not the latest good one. */
  lastAttempt: z
    .object({
      takenAt: z.iso.datetime(),
      failures: z.array(z.object({ probe: probeNameSchema, code: text(64).optional(), reason: text(1024).optional() })),
    })
    .nullable(),
});
export type EnvironmentView = z.infer<typeof environmentViewSchema>;

/** An entry of the `snapshots` collection: everything a page shows about one service's parity. */
export const parityViewSchema = z.object({
  service: text(128),
  /** True when the data comes from the recorded demo snapshots. */
  demo: z.boolean(),
  /** When the view was assembled (build time). */
  builtAt: z.iso.datetime(),
  environments: z.object({ staging: environmentViewSchema, production: environmentViewSchema }),
  /** Every non-same path, plus same paths that are critical on their own (production broken on both sides). */
  drift: z.array(driftEntrySchema),
  /** Number of paths that are the same in both environments. */
  same: z.number().int().nonnegative(),
  /** Worst severity among unexpected entries, or null when there are none. */
  worst: driftSeveritySchema.nullable(),
  /** Where drift history came from, and whether an earlier deploy's could be read. */
  history: z
    .object({
      /** `previous`: the last deploy's published history; `local`: the local store only. */
      source: z.enum(['previous', 'local']),
      /** Why the previous deploy's history was not used, when it was asked for. */
      note: text(1024).optional(),
      /** The run "new" is measured against, when there is one. */
      baseline: z.iso.datetime().optional(),
      /** The history after this view's runs; published with the deploy. */
      state: serviceHistorySchema.nullable(),
    })
    .optional(),
});
export type ParityView = z.infer<typeof parityViewSchema>;
