/**
 * Astro writes its whole content store to disk, serialised in one piece (2 to 3 s at 5,000 notes), 500 ms
 * after the last change to it. It changes the store itself as every sync starts; reading the note folders
 * then takes seconds without a change (an unchanged note is not set again), so that write comes in the middle
 * of the sync, and the end of the sync writes the store a second time. Touching the store more often than
 * every 500 ms while the folders load leaves the one write for the end.
 */
import type { LoaderContext } from 'astro/loaders';

const TOUCH_EVERY_MS = 200;
const KEY = 'paritybook:store-writes-held';

let holders = 0;
let toucher: ReturnType<typeof setInterval> | undefined;

/** Runs `load` while Astro's debounced store write is held back; loads may overlap. */
export async function holdingStoreWrites<T>(meta: LoaderContext['meta'], load: () => Promise<T>): Promise<T> {
  holders += 1;
  toucher ??= setInterval(() => meta.set(KEY, ''), TOUCH_EVERY_MS);
  try {
    return await load();
  } finally {
    holders -= 1;
    if (holders === 0) {
      clearInterval(toucher);
      toucher = undefined;
    }
  }
}
