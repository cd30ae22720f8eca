import type { ResolvedOptions } from '../integration.ts';

/** Options of the paritybook integration, injected at build time. */
export const site: ResolvedOptions = __PARITYBOOK_OPTIONS__;
