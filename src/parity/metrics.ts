/** Error rate and latency from a Prometheus text exposition (`/metrics`). */
import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';
import type { Observed } from '../schemas/snapshot.ts';

/** What the metrics probe keeps: the `metrics` group of a snapshot's observed values. */
export type MetricsSummary = NonNullable<Observed['metrics']>;

const REQUEST_COUNTERS =
  /^(http_requests_total|http_server_requests_total|http_server_requests_seconds_count|starlette_requests_total|requests_total)$/;
const DURATION_HISTOGRAMS =
  /^(http_request_duration_seconds|http_server_request_duration_seconds|starlette_request_duration_seconds|request_duration_seconds)$/;
const STATUS_LABELS = ['status', 'code', 'status_code', 'http_status'];

const num = (value: string | undefined) => {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
};

export function summariseMetrics(text: string): MetricsSummary {
  let families: PromFamily[];
  try {
    families = parsePrometheusTextFormat(text);
  } catch (error) {
    throw new Error('not Prometheus text format', { cause: error });
  }
  let requests: number | null = null;
  let errors = 0;
  for (const family of families.filter((f) => REQUEST_COUNTERS.test(f.name))) {
    for (const sample of family.metrics) {
      const value = num(sample.value);
      requests = (requests ?? 0) + value;
      const status = STATUS_LABELS.map((label) => sample.labels?.[label]).find(Boolean) ?? '';
      if (/^5/.test(status)) errors += value;
    }
  }
  let count = 0;
  let sum = 0;
  const buckets = new Map<number, number>();
  for (const family of families.filter((f) => f.type === 'HISTOGRAM' && DURATION_HISTOGRAMS.test(f.name))) {
    for (const sample of family.metrics) {
      // The parser drops _count on some inputs; the +Inf bucket holds the same number.
      count += num(sample.count ?? sample.buckets?.['+Inf']);
      sum += num(sample.sum);
      for (const [le, value] of Object.entries(sample.buckets ?? {})) {
        const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
        buckets.set(bound, (buckets.get(bound) ?? 0) + num(value));
      }
    }
  }
  let p95: number | null = null;
  if (count > 0) {
    for (const [bound, cumulative] of [...buckets].sort(([a], [b]) => a - b)) {
      if (cumulative >= 0.95 * count) {
        p95 = Number.isFinite(bound) ? bound * 1000 : null;
        break;
      }
    }
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    requests,
    error_rate: requests ? round(errors / requests) : requests === 0 ? 0 : null,
    latency_mean_ms: count > 0 ? round((sum / count) * 1000) : null,
    latency_p95_ms: p95 === null ? null : round(p95),
  };
}
