/**
 * The work after Astro has written the pages: the search index, then the delivery files (headers, nginx snippet,
 * the offline copy, which lists the index). `astro build` on its own does it in `astro:build:done`. `npm run build`
 * sets PARITYBOOK_FINISH_PLAN to a folder: the two hooks then only write down what they would do, and the build
 * command does it once Astro's process has exited, so Pagefind's memory no longer comes on top of Astro's
 * (at 20,000 notes the two together peaked at 7.9 GiB; docs/benchmarks.md).
 */
import { readStep } from './deferred.ts';
import { emitDelivery, type DeliveryLogger } from './delivery/emit.ts';
import { indexSite } from './search/integration.ts';

/**
 * Runs the steps written down in `folder` on the build in `outDir`: the index first, as the offline copy
 * includes it. A step that was not written down (its integration is not in the config) is skipped.
 */
export async function finishBuild(folder: string, outDir: string, logger: DeliveryLogger): Promise<void> {
  const search = await readStep(folder, 'search');
  if (search) await indexSite(outDir, search, logger);
  const delivery = await readStep(folder, 'delivery');
  if (delivery) {
    const started = Date.now();
    logger.info('delivery: writing headers and the offline copy');
    await emitDelivery(outDir, delivery, logger);
    logger.info(`delivery: done in ${Date.now() - started} ms`);
  }
}
