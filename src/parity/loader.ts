/**
 * Content-layer loader of the `snapshots` collection: one entry per service with everything its
 * parity panel shows. It only reads the snapshot store (the snapshot command fetches), so pages
 * never touch the network. Without stored snapshots it falls back to the recorded demo ones.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveContentDir } from '../collections.ts';
import { parityViewSchema, type ParityView } from '../schemas/snapshot.ts';
import { redact } from './redact.ts';
import { loadServices } from './services.ts';
import { DEFAULT_DEMO, resolveStoreDir } from './store.ts';
import { buildView } from './assemble.ts';
import { loadPrevious } from './previous.ts';

export interface ParitySnapshotsOptions {
  /** Knowledge base folder, relative to the project root; default as every command decides it (src/collections.ts). */
  contentDir?: string;
  /** Snapshot store. Default $PARITYBOOK_SNAPSHOT_DIR, else `.paritybook/snapshots`. */
  storeDir?: string;
  /** Recorded demo snapshots; null disables them. Default `content/.parity-demo`. */
  demoDir?: string | null;
  /**
   * The last deploy (its folder, or its URL) whose published parity history carries "since" and
   * "new" across builds. Default $PARITYBOOK_PREVIOUS (set by `npm run build -- --previous`).
   */
  previous?: string;
}

/** The part of Astro's LoaderContext this loader uses (typed here to keep src/parity free of Astro imports). */
interface LoaderContextLike {
  store: {
    clear(): void;
    set(entry: { id: string; data: Record<string, unknown>; digest?: string | number }): boolean;
  };
  parseData<T extends Record<string, unknown>>(props: { id: string; data: T }): Promise<T>;
  generateDigest(data: Record<string, unknown> | string): string;
  meta: { set(key: string, value: string): void };
  logger: { info(message: string): void; warn(message: string): void };
  config: { root: URL };
  /** Present under `astro dev`: lets the collection follow new snapshots without a restart. */
  watcher?: {
    add(paths: string | string[]): unknown;
    on(event: 'all', listener: (event: string, file: string) => void): unknown;
  };
}

export function paritySnapshots(options: ParitySnapshotsOptions = {}) {
  let watching = false;
  return {
    name: 'paritybook-snapshots',
    schema: parityViewSchema,
    async load(context: LoaderContextLike): Promise<void> {
      await loadViews(context);
      const { watcher, logger } = context;
      if (!watcher || watching) return;
      watching = true;
      const storeDir = resolveStoreDir(fileURLToPath(context.config.root), options.storeDir);
      watcher.add(storeDir);
      watcher.on('all', (_event, file) => {
        if (!file.startsWith(storeDir) || !file.endsWith('last-attempt.json')) return;
        loadViews(context).catch((error: Error) => logger.warn(`parity: could not reload snapshots: ${error.message}`));
      });
    },
  };

  async function loadViews({
    store,
    parseData,
    generateDigest,
    meta,
    logger,
    config,
  }: LoaderContextLike): Promise<void> {
    const root = fileURLToPath(config.root);
    const contentDir = resolveContentDir(root, options.contentDir);
    const storeDir = resolveStoreDir(root, options.storeDir);
    const demoDir = options.demoDir === null ? null : path.resolve(root, options.demoDir ?? DEFAULT_DEMO);
    const services = await loadServices(contentDir, root);
    const now = new Date();
    const previous = await loadPrevious(options.previous ?? process.env.PARITYBOOK_PREVIOUS);
    logger.info(`parity: ${previous.message}`);
    const views: ParityView[] = [];
    for (const service of services) {
      try {
        views.push(
          await buildView(service, storeDir, demoDir, {
            now,
            previous: previous.forService(service.id),
            historyNote: previous.note,
          }),
        );
      } catch (error) {
        throw new Error(
          `parity snapshots of ${service.id} could not be read from ${storeDir}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    store.clear();
    for (const view of views) {
      // Last gate before Astro's data store, which lives on disk and feeds every page.
      const data = await parseData({ id: view.service, data: redact(view) as unknown as Record<string, unknown> });
      store.set({ id: view.service, data, digest: generateDigest(data) });
    }
    meta.set('loadedAt', now.toISOString());
    const demo = views.filter((v) => v.demo).map((v) => v.service);
    logger.info(
      `parity: ${views.length} service(s) from ${path.relative(root, storeDir) || storeDir}${demo.length ? `; recorded demo snapshots for ${demo.join(', ')}` : ''}`,
    );
  }
}
