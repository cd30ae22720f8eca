/**
 * Starts Pagefind (its script, then its worker, index entry, WebAssembly and metadata) once per
 * page. Small and free of the query code, so the search box's page script can start it the moment
 * search is asked for, while the dialog's own code is still on its way.
 */
import type { SearchBackend } from './query.ts';

export interface PagefindModule extends SearchBackend {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
}

/** Pagefind's ranking, tuned with the relevance harness: page length matters less than by default, so short stubs stop outranking full runbooks. */
export const RANKING = { pageLength: 0.35, termFrequency: 1.0, termSaturation: 1.4, termSimilarity: 1.0 };

let started: Promise<PagefindModule> | undefined;
let starting: Promise<void> | undefined;
let startingSettled: (() => void) | undefined;

/**
 * Settles once Pagefind's start-up (its worker, then its index files) is under way, or has failed:
 * the dialog's own code runs after that, so it does not hold Pagefind's start-up back.
 */
export function pagefindStarting(): Promise<void> {
  return (starting ??= new Promise<void>((resolve) => (startingSettled = resolve)));
}

/** Pagefind, configured and initialised; `base` is where the pagefind/ folder is served, `tag` its cache tag. */
export function startPagefind(base: string, tag: string): Promise<PagefindModule> {
  started ??= (async () => {
    const url = `${base}pagefind.js`;
    // A dynamic import is fetched only after the current task; a module preload is fetched now.
    if (typeof document !== 'undefined' && !document.querySelector(`link[rel="modulepreload"][href="${url}"]`)) {
      const link = Object.assign(document.createElement('link'), { rel: 'modulepreload', href: url });
      document.head.append(link);
    }
    const pagefind = (await import(/* @vite-ignore */ url)) as PagefindModule;
    await pagefind.options({ ranking: RANKING, excerptLength: 24, ...(tag ? { metaCacheTag: tag } : {}) });
    const init = pagefind.init();
    void pagefindStarting();
    startingSettled?.();
    await init;
    return pagefind;
  })();
  // A failed start (offline, a deploy in between) is tried again on the next search.
  started.catch(() => {
    started = undefined;
    void pagefindStarting();
    startingSettled?.();
  });
  return started;
}
