/**
 * The parity data a deploy publishes at `/parity/history.json`: each service's drift history
 * (so the next build, in a fresh clone, knows "since" and what is new) and a compact panel (so
 * pages upgrade to fresher data that `npm run snapshot -- --publish` wrote after the build).
 * Everything in it has been redacted like a snapshot; it is read back as untrusted input.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'astro/zod';
import { writeAtomically } from '../lib/atomic.ts';
import {
  driftEntrySchema,
  driftSeveritySchema,
  ENVIRONMENTS,
  type EnvironmentName,
  type ParityView,
} from '../schemas/snapshot.ts';
import { environmentState, type EnvironmentState } from './format.ts';
import { sortEntries } from './diff.ts';
import { serviceHistorySchema } from './history.ts';
import { boundedGet } from './http.ts';
import { redact, redactUrl } from './redact.ts';
import { dataAsOf, driftRows } from './view.ts';

/** Where a deploy keeps its parity data, relative to the site root. */
export const PUBLISHED_PATH = 'parity/history.json';
export const PUBLISHED_URL = `/${PUBLISHED_PATH}`;
/** The file stays small; anything bigger is not ours. */
const MAX_BYTES = 8 * 1024 * 1024;

const ENVIRONMENT_STATES = ['ok', 'down', 'stale', 'missing', 'demo'] as const;

/** What a page needs to redraw one service's parity without a rebuild. */
export const publishedPanelSchema = z.object({
  /** When the compared data was taken: the older of the two environments' latest good snapshots. */
  asOf: z.iso.datetime().nullable(),
  worst: driftSeveritySchema.nullable(),
  same: z.number().int().nonnegative(),
  environments: z.record(
    z.enum(ENVIRONMENTS),
    z.object({ state: z.enum(ENVIRONMENT_STATES), takenAt: z.iso.datetime().nullable() }),
  ),
  /** The rows a full drift table lists, in order (misrouted, new, severity). */
  rows: z.array(driftEntrySchema).max(2000),
});
export type PublishedPanel = z.infer<typeof publishedPanelSchema>;

export const publishedSchema = z.object({
  format: z.literal('paritybook-parity/1'),
  /** When this file was written (a build, or a later `--publish`). */
  updatedAt: z.iso.datetime(),
  /** The newest run this deploy was built with; kept by `--publish`, read by the next build as its baseline. */
  builtRun: z.iso.datetime().nullable(),
  /** The run "new" is measured against on this deploy's pages (the deploy before it). */
  baseline: z.iso.datetime().nullable(),
  services: z.record(
    z.string().max(128),
    z.object({ history: serviceHistorySchema.nullable(), panel: publishedPanelSchema }),
  ),
});
export type Published = z.infer<typeof publishedSchema>;

/** Why the previous deploy's parity data could not be used; the caller falls back to the local store. */
export class PreviousHistoryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PreviousHistoryError';
  }
}

export function publishedPanel(view: ParityView): PublishedPanel {
  const environments = Object.fromEntries(
    ENVIRONMENTS.map((env) => [
      env,
      { state: environmentState(view, env), takenAt: view.environments[env].latestGood?.takenAt ?? null },
    ]),
  ) as Record<EnvironmentName, { state: EnvironmentState; takenAt: string | null }>;
  return {
    asOf: dataAsOf(view),
    worst: view.worst,
    same: view.same,
    environments,
    rows: driftRows(view.drift, 'full'),
  };
}

/**
 * Builds the file's content from the views of a build or a publish run (redacted once more).
 * With a `baseline`, "new" is measured against it (a publish run keeps its deploy's baseline).
 */
export function toPublished(
  views: ParityView[],
  options: { builtRun: string | null; baseline: string | null; now: Date },
): Published {
  const { baseline } = options;
  const rebased = (view: ParityView): ParityView =>
    baseline
      ? {
          ...view,
          drift: sortEntries(
            view.drift.map((entry) => (entry.since ? { ...entry, new: entry.since > baseline } : entry)),
          ),
        }
      : view;
  return redact({
    format: 'paritybook-parity/1' as const,
    updatedAt: options.now.toISOString(),
    builtRun: options.builtRun,
    baseline: options.baseline,
    services: Object.fromEntries(
      views.map((view) => [
        view.service,
        { history: view.history?.state ?? null, panel: publishedPanel(rebased(view)) },
      ]),
    ),
  });
}

/** Where to read a deploy's file: a folder (the deploy itself), a file, or the site's URL. */
export function publishedLocation(source: string): { kind: 'url' | 'file'; location: string } {
  if (/^https?:\/\//i.test(source)) {
    const url = source.endsWith('.json')
      ? source
      : new URL(PUBLISHED_PATH, source.endsWith('/') ? source : `${source}/`).toString();
    return { kind: 'url', location: url };
  }
  return { kind: 'file', location: source.endsWith('.json') ? source : path.join(source, PUBLISHED_PATH) };
}

/** Reads and validates a deploy's parity data; every failure is a PreviousHistoryError naming the place. */
export async function readPublished(source: string, timeoutMs = 10_000): Promise<Published> {
  const { kind, location } = publishedLocation(source);
  const shown = kind === 'url' ? redactUrl(location) : location;
  let text: string;
  try {
    if (kind === 'url') {
      const response = await boundedGet(location, {
        timeoutMs,
        maxBytes: MAX_BYTES,
        headers: { accept: 'application/json', 'cache-control': 'no-cache' },
      });
      if (response.status !== 200) throw new Error(`answered HTTP ${response.status}`);
      text = new TextDecoder().decode(response.body);
    } else {
      text = await readFile(location, 'utf8');
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new PreviousHistoryError(`${shown}: ${reason}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PreviousHistoryError(`${shown} is not valid JSON`, { cause: error });
  }
  const parsed = publishedSchema.safeParse(redact(json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PreviousHistoryError(
      `${shown} is not paritybook parity data (${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'})`,
    );
  }
  return parsed.data;
}

/** Writes a deploy's file in place, atomically: a reader gets the old file or the new one. */
export async function writePublished(folder: string, published: Published): Promise<string> {
  const file = path.join(folder, PUBLISHED_PATH);
  await writeAtomically(file, `${JSON.stringify(redact(published))}\n`);
  return file;
}
