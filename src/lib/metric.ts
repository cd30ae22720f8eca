/** Before/after comparison of a change note's metric. */
export interface MetricDelta {
  absolute: number;
  /** Relative change in percent of `before`; undefined when `before` is 0. */
  percent: number | undefined;
  improved: boolean;
  unchanged: boolean;
}

export function metricDelta(before: number, after: number, better: 'lower' | 'higher'): MetricDelta {
  const absolute = after - before;
  return {
    absolute,
    percent: before === 0 ? undefined : (absolute / Math.abs(before)) * 100,
    improved: better === 'lower' ? after < before : after > before,
    unchanged: absolute === 0,
  };
}

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function formatNumber(value: number, unit = ''): string {
  const text = numberFormat.format(value);
  if (!unit) return text;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}

export function describeDelta(delta: MetricDelta, unit = ''): string {
  if (delta.unchanged) return 'unchanged';
  const sign = delta.absolute > 0 ? '+' : '−';
  const absolute = `${sign}${formatNumber(Math.abs(delta.absolute), unit)}`;
  const percent = delta.percent === undefined ? '' : ` (${sign}${numberFormat.format(Math.abs(delta.percent))} %)`;
  return `${absolute}${percent}, ${delta.improved ? 'better' : 'worse'}`;
}

/**
 * A planned change has not happened: its `after` is a target, so it is described as one, without
 * a verdict. "target −0.37 s (−78.72 %)"
 */
export function describeTarget(delta: MetricDelta, unit = ''): string {
  if (delta.unchanged) return 'target: hold steady';
  const sign = delta.absolute > 0 ? '+' : '−';
  const percent = delta.percent === undefined ? '' : ` (${sign}${numberFormat.format(Math.abs(delta.percent))} %)`;
  return `target ${sign}${formatNumber(Math.abs(delta.absolute), unit)}${percent}`;
}

/** What the metric of a change says, by the change's status: a result when shipped, a target when planned. */
export const describeMetric = (delta: MetricDelta, unit: string | undefined, planned: boolean) =>
  planned ? describeTarget(delta, unit) : describeDelta(delta, unit);
