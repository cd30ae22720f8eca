/**
 * `--previous`: the last deploy's published parity data, read once per command. When none was
 * named, or it cannot be read, the command says so and works from the local store alone.
 */
import type { PreviousDeploy } from './assemble.ts';
import { PreviousHistoryError, readPublished, type Published } from './published.ts';
import { redactUrl } from './redact.ts';

export interface PreviousData {
  /** The file as read; undefined without one. */
  published?: Published;
  /** One line for the log: where history comes from. */
  message: string;
  /** Shown with the data when the previous deploy's history is not used. */
  note?: string;
  /** What buildView needs of the previous deploy for one service; undefined without a previous deploy. */
  forService(id: string): PreviousDeploy | undefined;
}

export async function loadPrevious(source: string | undefined): Promise<PreviousData> {
  if (!source) {
    const note = 'no --previous deploy given: "since" and "new" come from the local snapshot store only';
    return { message: note, note, forService: () => undefined };
  }
  const shown = /^https?:/i.test(source) ? redactUrl(source) : source;
  try {
    const published = await readPublished(source);
    return {
      published,
      message: `history of the previous deploy read from ${shown} (${Object.keys(published.services).length} service(s), built with the run of ${published.builtRun ?? 'no run'})`,
      forService: (id) => ({ history: published.services[id]?.history ?? null, builtRun: published.builtRun }),
    };
  } catch (error) {
    if (!(error instanceof PreviousHistoryError)) throw error;
    const note = `the previous deploy's parity history could not be read (${error.message}): "since" and "new" come from the local snapshot store only`;
    return { message: note, note, forService: () => undefined };
  }
}
