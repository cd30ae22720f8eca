/**
 * Pulls one environment of one service: runs the probes the service asks for, each bounded,
 * and assembles a redacted, validated snapshot.
 */
import type { LimitFunction } from 'p-limit';
import type { Service } from '../schemas/service.ts';
import {
  parityDocumentSchema,
  snapshotSchema,
  type EnvironmentName,
  type Observed,
  type ParityDocument,
  type ProbeName,
  type ProbeOutcome,
  type Snapshot,
  type Tree,
} from '../schemas/snapshot.ts';
import { ProbeError } from './errors.ts';
import { boundedGet, type BoundedRequest } from './http.ts';
import { summariseMetrics } from './metrics.ts';
import { normaliseHeaders, pickHeaders, readCacheStatus } from './normalise.ts';
import { findUploadLimit, readCertificate, uploadAccepted } from './raw.ts';
import { MIN_TOKEN_LENGTH, readToken, redact, redactText, redactUrl } from './redact.ts';

/** Size caps per kind of answer: a parity document is small, a page may be bigger but we only need its headers. */
export const LIMITS = { parityBytes: 256 * 1024, metricsBytes: 2 * 1024 * 1024, healthBytes: 64 * 1024, pageBytes: 0 };

export interface ProbeContext {
  limit: LimitFunction;
  deadline?: AbortSignal;
  /** Reads environment variables (tokens); injectable for tests. */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** A probe's contribution: comparable data and its group of observed-only values. */
interface Contribution {
  data?: Tree;
  observed?: Observed;
}

const join = (base: string, route: string) => new URL(route, base.endsWith('/') ? base : `${base}/`).toString();
const decoder = new TextDecoder();

/** Turns an error into the one-line, redacted reason kept in a snapshot. */
export function describeFailure(error: unknown): { code: string; reason: string } {
  if (error instanceof ProbeError) return { code: error.code, reason: redactText(error.message).slice(0, 1000) };
  return { code: 'protocol', reason: redactText(String((error as Error)?.message ?? error)).slice(0, 1000) };
}

/** Lists zod issues as `path: message`, short, without echoing values. */
function contractProblems(issues: { path: PropertyKey[]; message: string }[]): string {
  const lines = issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`);
  return `${lines.join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`;
}

export async function probeEnvironment(
  service: Service,
  environment: EnvironmentName,
  takenAt: Date,
  context: ProbeContext,
): Promise<Snapshot> {
  const settings = service.probe;
  const config = service.environments[environment];
  const base = config.url;
  const origin = config.originUrl ?? base;
  const started = performance.now();
  // When the environment does not answer its health check, the other probes stop at once with
  // the same reason instead of each waiting for its own timeout.
  const down = new AbortController();
  const deadline = context.deadline ? AbortSignal.any([context.deadline, down.signal]) : down.signal;
  const verifyTls = config.tls?.verify ?? true;
  const request = (extra: Partial<BoundedRequest> & { maxBytes: number }): BoundedRequest => ({
    timeoutMs: settings.timeoutMs,
    deadline,
    verifyTls,
    ...extra,
  });
  const get = (url: string, extra: Partial<BoundedRequest> & { maxBytes: number }) =>
    context.limit(() => boundedGet(url, request(extra)));

  const probes: Partial<Record<ProbeName, ProbeOutcome>> = {};
  const data: Tree = {};
  const observed: Observed = {};
  const enabled = new Set(settings.probes);

  async function run(name: ProbeName, body: () => Promise<Contribution | null>): Promise<void> {
    if (!enabled.has(name)) return;
    const t0 = performance.now();
    try {
      const result = await body();
      if (result === null) return; // not applicable (TLS on http)
      if (result.data) Object.assign(data, result.data);
      if (result.observed) Object.assign(observed, result.observed);
      probes[name] = { ok: true, ms: Math.round(performance.now() - t0) };
    } catch (error) {
      probes[name] = { ok: false, ...describeFailure(error), ms: Math.round(performance.now() - t0) };
    }
  }

  let parityDocument: ParityDocument | undefined;

  const health = () =>
    run('health', async () => {
      let response;
      try {
        response = await get(join(base, settings.healthPath), { maxBytes: LIMITS.healthBytes });
      } catch (error) {
        if (error instanceof ProbeError && (error.code === 'unreachable' || error.code === 'timeout')) {
          down.abort(new ProbeError(error.code, `skipped: ${error.message}`));
        }
        throw error;
      }
      const ok = response.status >= 200 && response.status < 300;
      return {
        data: { health: { ok, status: response.status } },
        observed: { health: { latency_ms: Math.round(response.ms) } },
      };
    });

  const parity = () =>
    run('parity', async () => {
      const tokenName = config.tokenEnv;
      const token = tokenName ? readToken(context.env ?? process.env, tokenName) : undefined;
      if (token && token.length < MIN_TOKEN_LENGTH) {
        throw new ProbeError(
          'protocol',
          `${tokenName} holds a token of ${token.length} characters; paritybook sends only tokens of at least ${MIN_TOKEN_LENGTH}, which it can scrub from everything it writes`,
        );
      }
      // Without the token the request still goes out: an origin that needs none answers anyway.
      const response = await get(join(origin, '/__parity'), {
        maxBytes: LIMITS.parityBytes,
        headers: {
          'cache-control': 'no-store',
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
      if ((response.status === 401 || response.status === 403) && tokenName) {
        throw new ProbeError(
          'http-status',
          `GET /__parity answered ${response.status}: ${token ? `check the token in ${tokenName}` : `set ${tokenName} to the /__parity token`}`,
        );
      }
      if (response.status !== 200) throw new ProbeError('http-status', `GET /__parity answered ${response.status}`);
      let json: unknown;
      try {
        json = JSON.parse(decoder.decode(response.body));
      } catch (error) {
        throw new ProbeError('invalid-json', 'GET /__parity did not return valid JSON', { cause: error });
      }
      const parsed = parityDocumentSchema.safeParse(json);
      if (!parsed.success)
        throw new ProbeError(
          'invalid-contract',
          `GET /__parity does not follow parity/1: ${contractProblems(parsed.error.issues)}`,
        );
      parityDocument = parsed.data;
      return documentToTree(parsed.data);
    });

  // One GET per route serves both the headers probe and the cache probe's first request.
  const routeResponses = new Map<string, ReturnType<typeof get>>();
  const fetchRoute = (route: string) => {
    let response = routeResponses.get(route);
    if (!response) {
      response = get(join(base, route), { maxBytes: Number.POSITIVE_INFINITY, discardBody: true });
      routeResponses.set(route, response);
    }
    return response;
  };

  const headers = () =>
    run('headers', async () => {
      const responses = await Promise.all(settings.routes.map((route) => fetchRoute(route)));
      const routes: Tree = {};
      settings.routes.forEach((route, index) => {
        const response = responses[index];
        routes[route] = { status: response.status, ...normaliseHeaders(pickHeaders(response.headers)) };
      });
      return { data: { headers: routes } };
    });

  const cache = () =>
    run('cache', async () => {
      const first = await fetchRoute(settings.cacheRoute);
      const second = await get(join(base, settings.cacheRoute), {
        maxBytes: Number.POSITIVE_INFINITY,
        discardBody: true,
      });
      const a = readCacheStatus(first.headers);
      const b = readCacheStatus(second.headers);
      return {
        data: { cache: { second_request: b.status } },
        observed: { cache: { first_request: a.status, second_request: b.status, source: b.source, age: b.age } },
      };
    });

  const certificate = () =>
    run('tls', async () => {
      if (new URL(base).protocol !== 'https:') return null;
      const info = await context.limit(() =>
        readCertificate(base, settings.timeoutMs, (context.now?.() ?? new Date()).getTime(), deadline),
      );
      return {
        data: { tls: { issuer: info.issuer, authorized: info.authorized, expires_within_14_days: info.daysLeft < 14 } },
        observed: {
          tls: {
            subject: info.subject,
            valid_to: info.validTo,
            days_left: info.daysLeft,
            authorization_error: info.authorizationError ?? null,
          },
        },
      };
    });

  const metrics = () =>
    run('metrics', async () => {
      const response = await get(join(origin, settings.metricsPath), {
        maxBytes: LIMITS.metricsBytes,
        headers: { accept: 'text/plain' },
      });
      // Metrics are read where exposed: a 404 says "not exposed", which is a value, not a failure.
      if (response.status === 404) return { data: { metrics: { exposed: false } } };
      if (response.status !== 200)
        throw new ProbeError('http-status', `GET ${settings.metricsPath} answered ${response.status}`);
      let summary;
      try {
        summary = summariseMetrics(decoder.decode(response.body));
      } catch (error) {
        throw new ProbeError('protocol', `${settings.metricsPath} is not Prometheus text format`, { cause: error });
      }
      return { data: { metrics: { exposed: true } }, observed: { metrics: { ...summary } } };
    });

  // Upload needs the declared limit from /__parity, so it runs after it.
  const upload = () =>
    run('upload', async () => {
      const url = join(base, settings.uploadRoute);
      const declared = Object.values(parityDocument?.limits ?? {}).filter((n) => Number.isInteger(n) && n > 0);
      const result = await findUploadLimit(
        (bytes) => context.limit(() => uploadAccepted(url, bytes, settings.timeoutMs, deadline, verifyTls)),
        declared,
      );
      const exact = result.acceptsUpTo !== null && result.rejectsFrom === result.acceptsUpTo + 1;
      const limit = exact
        ? result.acceptsUpTo
        : result.acceptsUpTo === null
          ? `< ${result.rejectsFrom}`
          : result.rejectsFrom === null
            ? `>= ${result.acceptsUpTo}`
            : `${result.acceptsUpTo}..${(result.rejectsFrom ?? 0) - 1}`;
      return {
        data: { upload: { effective_limit_bytes: limit } },
        observed: { upload: { requests: result.requests } },
      };
    });

  const credentials = [base, origin].some(carriesCredentials);
  if (credentials) {
    // fetch refuses such URLs and Node's http client would send them as Basic auth: say so once, send nothing.
    const reason = `the ${environment} URL in the service file carries a user name or password, which paritybook never sends: remove it, and name the variable that holds the token in tokenEnv`;
    for (const name of enabled) {
      if (name === 'tls' && new URL(base).protocol !== 'https:') continue; // not applicable, as below
      probes[name] = { ok: false, code: 'protocol', reason, ms: 0 };
    }
  } else {
    await Promise.all([health(), parity().then(upload), headers(), cache(), certificate(), metrics()]);
  }

  const snapshot = clip(
    redact({
      format: 'paritybook-snapshot/1' as const,
      service: service.id,
      environment,
      url: redactUrl(base),
      takenAt: takenAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      demo: false,
      data,
      observed,
      probes,
    }),
  );
  // Validation after redaction: what goes to disk is exactly what the schema allows.
  const parsed = snapshotSchema.safeParse(snapshot);
  if (parsed.success) return parsed.data;
  // Should not happen after clip(); if it does, the environment is recorded as failed, never the run.
  const reason = `the snapshot did not validate: ${contractProblems(parsed.error.issues)}`;
  return snapshotSchema.parse({
    ...snapshot,
    data: {},
    observed: {},
    probes: Object.fromEntries(
      Object.keys(probes).map((name) => [name, { ok: false, code: 'protocol', reason, ms: 0 }]),
    ),
  });
}

/** `http://user:pass@host/`: credentials that must never be sent nor shown. */
function carriesCredentials(url: string): boolean {
  const parsed = new URL(url);
  return parsed.username !== '' || parsed.password !== '';
}

/** Bounds what an environment can make us store: long strings are cut, huge objects trimmed. */
export function clip<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (value.length > 500 ? `${value.slice(0, 499)}…` : value) as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (depth > 8) return {} as T;
  const entries = Object.entries(value as Record<string, unknown>).slice(0, 400);
  return Object.fromEntries(
    entries.map(([key, child]) => [key.length > 250 ? `${key.slice(0, 249)}…` : key, clip(child, depth + 1)]),
  ) as T;
}

/** Flattens the parity document into the comparable tree; `generated_at` and names are observed only. */
export function documentToTree(document: ParityDocument): Contribution {
  const data: Tree = {};
  if (document.version) data.version = { ...document.version };
  if (document.runtime) data.runtime = { ...document.runtime };
  if (document.packages) data.packages = { ...document.packages };
  if (document.migrations) {
    const m = document.migrations;
    data.migrations = {
      ...(m.tool ? { tool: m.tool } : {}),
      code_heads: [...m.code_heads].sort().join(', '),
      db_heads: [...m.db_heads].sort().join(', '),
      in_sync: m.in_sync ?? [...m.code_heads].sort().join() === [...m.db_heads].sort().join(),
    };
  }
  if (document.config)
    data.config = { flags: { ...document.config.flags }, secrets_present: { ...document.config.secrets_present } };
  if (document.limits) data.limits = { ...document.limits };
  if (document.checks) data.checks = { ...document.checks };
  return {
    data,
    observed: {
      parity: {
        generated_at: document.generated_at ?? null,
        environment: document.environment,
        service: document.service,
      },
    },
  };
}
