import { z } from 'astro/zod';
import { impossibleDate, parseDay } from '../lib/calendar.ts';

/** Lower-case kebab-case identifier used to cross-reference entries. */
export const idSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
  message: 'use lower-case letters, digits and single dashes, like "checkout-api"',
});

/**
 * A calendar date written as YYYY-MM-DD (YAML hands over a Date, or the text when it is quoted or no real day).
 * Kept as a Date at output so comparisons are simple. Only real days pass: `2026-02-30` is an error, never
 * March 2 (see src/lib/calendar.ts).
 */
export const dateSchema = z.preprocess(
  (value) => (typeof value === 'string' ? (parseDay(value.trim()) ?? value) : value),
  z.date({
    error: (issue) => {
      const reason = typeof issue.input === 'string' ? impossibleDate(issue.input) : undefined;
      return reason
        ? `a real day of the calendar as YYYY-MM-DD, like 2026-11-27 (${reason})`
        : 'write a date as YYYY-MM-DD, like 2026-11-27';
    },
  }),
);

/**
 * A link an author writes in frontmatter or a data file: an absolute http(s) URL, or a path on this site
 * (`/runbooks/db-pool/`, `./x/`, `#rollback`). Any other scheme (`javascript:`, `data:`, `vbscript:`, `file:`)
 * is refused, because the page would render it as a link that runs or opens something other than a web page.
 */
export const webUrlSchema = z.union(
  [
    // The pattern repeats the protocol rule for editors (the JSON Schemas cannot express `protocol`).
    z.url({ protocol: /^https?$/ }).regex(/^https?:\/\//i),
    // No scheme, no "//" (another host) and no characters a browser drops or reads as a slash.
    z.string().regex(/^(?:\/(?![/\\])|\.{1,2}\/|[?#])[^\s\\\x00-\x1f\x7f]*$/),
  ],
  { error: 'use an https:// (or http://) URL, or a path on this site like /runbooks/db-pool/' },
);

/** Whether a text is an https origin: scheme, host and optional port, nothing else. */
function isHttpsOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.origin === value.replace(/\/$/, '').toLowerCase();
  } catch {
    return false;
  }
}

const ORIGIN_MESSAGE = 'an https origin: scheme and host only, like https://grafana.example.com (no path)';

/** An https origin a note trusts to embed, like https://grafana.example.com. */
export const httpsOriginSchema = z
  .string()
  .regex(/^https:\/\/[^/?#\s]+\/?$/, { message: ORIGIN_MESSAGE, abort: true })
  .refine(isHttpsOrigin, { message: ORIGIN_MESSAGE });

/** Severity of the situation a note deals with, as paging policy uses it. */
export const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export type Severity = z.infer<typeof severitySchema>;

/** Lists accept a single value too, so a one-item list can be written on one line. */
export const listOf = <T extends z.ZodType>(item: T, minimum?: { min: number; message: string }) =>
  z.preprocess(
    (value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]),
    minimum ? z.array(item).min(minimum.min, { message: minimum.message }) : z.array(item),
  );
