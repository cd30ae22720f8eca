import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { deferStep } from '../deferred.ts';
import { emitDelivery } from './emit.ts';
import type { ResolvedDeliveryOptions } from './options.ts';

export const DELIVERY_INTEGRATION = 'paritybook-delivery';

/**
 * Writes `_headers`, `nginx-paritybook.conf` and `sw.js` into the finished build. The paritybook
 * integration adds this one from its `astro:config:setup`, which puts it after every integration
 * of astro.config.mjs, so the search index (written in another `astro:build:done`) is in place
 * and the offline copy includes it.
 */
export function deliveryIntegration(options: ResolvedDeliveryOptions): AstroIntegration {
  return {
    name: DELIVERY_INTEGRATION,
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        if (await deferStep('delivery', options)) return;
        const started = Date.now();
        logger.info('delivery: writing headers and the offline copy');
        await emitDelivery(fileURLToPath(dir), options, logger);
        logger.info(`delivery: done in ${Date.now() - started} ms`);
      },
    },
  };
}
